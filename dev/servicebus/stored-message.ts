/**
 * A message as the broker keeps it: what the sender sent (header, properties, annotations, application properties,
 * body and footer, kept as rhea decoded them) plus the broker's own state (sequence number, enqueue time, delivery
 * count, lifetime). `toAmqp` rebuilds the wire message with the annotations Service Bus adds.
 */
import { randomUUID } from "node:crypto";
import type { Message } from "rhea";
import { asNumber, asRecord, isRecord, wrapInt, wrapLong, wrapTimestamp, wrapUuid } from "./amqp.js";

export type MessageState = "active" | "deferred" | "scheduled";

/** x-opt-message-state values the SDK maps to `state`. */
const messageStateCode: Record<MessageState, number> = { active: 0, deferred: 1, scheduled: 2 };

const propertyFields = [
  "message_id",
  "user_id",
  "to",
  "subject",
  "reply_to",
  "correlation_id",
  "content_type",
  "content_encoding",
  "absolute_expiry_time",
  "creation_time",
  "group_id",
  "group_sequence",
  "reply_to_group_id",
] as const;

export const annotation = {
  sequenceNumber: "x-opt-sequence-number",
  enqueueSequenceNumber: "x-opt-enqueue-sequence-number",
  enqueuedTime: "x-opt-enqueued-time",
  lockedUntil: "x-opt-locked-until",
  lockToken: "x-opt-lock-token",
  messageState: "x-opt-message-state",
  scheduledEnqueueTime: "x-opt-scheduled-enqueue-time",
  deadLetterSource: "x-opt-deadletter-source",
} as const;

/** Annotations only the broker may set: a sender's values (e.g. from a re-sent received message) are discarded. */
const brokerOwnedAnnotations: ReadonlySet<string> = new Set([
  annotation.sequenceNumber,
  annotation.enqueueSequenceNumber,
  annotation.enqueuedTime,
  annotation.lockedUntil,
  annotation.lockToken,
  annotation.messageState,
  annotation.deadLetterSource,
]);

/** AMQP's ttl is a uint of milliseconds. */
const maxHeaderTimeToLiveMs = 0xffff_ffff;

export interface MessageContent {
  header: { durable?: boolean; priority?: number; ttl?: number };
  properties: Record<string, unknown>;
  annotations: Record<string, unknown>;
  applicationProperties: Record<string, unknown> | undefined;
  body: unknown;
  footer: Record<string, unknown> | undefined;
}

export function contentFromAmqp(message: Message): MessageContent {
  const source: Record<string, unknown> = asRecord(message);
  const properties: Record<string, unknown> = {};
  for (const field of propertyFields) {
    if (source[field] !== undefined && source[field] !== null) properties[field] = source[field];
  }
  const annotations: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(asRecord(source.message_annotations))) {
    if (!brokerOwnedAnnotations.has(key)) annotations[key] = value;
  }
  return {
    header: {
      durable: typeof source.durable === "boolean" ? source.durable : undefined,
      priority: asNumber(source.priority),
      ttl: asNumber(source.ttl),
    },
    properties,
    annotations,
    applicationProperties: isRecord(source.application_properties) ? { ...source.application_properties } : undefined,
    body: source.body,
    footer: isRecord(source.footer) ? source.footer : undefined,
  };
}

/** Service Bus gives every message an id; when the sender gave none it makes one (32 hex digits). */
export function ensureMessageId(content: MessageContent): void {
  if (content.properties.message_id === undefined) {
    content.properties.message_id = randomUUID().replaceAll("-", "");
  }
}

/** The id as text, for duplicate detection (ids may be strings, numbers or binary on the wire). */
export function messageIdKey(content: MessageContent): string | undefined {
  const id = content.properties.message_id;
  if (id === undefined) return undefined;
  if (Buffer.isBuffer(id)) return `binary:${id.toString("hex")}`;
  return `${typeof id}:${String(id)}`;
}

/** When the sender asked for the message to appear (x-opt-scheduled-enqueue-time), if it did. */
export function scheduledEnqueueTime(content: MessageContent): number | undefined {
  const value = content.annotations[annotation.scheduledEnqueueTime];
  if (value instanceof Date) return value.getTime();
  return asNumber(value);
}

/** An independent copy (each subscription gets its own; settlements may modify application properties). */
export function cloneContent(content: MessageContent): MessageContent {
  return {
    ...content,
    header: { ...content.header },
    properties: { ...content.properties },
    annotations: { ...content.annotations },
    applicationProperties: content.applicationProperties ? { ...content.applicationProperties } : undefined,
  };
}

export class StoredMessage {
  deliveryCount = 0;
  /** Token of the lock this message is held under in its store, if any. */
  lockToken: string | undefined;

  constructor(
    readonly sequenceNumber: bigint,
    readonly content: MessageContent,
    readonly enqueuedAt: number,
    /** Effective lifetime: the shorter of the message's ttl and its entity's default; Infinity = never expires. */
    readonly timeToLiveMs: number,
    public state: MessageState,
  ) {}

  get expiresAt(): number {
    return this.enqueuedAt + this.timeToLiveMs;
  }

  isExpired(now: number): boolean {
    return now >= this.expiresAt;
  }

  /** The copy a dead-letter queue keeps: same sequence number and history, never expires, carries the reason. */
  toDeadLetter(reason: string | undefined, description: string | undefined): StoredMessage {
    const copy = new StoredMessage(
      this.sequenceNumber,
      cloneContent(this.content),
      this.enqueuedAt,
      Number.POSITIVE_INFINITY,
      "active",
    );
    copy.deliveryCount = this.deliveryCount;
    copy.modifyApplicationProperties({ DeadLetterReason: reason, DeadLetterErrorDescription: description });
    return copy;
  }

  /** Abandon, defer and dead-letter may carry "properties to modify": Service Bus applies them as app properties. */
  modifyApplicationProperties(changes: Record<string, unknown>): void {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined && value !== null);
    if (entries.length === 0) return;
    this.content.applicationProperties = { ...this.content.applicationProperties, ...Object.fromEntries(entries) };
  }

  /** The message as delivered or peeked, with the broker's annotations. */
  toAmqp(delivery: { lockedUntil?: number; lockTokenUuid?: Buffer } = {}): Message {
    const annotations: Record<string, unknown> = {
      ...this.content.annotations,
      [annotation.sequenceNumber]: wrapLong(this.sequenceNumber),
      [annotation.enqueueSequenceNumber]: wrapLong(this.sequenceNumber),
      [annotation.enqueuedTime]: wrapTimestamp(this.enqueuedAt),
    };
    if (this.state !== "active") annotations[annotation.messageState] = wrapInt(messageStateCode[this.state]);
    if (delivery.lockedUntil !== undefined) annotations[annotation.lockedUntil] = wrapTimestamp(delivery.lockedUntil);
    if (delivery.lockTokenUuid) annotations[annotation.lockToken] = wrapUuid(delivery.lockTokenUuid);
    // The effective lifetime; a dead-lettered copy (which never expires) shows the lifetime the sender asked for.
    const lifetime = Number.isFinite(this.timeToLiveMs) ? this.timeToLiveMs : this.content.header.ttl;
    const ttl = lifetime !== undefined && lifetime <= maxHeaderTimeToLiveMs ? lifetime : undefined;
    return {
      ...this.content.properties,
      durable: this.content.header.durable,
      priority: this.content.header.priority,
      ttl,
      first_acquirer: this.deliveryCount === 0,
      delivery_count: this.deliveryCount,
      message_annotations: annotations,
      application_properties: this.content.applicationProperties,
      body: this.content.body,
      footer: this.content.footer,
    };
  }
}
