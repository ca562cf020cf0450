/**
 * A CorrespondenceRepository whose `replace` runs the outbox fast path: when a write added messages, they are sent
 * (and removed from the document) right after it, so use cases only say which messages a change causes. A failed send
 * does not fail the write — the messages are stored, and the sweep sends them.
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type {
  CorrespondenceRepository,
  CorrespondenceSearch,
  OutboxMessage,
  ReplaceResult,
  StoredCorrespondence,
} from "../../domain/correspondence/correspondence-repository.js";
import type { StatusEntry } from "../../domain/correspondence/status.js";
import type { RelayOutbox } from "./relay-outbox.js";

export class OutboxRelayingRepository implements CorrespondenceRepository {
  constructor(
    private readonly inner: CorrespondenceRepository,
    private readonly relay: RelayOutbox,
  ) {}

  findById(id: string): Promise<StoredCorrespondence | undefined> {
    return this.inner.findById(id);
  }

  async replace(stored: StoredCorrespondence, updated: Correspondence, outbox: OutboxMessage[] = []): Promise<ReplaceResult> {
    const result = await this.inner.replace(stored, updated, outbox);
    if (!result.ok || outbox.length === 0) return result;
    await this.relay.flushAfterWrite(updated.id);
    // The version after the flush is what a caller must continue from; re-read it (the flush changed the ETag).
    const current = await this.inner.findById(updated.id);
    return current ? { ok: true, stored: current } : result;
  }

  recordFetched(correspondence: Correspondence, entry: StatusEntry, dedupWindowSeconds?: number): Promise<boolean> {
    return this.inner.recordFetched(correspondence, entry, dedupWindowSeconds);
  }

  search(query: CorrespondenceSearch): Promise<string[]> {
    return this.inner.search(query);
  }

  findIdByIdempotentKey(idempotentKey: string): Promise<string | undefined> {
    return this.inner.findIdByIdempotentKey(idempotentKey);
  }
}
