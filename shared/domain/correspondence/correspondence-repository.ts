/**
 * The port every correspondence use case persists through. Implemented over Cosmos DB in
 * shared/adapters/cosmos/ (see docs/data-model.md for the partitioning and the reasons).
 *
 * Every state change is conditioned on the ETag of the version that was read: two requests racing on the same
 * correspondence can never both apply or lose each other's update — the loser gets `conflict` and re-reads.
 */
import type { Correspondence } from "./correspondence.js";
import type { CorrespondenceStatus, StatusEntry } from "./status.js";

/** A message that must leave through Service Bus once the change that produced it is stored. */
export interface OutboxMessage {
  /** Deterministic, so a resend is dropped by duplicate detection and handlers can tell repeats. */
  messageId: string;
  queue: string;
  body: Record<string, unknown>;
  /** ISO timestamp; null = now. */
  scheduledEnqueueTime: string | null;
}

export interface StoredCorrespondence {
  correspondence: Correspondence;
  /** The version this read saw; pass it back to `replace`. */
  etag: string;
}

export type ReplaceResult = { ok: true; stored: StoredCorrespondence } | { ok: false; reason: "conflict" };

export type SearchRole = "Recipient" | "Sender" | "RecipientAndSender";

export interface CorrespondenceSearch {
  resourceId: string;
  role: SearchRole;
  /** The party the caller acts for, as a recipient URN or sender organisation URN. */
  party: string;
  /** Strictly after / before, on requestedPublishTime. */
  from?: string;
  to?: string;
  /** Correspondences that have ever had this status. */
  status?: CorrespondenceStatus;
  sendersReference?: string;
  /** At most this many ids, newest requestedPublishTime first (the API caps at 1000). */
  limit: number;
}

export interface CorrespondenceRepository {
  /** Point read(s) by id, with the separately kept Fetched rows merged into `fetchedHistory`. */
  findById(id: string): Promise<StoredCorrespondence | undefined>;
  /**
   * Stores `updated` if the correspondence is still at `stored.etag`, recording `outbox` messages in the same write.
   * The status history must only have grown (append-only).
   */
  replace(stored: StoredCorrespondence, updated: Correspondence, outbox?: OutboxMessage[]): Promise<ReplaceResult>;
  /**
   * Records a Fetched row apart from the main history. With `dedupWindowSeconds`, at most one row per
   * correspondence + party per window (returns false when this one was a duplicate).
   */
  recordFetched(correspondence: Correspondence, entry: StatusEntry, dedupWindowSeconds?: number): Promise<boolean>;
  /** Ids matching the search, newest requestedPublishTime first. */
  search(query: CorrespondenceSearch): Promise<string[]>;
  /** The id of the correspondence created with this single-recipient idempotentKey, if any. */
  findIdByIdempotentKey(idempotentKey: string): Promise<string | undefined>;
}
