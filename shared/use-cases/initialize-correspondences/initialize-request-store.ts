/**
 * Port: where initialize requests are recorded and expanded. Implemented over Cosmos DB
 * (shared/adapters/cosmos/cosmos-initialize-request-store.ts; see docs/data-model.md).
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { InitializeRequest } from "./initialize-request.js";

export interface StoredInitializeRequest {
  request: InitializeRequest;
  /** True once every correspondence is written and its messages are sent. */
  completed: boolean;
}

export interface InitializeRequestStore {
  /**
   * Records the request unless a record with its id exists. The id of a request with an `idempotentKey` is the key,
   * so `duplicate` is exactly "this key was used before" (409/1034) — decided by the store, not by a read before.
   */
  record(request: InitializeRequest): Promise<"recorded" | "duplicate">;
  /** Whether a request with this `idempotentKey` was recorded (the early 1034 answer of the validation order). */
  isIdempotentKeyUsed(idempotentKey: string): Promise<boolean>;
  read(requestId: string): Promise<StoredInitializeRequest | undefined>;
  /** Requests recorded before `recordedBefore` (ISO) and not completed, at most `limit`. */
  findIncomplete(recordedBefore: string, limit: number): Promise<string[]>;
  /** Marks the request completed (idempotent). */
  markCompleted(requestId: string): Promise<void>;
  /**
   * Writes the correspondence: first its immutable locator, then the document. One that already exists is left as
   * it is (it may have moved on since), so repeating the expansion never undoes anything.
   */
  createCorrespondence(correspondence: Correspondence): Promise<void>;
}
