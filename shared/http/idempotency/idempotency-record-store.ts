/**
 * Port: where the responses of requests carrying an `Idempotency-Key` header are kept. Implemented over Cosmos DB
 * (shared/adapters/cosmos/idempotency-record-store.ts) so records survive a restart and are shared by every instance.
 *
 * A record is first written as an `inProgress` claim (create — exactly one of two concurrent first requests wins),
 * then replaced by the `completed` response. Every change after the create is conditioned on the ETag that was read.
 */

/** A response as it went out, enough to send it again byte for byte. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, base64-encoded (binary-safe). */
  bodyBase64: string;
}

export interface IdempotencyRecord {
  /** Derived from the caller scope, method, route and key; never the raw key (see idempotency-scope.ts). */
  id: string;
  /** Hash of what the request asked for (query and body); the same key with another fingerprint is refused. */
  fingerprint: string;
  state: "inProgress" | "completed";
  /** Set once `completed`. */
  response: StoredResponse | null;
  createdAt: string;
  /**
   * After this instant the record counts as absent: 24 h after completion, or the claim's lease while in progress
   * (a claim whose owner crashed must not block the key forever). The local Cosmos server has no TTL, so readers
   * check this themselves; in Azure a TTL removes the document some time later as well.
   */
  expiresAt: string;
}

export interface VersionedIdempotencyRecord {
  record: IdempotencyRecord;
  etag: string;
}

export type CreateIdempotencyRecordResult = { ok: true; etag: string } | { ok: false; reason: "exists" };
export type ReplaceIdempotencyRecordResult = { ok: true; etag: string } | { ok: false; reason: "conflict" };

export interface IdempotencyRecordStore {
  /** Creates the record unless one with that id exists (never overwrites). */
  create(record: IdempotencyRecord): Promise<CreateIdempotencyRecordResult>;
  read(id: string): Promise<VersionedIdempotencyRecord | undefined>;
  /** Replaces the record if it is still at `etag`. */
  replace(record: IdempotencyRecord, etag: string): Promise<ReplaceIdempotencyRecordResult>;
  /** Deletes the record if it is still at `etag`; a record already gone or changed is left alone. */
  remove(id: string, etag: string): Promise<void>;
}
