/**
 * Correspondence statuses (lifecycle.md §1–3): the enum with its contract ordinals, the "current status" rule and the
 * visibility sets every guard tests.
 */
export const correspondenceStatuses = [
  "Initialized",
  "ReadyForPublish",
  "Published",
  "Fetched",
  "Read",
  "Replied",
  "Confirmed",
  "PurgedByRecipient",
  "PurgedByAltinn",
  "Archived",
  "Reserved",
  "Failed",
  "AttachmentsDownloaded",
  "Forwarded",
] as const;
export type CorrespondenceStatus = (typeof correspondenceStatuses)[number];

/** The integer each status has on the wire (enum input accepts name or number). */
export function statusOrdinal(status: CorrespondenceStatus): number {
  return correspondenceStatuses.indexOf(status);
}

/** One row of the append-only history. `partyUuid` is the acting party (all zeros when unknown). */
export interface StatusEntry {
  status: CorrespondenceStatus;
  statusText: string;
  /** ISO-8601 timestamp with offset. */
  statusChanged: string;
  partyUuid: string;
}

export const unknownPartyUuid = "00000000-0000-0000-0000-000000000000";

export const availableForRecipient: ReadonlySet<CorrespondenceStatus> = new Set([
  "Published",
  "Fetched",
  "Read",
  "Replied",
  "Confirmed",
  "Archived",
  "Reserved",
  "AttachmentsDownloaded",
  "Forwarded",
]);

export const availableForSender: ReadonlySet<CorrespondenceStatus> = new Set([
  "Initialized",
  "ReadyForPublish",
  "Failed",
  "Published",
  "Fetched",
  "Read",
  "Confirmed",
  "Replied",
  "Reserved",
  "AttachmentsDownloaded",
  "Forwarded",
]);

export const purgedStatuses: ReadonlySet<CorrespondenceStatus> = new Set(["PurgedByRecipient", "PurgedByAltinn"]);

export const purgeableBySender: ReadonlySet<CorrespondenceStatus> = new Set(["Initialized", "ReadyForPublish", "Failed"]);

/**
 * The current status: the highest ordinal among non-Fetched rows (lifecycle.md §2.1). Ties keep the earliest row, so the
 * reported `statusChanged` is when that status was first reached.
 */
export function currentStatus(history: readonly StatusEntry[]): StatusEntry {
  let current: StatusEntry | undefined;
  for (const entry of history) {
    if (entry.status === "Fetched") continue;
    if (!current || statusOrdinal(entry.status) > statusOrdinal(current.status)) current = entry;
  }
  if (!current) throw new Error("A correspondence always has at least its Initialized status");
  return current;
}

/** The latest row by time (ties: the later row), used by the recipient search filter. */
export function latestStatusByTime(history: readonly StatusEntry[]): StatusEntry | undefined {
  let latest: StatusEntry | undefined;
  for (const entry of history) {
    if (!latest || Date.parse(entry.statusChanged) >= Date.parse(latest.statusChanged)) latest = entry;
  }
  return latest;
}

export function hasEverBeen(history: readonly StatusEntry[], status: CorrespondenceStatus): boolean {
  return history.some((entry) => entry.status === status);
}
