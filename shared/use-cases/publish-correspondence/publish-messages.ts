/**
 * The Service Bus messages of the publishing pipeline: their queues, bodies and deterministic ids. The ids follow
 * api.md §7 (`UUIDv5(correspondenceId, "PublishCorrespondence")`), so a message sent twice is dropped by the queue's
 * duplicate detection, and a handler that still sees a repeat finds the work done.
 */
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import { uuidV5 } from "../../domain/dialogporten/deterministic-uuid.js";

/** Declared in infra/servicebus.json (test/infra checks it). */
export const queueNames = {
  publish: "correspondence-publish",
  createDialog: "correspondence-create-dialog",
} as const;

export interface CorrespondenceMessageBody {
  correspondenceId: string;
}

/** Accepts what a trigger receives; undefined when it is not one of our message bodies. */
export function readCorrespondenceMessage(body: unknown): CorrespondenceMessageBody | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const id = (body as Record<string, unknown>).correspondenceId;
  return typeof id === "string" && id.length > 0 ? { correspondenceId: id } : undefined;
}

export function createDialogMessage(correspondenceId: string): OutboxMessage {
  return {
    messageId: uuidV5(correspondenceId, "CreateDialogportenDialog"),
    queue: queueNames.createDialog,
    body: { correspondenceId },
    scheduledEnqueueTime: null,
  };
}

/** Publish at max(now, requestedPublishTime): a time in the future becomes a scheduled message. */
export function publishMessage(correspondenceId: string, requestedPublishTime: string, now: Date): OutboxMessage {
  const publishAt = Date.parse(requestedPublishTime);
  return {
    messageId: uuidV5(correspondenceId, "PublishCorrespondence"),
    queue: queueNames.publish,
    body: { correspondenceId },
    scheduledEnqueueTime: publishAt > now.getTime() ? new Date(publishAt).toISOString() : null,
  };
}

/** A publish message that arrived before its time is sent again for that time, under an id of its own. */
export function republishMessage(correspondenceId: string, requestedPublishTime: string): OutboxMessage {
  return {
    messageId: uuidV5(correspondenceId, `PublishCorrespondence:${requestedPublishTime}`),
    queue: queueNames.publish,
    body: { correspondenceId },
    scheduledEnqueueTime: new Date(Date.parse(requestedPublishTime)).toISOString(),
  };
}
