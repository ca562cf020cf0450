/**
 * Lock tokens are GUIDs. Service Bus (a .NET service) puts a token on the wire in two byte orders:
 * - as the delivery tag of a peek-locked transfer, in .NET `Guid.ToByteArray()` order (first three groups
 *   little-endian), which the SDK reorders before showing it as `message.lockToken`;
 * - as an AMQP uuid (RFC 4122, big-endian) in $management requests and replies (renew-lock, update-disposition,
 *   receive-by-sequence-number's "lock-token").
 * The broker keys locks by the GUID's text, so both doorways meet at the same string.
 */
import { randomUUID } from "node:crypto";
import { stringToUuid, uuidToString } from "./amqp.js";

export function newLockToken(): string {
  return randomUUID();
}

/** Swaps between RFC 4122 and .NET GUID byte order (the swap is its own inverse). */
export function swapGuidByteOrder(bytes: Buffer): Buffer {
  if (bytes.length !== 16) throw new Error(`a GUID has 16 bytes, got ${bytes.length}`);
  const swapped = Buffer.from(bytes);
  swapped.writeUInt32LE(bytes.readUInt32BE(0), 0);
  swapped.writeUInt16LE(bytes.readUInt16BE(4), 4);
  swapped.writeUInt16LE(bytes.readUInt16BE(6), 6);
  return swapped;
}

export function deliveryTagFor(lockToken: string): Buffer {
  return swapGuidByteOrder(stringToUuid(lockToken));
}

export function lockTokenFromDeliveryTag(tag: Buffer): string {
  return uuidToString(swapGuidByteOrder(tag));
}

export function lockTokenFromUuid(bytes: Buffer): string {
  return uuidToString(bytes).toLowerCase();
}

export function uuidBytesFor(lockToken: string): Buffer {
  return stringToUuid(lockToken);
}
