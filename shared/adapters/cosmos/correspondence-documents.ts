/**
 * The documents of the `correspondences` container (partition key `/partitionKey` = the recipient URN) and of the
 * `correspondence-locators` container, and their mapping to and from the domain. See docs/data-model.md.
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import {
  currentStatus,
  latestStatusByTime,
  type CorrespondenceStatus,
  type StatusEntry,
} from "../../domain/correspondence/status.js";

/** A correspondence as stored: the domain fields (without the Fetched rows) plus what queries and the relay need. */
export interface CorrespondenceDocument extends Omit<Correspondence, "fetchedHistory"> {
  /** The recipient URN: a recipient's search stays inside one partition. */
  partitionKey: string;
  type: "correspondence";
  /** `requestedPublishTime` in epoch milliseconds: orders and compares correctly whatever offset the time had. */
  requestedPublishAt: number;
  /** Denormalised from the history for queries and the sweep; rewritten on every write. */
  currentStatus: CorrespondenceStatus;
  /** Latest status by time (the recipient search hides Initialized/ReadyForPublish/Failed by this one). */
  latestStatus: CorrespondenceStatus;
  /** Every status the main history has had (the search's `status` filter). */
  statusesEver: CorrespondenceStatus[];
  /** Set once the first Fetched row exists (Fetched rows live in documents of their own). */
  everFetched: boolean;
  /** Messages to send once this version is stored (the transactional outbox). */
  outbox: OutboxMessage[];
  /** When the oldest message now in `outbox` was added; absent when the outbox is empty (the sweep's filter). */
  outboxPendingSince?: string;
}

/** One Fetched status row, kept apart from the main history in the correspondence's partition. */
export interface FetchedDocument extends StatusEntry {
  id: string;
  partitionKey: string;
  type: "fetched";
  correspondenceId: string;
}

/** Correspondence id → partition. Written once, before the correspondence, and never changed. */
export interface LocatorDocument {
  id: string;
  recipientPartition: string;
}

/** What a stored version carries besides the domain object, kept so a replace can write it back unchanged. */
export interface DocumentExtras {
  outbox: OutboxMessage[];
  outboxPendingSince: string | undefined;
  everFetched: boolean;
}

const cosmosSystemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"] as const;

/** The partition of a correspondence: its recipient URN. */
export function partitionOf(correspondence: Pick<Correspondence, "recipient">): string {
  return correspondence.recipient;
}

export function toCorrespondenceDocument(correspondence: Correspondence, extras: DocumentExtras): CorrespondenceDocument {
  const { fetchedHistory, ...stored } = correspondence;
  const latest = latestStatusByTime(correspondence.statusHistory) ?? currentStatus(correspondence.statusHistory);
  const document: CorrespondenceDocument = {
    ...stored,
    partitionKey: partitionOf(correspondence),
    type: "correspondence",
    requestedPublishAt: Date.parse(correspondence.requestedPublishTime),
    currentStatus: currentStatus(correspondence.statusHistory).status,
    latestStatus: latest.status,
    statusesEver: [...new Set(correspondence.statusHistory.map((entry) => entry.status))],
    everFetched: extras.everFetched || fetchedHistory.length > 0,
    outbox: extras.outbox,
  };
  if (extras.outbox.length > 0) document.outboxPendingSince = extras.outboxPendingSince ?? new Date().toISOString();
  return document;
}

/** The domain object of a stored document (Fetched rows are merged in by the caller). */
export function fromCorrespondenceDocument(
  document: CorrespondenceDocument,
  fetchedHistory: StatusEntry[],
): { correspondence: Correspondence; extras: DocumentExtras } {
  const raw: Record<string, unknown> = { ...document };
  for (const property of cosmosSystemProperties) delete raw[property];
  const {
    partitionKey: _partitionKey,
    type: _type,
    requestedPublishAt: _requestedPublishAt,
    currentStatus: _currentStatus,
    latestStatus: _latestStatus,
    statusesEver: _statusesEver,
    everFetched,
    outbox,
    outboxPendingSince,
    ...correspondence
  } = raw as unknown as CorrespondenceDocument;
  return {
    correspondence: { ...correspondence, fetchedHistory },
    extras: { outbox: outbox ?? [], outboxPendingSince, everFetched: everFetched ?? false },
  };
}

export function toStatusEntry(document: FetchedDocument): StatusEntry {
  return {
    status: document.status,
    statusText: document.statusText,
    statusChanged: document.statusChanged,
    partyUuid: document.partyUuid,
  };
}

/**
 * The id of a Fetched row. With a de-duplication window the id is the same for every fetch by that party inside one
 * window, so the second create fails with 409 — the store enforces "at most one per window", not a read before.
 */
export function fetchedDocumentId(
  correspondenceId: string,
  entry: StatusEntry,
  dedupWindowSeconds: number | undefined,
  uniqueSuffix: () => string,
): string {
  if (dedupWindowSeconds === undefined || dedupWindowSeconds <= 0) {
    return `fetched:${correspondenceId}:${uniqueSuffix()}`;
  }
  const window = Math.floor(Date.parse(entry.statusChanged) / (dedupWindowSeconds * 1000));
  return `fetched:${correspondenceId}:${entry.partyUuid.toLowerCase()}:${dedupWindowSeconds}s:${window}`;
}
