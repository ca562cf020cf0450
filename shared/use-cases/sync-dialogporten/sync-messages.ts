/**
 * The messages of the `dialogporten-sync` queue: the Dialogporten side effects of a state change (lifecycle.md T5 and
 * §4.3 step 6), written to the outbox in the same Cosmos write as the change, so a Dialogporten outage delays them
 * instead of losing them. Each message carries everything its handler needs (the dialogue, the activity with its
 * deterministic id, who performed it and when), because the reader's party and the time of the change are known only
 * to the request that made it.
 *
 * Message ids are `UUIDv5(correspondenceId, effect)`: a resend from the outbox sweep is dropped by the queue's duplicate
 * detection; a repeat that still arrives finds its activity already on the dialogue.
 */
import { z } from "zod";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import { uuidV5 } from "../../domain/dialogporten/deterministic-uuid.js";
import type { DialogActivity } from "../../domain/ports/dialogporten.js";

/** Declared in infra/servicebus.json (test/infra checks it). */
export const queueNames = {
  dialogportenSync: "dialogporten-sync",
} as const;

/** The effects a correspondence causes at most once each; they name the message ids. */
export type SyncEffect = "DialogportenCorrespondenceOpened" | "DialogportenDialogDeleted";

const syncActivitySchema = z.object({
  id: z.guid(),
  createdAt: z.iso.datetime({ offset: true }),
  type: z.enum(["CorrespondenceOpened", "TransmissionOpened", "DialogDeleted"]),
  transmissionId: z.guid().optional(),
  performedBy: z.object({
    actorType: z.enum(["PartyRepresentative", "ServiceOwner"]),
    actorId: z.string().min(1).optional(),
    actorName: z.string().min(1).optional(),
  }),
});

const syncMessageSchema = z.discriminatedUnion("kind", [
  /** Adds one activity to a live dialogue (the opened activity of T5). */
  z.object({
    kind: z.literal("activity"),
    correspondenceId: z.guid(),
    dialogId: z.guid(),
    activity: syncActivitySchema,
  }),
  /** Soft-deletes the dialogue of a purged correspondence, with its DialogDeleted activity (§4.3 step 6). */
  z.object({
    kind: z.literal("soft-delete"),
    correspondenceId: z.guid(),
    dialogId: z.guid(),
    activity: syncActivitySchema.extend({ type: z.literal("DialogDeleted") }),
  }),
]);

export type SyncActivity = z.infer<typeof syncActivitySchema>;
export type DialogportenSyncMessage = z.infer<typeof syncMessageSchema>;

export type ParsedSyncMessage = { ok: true; message: DialogportenSyncMessage } | { ok: false; reason: string };

/** Accepts what a trigger receives; a body that is not one of our messages comes back with the reason, readable. */
export function parseSyncMessage(body: unknown): ParsedSyncMessage {
  const parsed = syncMessageSchema.safeParse(body);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, reason: z.prettifyError(parsed.error).replaceAll("\n", "; ") };
}

/** The activity as Dialogporten takes it: none of these types carries a description (dialogporten.md §5). */
export function toDialogActivity(activity: SyncActivity): DialogActivity {
  return { ...activity, description: [] };
}

export function syncMessageId(correspondenceId: string, effect: SyncEffect): string {
  return uuidV5(correspondenceId, effect);
}

function outboxMessage(correspondenceId: string, effect: SyncEffect, body: DialogportenSyncMessage): OutboxMessage {
  return {
    messageId: syncMessageId(correspondenceId, effect),
    queue: queueNames.dialogportenSync,
    body,
    scheduledEnqueueTime: null,
  };
}

/** The opened activity (CorrespondenceOpened, or TransmissionOpened for a transmission) of the first Read. */
export function openedActivityMessage(correspondenceId: string, dialogId: string, activity: SyncActivity): OutboxMessage {
  return outboxMessage(correspondenceId, "DialogportenCorrespondenceOpened", {
    kind: "activity",
    correspondenceId,
    dialogId,
    activity,
  });
}

/** The soft delete of a purged correspondence's dialogue and its DialogDeleted activity. */
export function softDeleteMessage(
  correspondenceId: string,
  dialogId: string,
  activity: SyncActivity & { type: "DialogDeleted" },
): OutboxMessage {
  return outboxMessage(correspondenceId, "DialogportenDialogDeleted", {
    kind: "soft-delete",
    correspondenceId,
    dialogId,
    activity,
  });
}
