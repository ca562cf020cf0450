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

export type ParsedCorrespondenceMessage = { ok: true; message: CorrespondenceMessageBody } | { ok: false; reason: string };

/** Accepts what a trigger receives; a body that is not one of our messages comes back with the reason, readable. */
export function parseCorrespondenceMessage(body: unknown): ParsedCorrespondenceMessage {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: `the body is not a JSON object but ${describeBody(body)}` };
  }
  const id = (body as Record<string, unknown>).correspondenceId;
  if (typeof id !== "string" || id.length === 0) return { ok: false, reason: "correspondenceId is missing or not a non-empty string" };
  return { ok: true, message: { correspondenceId: id } };
}

function describeBody(body: unknown): string {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return `${body.byteLength} bytes that are not UTF-8 text`;
  if (typeof body === "string") return `text (${JSON.stringify(body.slice(0, 100))}${body.length > 100 ? "…" : ""})`;
  return Array.isArray(body) ? "an array" : `${typeof body === "object" ? "null" : typeof body}`;
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
