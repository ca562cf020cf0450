/**
 * What an `Idempotency-Key` is scoped to and what makes two requests "the same": the key belongs to the calling
 * organisation (or person), the method and the route (the concrete path), so two organisations — or two endpoints —
 * can never collide on a key; the request fingerprint covers what the caller asked for (query and body).
 */
import { createHash } from "node:crypto";
import type { Caller } from "../../domain/caller.js";

/** Who owns the keys a caller sends, or undefined when the token names nobody we could scope them to. */
export function callerScope(caller: Caller): string | undefined {
  if (caller.organisationNumber) return `organisation:${caller.organisationNumber}`;
  if (caller.person) return `person:${caller.person}`;
  if (caller.userId) return `user:${caller.userId}`;
  if (caller.partyId) return `party:${caller.partyId}`;
  if (caller.dialog?.actor) return `actor:${caller.dialog.actor.toLowerCase()}`;
  return undefined;
}

/** Visible ASCII, as HTTP header values allow without quoting; long enough for a GUID, a ULID or a hash. */
const keyPattern = /^[\x21-\x7e]{1,255}$/;

export function isAcceptableIdempotencyKey(key: string): boolean {
  return keyPattern.test(key);
}

function sha256Hex(...parts: string[]): string {
  const hash = createHash("sha256");
  // A separator that cannot occur inside a part keeps ("ab","c") and ("a","bc") apart.
  for (const part of parts) hash.update(part).update("\u0000");
  return hash.digest("hex");
}

/**
 * The record id: a hash, so the raw key (which the caller chose and might contain characters Cosmos ids forbid) is
 * never an id, and records of different scopes cannot collide. The prefix keeps these records apart from any other
 * document kind sharing the container.
 */
export function idempotencyRecordId(input: { scope: string; method: string; path: string; key: string }): string {
  return `http-request-${sha256Hex(input.scope, input.method.toUpperCase(), input.path.toLowerCase(), input.key)}`;
}

/**
 * A JSON body is compared by meaning, not by bytes: key order and whitespace do not make a request different.
 * Anything that is not JSON is compared byte for byte.
 */
function canonicalBody(body: Uint8Array): string {
  if (body.length === 0) return "";
  const text = Buffer.from(body).toString("utf8");
  try {
    return `json:${canonicalJson(JSON.parse(text))}`;
  } catch {
    return `bytes:${Buffer.from(body).toString("base64")}`;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function requestFingerprint(input: { query: string; body: Uint8Array }): string {
  const query = new URLSearchParams(input.query);
  query.sort();
  return sha256Hex(query.toString(), canonicalBody(input.body));
}
