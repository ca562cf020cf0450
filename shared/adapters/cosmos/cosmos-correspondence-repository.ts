/**
 * CorrespondenceRepository (and the relay's OutboxStore) over Cosmos DB. Per-id operations are point reads: the
 * immutable locator gives the partition (cached per instance), then the document is read in it. Every change is a
 * replace conditioned on the ETag that was read (412 → `conflict`). See docs/data-model.md.
 */
import { randomUUID } from "node:crypto";
import type { Container, ItemDefinition } from "@azure/cosmos";
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type {
  CorrespondenceRepository,
  CorrespondenceSearch,
  OutboxMessage,
  ReplaceResult,
  StoredCorrespondence,
} from "../../domain/correspondence/correspondence-repository.js";
import type { StatusEntry } from "../../domain/correspondence/status.js";
import type { OutboxStore } from "../../use-cases/relay-outbox/outbox-ports.js";
import { isConflict, isNotFound, isPreconditionFailed } from "./cosmos-errors.js";
import {
  fetchedDocumentId,
  fromCorrespondenceDocument,
  toCorrespondenceDocument,
  toStatusEntry,
  type CorrespondenceDocument,
  type DocumentExtras,
  type FetchedDocument,
  type LocatorDocument,
} from "./correspondence-documents.js";
import { buildSearchQuery } from "./correspondence-search-query.js";
import type { RequestDocument } from "./initialize-request-documents.js";
import { LocatorCache } from "./locator-cache.js";

export interface CorrespondenceContainers {
  correspondences: Container;
  locators: Container;
  requests: Container;
}

/** How many times removing sent messages re-reads after a conflicting write before giving up (the sweep retries). */
const outboxConflictRetries = 5;

export class CosmosCorrespondenceRepository implements CorrespondenceRepository, OutboxStore {
  /** What each handed-out version carries besides the domain object, so `replace` can keep it without a read. */
  private readonly extrasOf = new WeakMap<StoredCorrespondence, DocumentExtras>();

  constructor(
    private readonly containers: CorrespondenceContainers,
    private readonly locatorCache = new LocatorCache(),
  ) {}

  /** The recipient partition of a correspondence, or undefined when no correspondence has this id. */
  async partitionOf(correspondenceId: string): Promise<string | undefined> {
    const cached = this.locatorCache.get(correspondenceId);
    if (cached !== undefined) return cached;
    const { resource } = await this.containers.locators.item(correspondenceId, correspondenceId).read<LocatorDocument>();
    if (!resource) return undefined;
    this.locatorCache.set(correspondenceId, resource.recipientPartition);
    return resource.recipientPartition;
  }

  /** Remembers a partition this instance has just written a locator for. */
  rememberPartition(correspondenceId: string, partition: string): void {
    this.locatorCache.set(correspondenceId, partition);
  }

  async findById(requestedId: string): Promise<StoredCorrespondence | undefined> {
    // GUIDs compare case-insensitively on the wire; ids are stored lower-case.
    const id = requestedId.toLowerCase();
    if (!isGuidLike(id)) return undefined;
    const partition = await this.partitionOf(id);
    if (partition === undefined) return undefined;
    const read = await this.containers.correspondences.item(id, partition).read<CorrespondenceDocument>();
    // The locator is written first: a correspondence whose expansion has not reached it yet does not exist yet.
    if (!read.resource || !read.etag) return undefined;
    // Most reads (publishing, the sender's) are of correspondences nobody has fetched: they need no query.
    const fetchedHistory = read.resource.everFetched ? await this.fetchedRows(id, partition) : [];
    return this.stored(read.resource, read.etag, fetchedHistory);
  }

