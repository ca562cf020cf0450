/**
 * Name-based identifiers: the same inputs always give the same id, which is what makes retried steps idempotent
 * (a second create of the same correspondence, dialog or message is recognised as a repeat, never a new thing).
 */
import { createHash } from "node:crypto";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

function hexOf(uuid: string): string {
  if (!isUuid(uuid)) throw new Error(`Not a UUID: ${uuid}`);
  return uuid.replaceAll("-", "").toLowerCase();
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 4122 §4.3 version 5 (SHA-1, name-based) with `namespace` as the namespace id, lower-case. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash("sha1").update(Buffer.from(hexOf(namespace), "hex")).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(bytes.toString("hex"));
}

/** The millisecond timestamp of a version 7 UUID, or undefined for any other version. */
export function uuidV7Timestamp(uuid: string): number | undefined {
  const hex = hexOf(uuid);
  if (hex[12] !== "7") return undefined;
  return Number.parseInt(hex.slice(0, 12), 16);
}

/**
 * The deterministic UUIDv7 of dialogporten.md §2: 48-bit millisecond timestamp, version 7, then bits taken from
 * SHA-256(`"{seed:N}:{ms}"`) — `rand_a` = hash[0..2], variant nibble = (hash[3] & 3) | 8, then hash[4..6], node =
 * hash[7..18]. Re-running a step therefore re-posts the same id.
 */
export function deterministicUuidV7(seed: string, timestampMs: number): string {
  const hash = createHash("sha256").update(`${hexOf(seed)}:${timestampMs}`, "utf8").digest("hex");
  const time = Math.max(0, Math.trunc(timestampMs)).toString(16).padStart(12, "0").slice(-12);
  const variant = ((Number.parseInt(hash[3] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return formatUuid(`${time}7${hash.slice(0, 3)}${variant}${hash.slice(4, 7)}${hash.slice(7, 19)}`);
}
