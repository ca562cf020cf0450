/**
 * Typed doorways into rhea. Its typings are loose (`any` everywhere) and leave out things the broker needs (link
 * credit, session window, local attach fields), so touches of rhea's untyped surface happen here (and, for
 * settlement outcomes, in settlement-answers.ts; for the snapshot's body sections and Typed values, in
 * amqp-values.ts) and hand `unknown`-narrowed values to the rest of the broker.
 */
import rhea from "rhea";
import type { Message, Sender, Typed, link as RheaLink } from "rhea";

export const amqpTypes = rhea.types;
export const amqpMessages = rhea.message;

/** Message format of a Service Bus batch: an envelope whose data sections are each an encoded message. */
export const batchMessageFormat = 0x80013700;

const typeCode = { long: 0x81, timestamp: 0x83 } as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function longBytes(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
}

/** A 64-bit AMQP long: the SDK turns these into `Long`, as Azure's sequence numbers are. */
export function wrapLong(value: bigint): Typed {
  return amqpTypes.wrap_long(longBytes(value));
}

export function wrapLongArray(values: readonly bigint[]): Typed {
  return amqpTypes.wrap_array(values.map(longBytes), typeCode.long, undefined);
}

export function wrapTimestamp(epochMs: number): Typed {
  return amqpTypes.wrap_timestamp(epochMs);
}

export function wrapTimestampArray(epochMs: readonly number[]): Typed {
  return amqpTypes.wrap_array([...epochMs], typeCode.timestamp, undefined);
}

export function wrapUuid(bytes: Buffer): Typed {
  return amqpTypes.wrap_uuid(bytes);
}

export function wrapInt(value: number): Typed {
  return amqpTypes.wrap_int(value);
}

/** rhea decodes a long as a number when it is safe, else as its 8 big-endian bytes. */
export function readLong(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "bigint") return value;
  if (Buffer.isBuffer(value) && value.length === 8) return value.readBigInt64BE();
  return undefined;
}

export function readLongArray(value: unknown): bigint[] {
  if (!Array.isArray(value)) return [];
  return value.map(readLong).filter((item): item is bigint => item !== undefined);
}

export function readBinaryArray(value: unknown): Buffer[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is Buffer => Buffer.isBuffer(item));
}

export function uuidToString(bytes: Buffer): string {
  return rhea.uuid_to_string(bytes);
}

export function stringToUuid(text: string): Buffer {
  return rhea.string_to_uuid(text);
}

/** rhea's credit bookkeeping for a sending link: credit left and deliveries counted so far (including drained). */
export function senderCreditState(sender: Sender): { credit: number; deliveryCount: number } {
  const state = sender as unknown as { credit?: unknown; delivery_count?: unknown };
  return { credit: asNumber(state.credit) ?? 0, deliveryCount: asNumber(state.delivery_count) ?? 0 };
}

/**
 * Free slots in the session's outgoing delivery window (2048 by default): rhea throws when a send overflows it, and
 * unsettled (locked) deliveries keep their slot until settled.
 */
export function sessionOutgoingCapacity(sender: Sender): number {
  const outgoing: unknown = (sender.session as unknown as { outgoing?: unknown }).outgoing;
  const available: unknown = asRecord(outgoing).available;
  if (typeof available !== "function") return Number.POSITIVE_INFINITY;
  return asNumber(Reflect.apply(available, outgoing, [])) ?? 0;
}

interface LocalAttachFields {
  snd_settle_mode?: number;
  rcv_settle_mode?: number;
  max_message_size?: number;
}

/**
 * Fields of the attach we answer with. rhea opens peer-initiated links itself and writes our attach on its next
 * turn, so setting them inside the *_open event is in time.
 */
export function setLocalAttachFields(link: RheaLink, fields: LocalAttachFields): void {
  const local = (link as unknown as { local: { attach: Record<string, unknown> } }).local.attach;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) local[name] = value;
  }
}

export function remoteSourceAddress(link: RheaLink): string | undefined {
  return asString(asRecord(link.source).address);
}

export function remoteTargetAddress(link: RheaLink): string | undefined {
  return asString(asRecord(link.target).address);
}

/** Echo the peer's terminus addresses: an attach without a source/target tells the peer the link was refused. */
export function echoTermini(link: RheaLink): void {
  const source = remoteSourceAddress(link);
  const target = remoteTargetAddress(link);
  if (source !== undefined) link.set_source({ address: source });
  if (target !== undefined) link.set_target({ address: target });
}

export function remoteSettleModes(link: RheaLink): { sender: number; receiver: number } {
  return { sender: asNumber(link.snd_settle_mode) ?? 2, receiver: asNumber(link.rcv_settle_mode) ?? 0 };
}

export function decodeMessage(encoded: Buffer): Message {
  // rhea's decode returns the message the receive path emits; its typings use a second, body-less Message type.
  const decoded: unknown = amqpMessages.decode(encoded);
  return decoded as Message;
}

export function encodeMessage(message: Message): Buffer {
  return amqpMessages.encode(message);
}

/** The encoded messages inside a batch envelope (one data section per message). */
export function unpackBatch(envelope: Buffer): Buffer[] {
  const body: unknown = decodeMessage(envelope).body;
  const section = asRecord(body);
  const content: unknown = section.content;
  if (section.multiple === true && Array.isArray(content)) {
    return content.filter((part): part is Buffer => Buffer.isBuffer(part));
  }
  return Buffer.isBuffer(content) ? [content] : [];
}