  async replace(
    stored: StoredCorrespondence,
    updated: Correspondence,
    outbox: OutboxMessage[] = [],
  ): Promise<ReplaceResult> {
    assertAppendOnly(stored.correspondence, updated);
    const extras = this.extrasOf.get(stored) ?? (await this.extrasAt(stored));
    if (!extras) return { ok: false, reason: "conflict" };
    const pending = [...extras.outbox, ...outbox.filter((message) => !extras.outbox.some((m) => m.messageId === message.messageId))];
    const document = toCorrespondenceDocument(updated, {
      outbox: pending,
      outboxPendingSince: extras.outbox.length > 0 ? extras.outboxPendingSince : undefined,
      everFetched: extras.everFetched,
    });
    try {
      const response = await this.containers.correspondences
        .item(updated.id, document.partitionKey)
        .replace<CorrespondenceDocument>(document, { accessCondition: { type: "IfMatch", condition: stored.etag } });
      if (!response.resource || !response.etag) throw new Error(`Replacing correspondence ${updated.id} returned no document`);
      return { ok: true, stored: this.stored(response.resource, response.etag, updated.fetchedHistory) };
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error)) return { ok: false, reason: "conflict" };
      throw error;
    }
  }

  async recordFetched(correspondence: Correspondence, entry: StatusEntry, dedupWindowSeconds?: number): Promise<boolean> {
    const partition = correspondence.recipient;
    const fetched: FetchedDocument = {
      id: fetchedDocumentId(correspondence.id, entry, dedupWindowSeconds, randomUUID),
      partitionKey: partition,
      type: "fetched",
      correspondenceId: correspondence.id,
      ...entry,
      status: "Fetched",
    };
    if (correspondence.fetchedHistory.length === 0) {
      // The flag first: reads skip the Fetched query while it is unset, so a row must never exist without it (a
      // crash after the flag and before the row leaves a harmless flag). It also keeps the search's `status=Fetched`
      // one query. Idempotent; it changes the correspondence's ETag, so a caller holding a version read before this
      // makes its next replace re-read (as with any concurrent write).
      await this.containers.correspondences
        .item(correspondence.id, partition)
        .patch([{ op: "set", path: "/everFetched", value: true }]);
    }
    try {
      await this.containers.correspondences.items.create(fetched);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async search(query: CorrespondenceSearch): Promise<string[]> {
    const options = query.role === "Recipient" ? { partitionKey: query.party } : {};
    const { resources } = await this.containers.correspondences.items
      .query<{ id: string }>(buildSearchQuery(query), options)
      .fetchAll();
    return resources.map((row) => row.id);
  }

  async findIdByIdempotentKey(idempotentKey: string): Promise<string | undefined> {
    const key = idempotentKey.toLowerCase();
    if (!isGuidLike(key)) return undefined;
    const { resource } = await this.containers.requests.item(key, key).read<RequestDocument>();
    if (!resource || resource.idempotentKey !== key) return undefined;
    return resource.recipients[0]?.correspondenceId;
  }

  // --- OutboxStore ---

  async findPending(pendingBefore: string, limit: number): Promise<string[]> {
    const { resources } = await this.containers.correspondences.items
      .query<{ id: string }>({
        query: `SELECT TOP ${Math.max(1, Math.trunc(limit))} c.id FROM c WHERE c.type = 'correspondence' AND c.outboxPendingSince <= @before`,
        parameters: [{ name: "@before", value: pendingBefore }],
      })
      .fetchAll();
    return resources.map((row) => row.id);
  }

  async pendingMessages(correspondenceId: string): Promise<OutboxMessage[]> {
    const current = await this.readDocument(correspondenceId);
    return current?.document.outbox ?? [];
  }

  async removeSent(correspondenceId: string, messageIds: readonly string[]): Promise<void> {
    const sent = new Set(messageIds);
    for (let attempt = 0; attempt < outboxConflictRetries; attempt++) {
      const current = await this.readDocument(correspondenceId);
      if (!current) return;
      const { document, etag } = current;
      const remaining = document.outbox.filter((message) => !sent.has(message.messageId));
      if (remaining.length === document.outbox.length) return;
      const updated: CorrespondenceDocument = { ...document, outbox: remaining };
      if (remaining.length === 0) delete updated.outboxPendingSince;
      try {
        await this.containers.correspondences
          .item(correspondenceId, document.partitionKey)
          .replace(updated, { accessCondition: { type: "IfMatch", condition: etag } });
        return;
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
      }
    }
    throw new Error(`Could not clear the outbox of correspondence ${correspondenceId}: it kept changing`);
  }

  // --- helpers ---

  private stored(document: CorrespondenceDocument, etag: string, fetchedHistory: StatusEntry[]): StoredCorrespondence {
    const { correspondence, extras } = fromCorrespondenceDocument(document, fetchedHistory);
    const stored: StoredCorrespondence = { correspondence, etag };
    this.extrasOf.set(stored, extras);
    return stored;
  }

  /** The extras of the version `stored` names, read again; undefined when the document has moved on (a conflict). */
  private async extrasAt(stored: StoredCorrespondence): Promise<DocumentExtras | undefined> {
    const current = await this.readDocument(stored.correspondence.id);
    if (!current || current.etag !== stored.etag) return undefined;
    return fromCorrespondenceDocument(current.document, []).extras;
  }

  private async readDocument(
    correspondenceId: string,
  ): Promise<{ document: CorrespondenceDocument; etag: string } | undefined> {
    const partition = await this.partitionOf(correspondenceId);
    if (partition === undefined) return undefined;
    const { resource, etag } = await this.containers.correspondences
      .item(correspondenceId, partition)
      .read<CorrespondenceDocument>();
    return resource && etag ? { document: resource, etag } : undefined;
  }

  private async fetchedRows(correspondenceId: string, partition: string): Promise<StatusEntry[]> {
    const { resources } = await this.containers.correspondences.items
      .query<FetchedDocument & ItemDefinition>(
        {
          query:
            "SELECT * FROM c WHERE c.partitionKey = @partition AND c.type = 'fetched' AND c.correspondenceId = @id",
          parameters: [
            { name: "@partition", value: partition },
            { name: "@id", value: correspondenceId },
          ],
        },
        { partitionKey: partition },
      )
      .fetchAll();
    return resources
      .map(toStatusEntry)
      .sort((a, b) => Date.parse(a.statusChanged) - Date.parse(b.statusChanged));
  }
}

/** Ids are GUIDs; anything else cannot name a correspondence (and must not reach Cosmos as an id). */
function isGuidLike(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** The status history only ever grows: a replace that would rewrite or drop a row is a programming error. */
function assertAppendOnly(before: Correspondence, after: Correspondence): void {
  if (before.id !== after.id || before.recipient !== after.recipient) {
    throw new Error("A replace cannot change a correspondence's id or recipient");
  }
  const kept = before.statusHistory.every((entry, index) => {
    const same = after.statusHistory[index];
    return (
      same !== undefined &&
      same.status === entry.status &&
      same.statusText === entry.statusText &&
      same.statusChanged === entry.statusChanged &&
      same.partyUuid === entry.partyUuid
    );
  });
  if (!kept || after.statusHistory.length < before.statusHistory.length) {
    throw new Error(`The status history of correspondence ${before.id} is append-only`);
  }
}
