/**
 * dialogporten.md §6: the soft delete of a purged correspondence's dialogue with its DialogDeleted activity, as an
 * outbox message for the dialogporten-sync queue. The purge writes it when it knows the dialogue; the create-dialogue
 * step writes it when a purge landed while the dialogue was being created (create-correspondence-dialog.ts). Same
 * message id and activity id either way, so a second one is at most a repeat. The actor is named, never identified.
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import type { CallerRole } from "../correspondence-access/correspondence-access.js";
import { activityIdFor } from "../correspondence-access/dialog-activity-ids.js";
import { softDeleteMessage } from "../sync-dialogporten/sync-messages.js";

export interface Purge {
  purgedBy: CallerRole;
  purgedAt: Date;
}

export function dialogDeletionMessage(correspondence: Correspondence, dialogId: string, purge: Purge): OutboxMessage {
  return softDeleteMessage(correspondence.id, dialogId, {
    id: activityIdFor(correspondence, "DialogDeleted"),
    createdAt: purge.purgedAt.toISOString(),
    type: "DialogDeleted",
    performedBy: { actorType: "PartyRepresentative", actorName: purge.purgedBy === "sender" ? "avsender" : "mottaker" },
  });
}

/** Who purged the correspondence and when, read from its purge row; undefined when it is not purged. */
export function purgeOf(correspondence: Correspondence): Purge | undefined {
  const row = correspondence.statusHistory.find((entry) => entry.status === "PurgedByAltinn" || entry.status === "PurgedByRecipient");
  if (!row) return undefined;
  return { purgedBy: row.status === "PurgedByAltinn" ? "sender" : "recipient", purgedAt: new Date(row.statusChanged) };
}
