/**
 * Deterministic ids for the Dialogporten activities a correspondence gets at most once (api.md §7: one per
 * correspondence for opened / confirmed / purged). Dialogporten wants UUIDv7, so the id is a v7 whose timestamp is
 * the correspondence's creation and whose other bits come from a hash of the correspondence id and the activity kind:
 * posting it again after a retry is recognised as "already exists", never a second activity.
 */
import { createHash } from "node:crypto";
import type { Correspondence } from "../../domain/correspondence/correspondence.js";

export type OncePerCorrespondenceActivity = "CorrespondenceOpened" | "CorrespondenceConfirmed" | "DialogDeleted";

export function deterministicUuidV7(timestampMs: number, seed: string): string {
  const bytes = createHash("sha256").update(seed).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.floor(timestampMs)), 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function activityIdFor(correspondence: Correspondence, activity: OncePerCorrespondenceActivity): string {
  return deterministicUuidV7(Date.parse(correspondence.created), `${correspondence.id.toLowerCase()}:${activity}`);
}
