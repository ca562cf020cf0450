/**
 * The application properties our copies carry. PascalCase like Service Bus's own `DeadLetterReason` /
 * `DeadLetterErrorDescription`, so a parked message reads like a dead-lettered one. They come back with the first
 * letter lower-cased (the Functions library camel-cases binding data), so they are read either way.
 */
import type { PropertyValue, ReceivedMessage } from "./delivery-ports.js";

export const deliveryProperties = {
  /** On a retry copy: which attempt it is (2 for the first retry). Absent on the message as first sent. */
  attempt: "Attempt",
  /** On a retry copy: the id of the message as first sent, from which every retry id of the chain derives. */
  firstMessageId: "FirstMessageId",
  /** On a parked copy: InvalidMessage | RetriesExhausted | PermanentFailure. */
  deadLetterReason: "DeadLetterReason",
  /** On a parked copy: the readable detail (what is wrong with the body, or the last error). */
  deadLetterErrorDescription: "DeadLetterErrorDescription",
  /** On a parked copy: the queue it was delivered from, where a resubmission goes. */
  originalQueue: "OriginalQueue",
  /** On a parked copy: the id of the message as first sent. */
  originalMessageId: "OriginalMessageId",
  /** On a parked copy: the id of the copy that was delivered last (a retry copy's derived id, or the original). */
  deliveredMessageId: "DeliveredMessageId",
  /** On a parked copy: how many attempts were made (0 for an InvalidMessage: it was never tried). */
  attempts: "Attempts",
  /** On a parked copy: when it was parked (ISO 8601). */
  parkedAt: "ParkedAt",
} as const;

const ownKeys = new Set(Object.values(deliveryProperties).map((name) => name.toLowerCase()));

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function readProperty(received: ReceivedMessage, name: string): unknown {
  return received.applicationProperties[name] ?? received.applicationProperties[lowerFirst(name)];
}

/** The attempt this delivery is: 1 unless a retry copy says otherwise. */
export function attemptOf(received: ReceivedMessage): number {
  const value = Number(readProperty(received, deliveryProperties.attempt));
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** The id of the message as first sent: a retry copy names it, the first message is it. */
export function firstMessageIdOf(received: ReceivedMessage): string {
  const value = readProperty(received, deliveryProperties.firstMessageId);
  return typeof value === "string" && value.length > 0 ? value : received.messageId;
}

/**
 * The received message's own properties, to pass on to its copies: ours left out (the copy sets them afresh, and a
 * camel-cased `deadLetterReason` next to a new `DeadLetterReason` would only confuse), values Service Bus cannot
 * carry as a property left out too.
 */
export function carriedProperties(received: ReceivedMessage): Record<string, PropertyValue> {
  const carried: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(received.applicationProperties)) {
    if (ownKeys.has(key.toLowerCase())) continue;
    if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
      carried[key] = value;
    }
  }
  return carried;
}
