/**
 * The status questions every read and state-change use case asks (lifecycle.md §2–3), over both histories: the main
 * one (current status) and the separately kept Fetched rows ("has ever been Fetched").
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import {
  availableForRecipient,
  currentStatus,
  hasEverBeen,
  purgedStatuses,
  type CorrespondenceStatus,
  type StatusEntry,
} from "../../domain/correspondence/status.js";

export function statusRow(
  status: CorrespondenceStatus,
  partyUuid: string,
  at: Date,
  statusText: string = status,
): StatusEntry {
  return { status, statusText, statusChanged: at.toISOString(), partyUuid };
}

/** "StatusHasBeen": any row in either history. */
export function hasEverHadStatus(correspondence: Correspondence, status: CorrespondenceStatus): boolean {
  return hasEverBeen(correspondence.statusHistory, status) || hasEverBeen(correspondence.fetchedHistory, status);
}

export function hasEverBeenPurged(correspondence: Correspondence): boolean {
  return correspondence.statusHistory.some((entry) => purgedStatuses.has(entry.status));
}

/** A recipient sees a correspondence only while its current status is in the recipient set (never when purged). */
export function isVisibleToRecipient(correspondence: Correspondence): boolean {
  return availableForRecipient.has(currentStatus(correspondence.statusHistory).status);
}

export function withStatus(correspondence: Correspondence, entry: StatusEntry): Correspondence {
  return { ...correspondence, statusHistory: [...correspondence.statusHistory, entry] };
}

/** Main history and Fetched rows as one list, oldest first (details' `statusHistory`). */
export function mergedHistory(correspondence: Correspondence): StatusEntry[] {
  return [...correspondence.statusHistory, ...correspondence.fetchedHistory].sort(
    (a, b) => Date.parse(a.statusChanged) - Date.parse(b.statusChanged),
  );
}
