/** A hand-written fake of our own IdempotencyRecordStore port, for pure tests of the wrapper's logic. */
import type {
  IdempotencyRecord,
  IdempotencyRecordStore,
  VersionedIdempotencyRecord,
} from "../../../shared/http/idempotency/idempotency-record-store.js";

export class InMemoryIdempotencyStore implements IdempotencyRecordStore {
  readonly records = new Map<string, VersionedIdempotencyRecord>();
  private version = 0;

  private nextEtag(): string {
    this.version += 1;
    return `"${this.version}"`;
  }

  async create(record: IdempotencyRecord) {
    if (this.records.has(record.id)) return { ok: false as const, reason: "exists" as const };
    const etag = this.nextEtag();
    this.records.set(record.id, { record: structuredClone(record), etag });
    return { ok: true as const, etag };
  }

  async read(id: string) {
    const found = this.records.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async replace(record: IdempotencyRecord, etag: string) {
    const found = this.records.get(record.id);
    if (!found || found.etag !== etag) return { ok: false as const, reason: "conflict" as const };
    const next = this.nextEtag();
    this.records.set(record.id, { record: structuredClone(record), etag: next });
    return { ok: true as const, etag: next };
  }

  async remove(id: string, etag: string) {
    if (this.records.get(id)?.etag === etag) this.records.delete(id);
  }
}
