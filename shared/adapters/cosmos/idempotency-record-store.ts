/**
 * The Idempotency-Key records in Cosmos DB (container `idempotency-keys`, partition key `/id`): each record is its own
 * logical partition, so the claim is a plain create whose 409 decides between concurrent first requests, and every
 * later change is a replace or delete conditioned on the ETag (412 → conflict).
 *
 * `ttl` lets Azure remove a record some time after it expired (the container enables TTL without a default); the
 * store never relies on that — `expiresAt` is what readers check, because the local server ignores TTL.
 */
import type { Container } from "@azure/cosmos";
import type {
  CreateIdempotencyRecordResult,
  IdempotencyRecord,
  IdempotencyRecordStore,
  ReplaceIdempotencyRecordResult,
  VersionedIdempotencyRecord,
} from "../../http/idempotency/idempotency-record-store.js";

/** Extra time before Azure deletes an expired record, so a clock skew never removes a record still counted live. */
const ttlMarginSeconds = 3600;

interface IdempotencyRecordDocument extends IdempotencyRecord {
  kind: "httpIdempotencyRecord";
  ttl: number;
  _etag?: string;
}

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === "number" ? code : undefined;
}

export class CosmosIdempotencyRecordStore implements IdempotencyRecordStore {
  constructor(
    private readonly container: Container,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private toDocument(record: IdempotencyRecord): IdempotencyRecordDocument {
    const secondsLeft = Math.ceil((Date.parse(record.expiresAt) - this.now().getTime()) / 1000);
    return {
      id: record.id,
      kind: "httpIdempotencyRecord",
      fingerprint: record.fingerprint,
      state: record.state,
      response: record.response,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      ttl: Math.max(secondsLeft, 1) + ttlMarginSeconds,
    };
  }

  async create(record: IdempotencyRecord): Promise<CreateIdempotencyRecordResult> {
    try {
      const { resource } = await this.container.items.create(this.toDocument(record));
      return { ok: true, etag: requireEtag(resource?._etag) };
    } catch (error) {
      if (statusCodeOf(error) === 409) return { ok: false, reason: "exists" };
      throw error;
    }
  }

  async read(id: string): Promise<VersionedIdempotencyRecord | undefined> {
    const { resource, statusCode } = await this.container.item(id, id).read<IdempotencyRecordDocument>();
    if (statusCode === 404 || !resource) return undefined;
    const { fingerprint, state, response, createdAt, expiresAt } = resource;
    return { record: { id, fingerprint, state, response, createdAt, expiresAt }, etag: requireEtag(resource._etag) };
  }

  async replace(record: IdempotencyRecord, etag: string): Promise<ReplaceIdempotencyRecordResult> {
    try {
      const { resource } = await this.container
        .item(record.id, record.id)
        .replace(this.toDocument(record), { accessCondition: { type: "IfMatch", condition: etag } });
      return { ok: true, etag: requireEtag(resource?._etag) };
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 412 || status === 404) return { ok: false, reason: "conflict" };
      throw error;
    }
  }

  async remove(id: string, etag: string): Promise<void> {
    try {
      await this.container.item(id, id).delete({ accessCondition: { type: "IfMatch", condition: etag } });
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 412 || status === 404) return;
      throw error;
    }
  }
}

function requireEtag(etag: string | undefined): string {
  if (!etag) throw new Error("Cosmos DB returned a document without an ETag");
  return etag;
}
