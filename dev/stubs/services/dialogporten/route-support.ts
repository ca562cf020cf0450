/** What the Dialogporten route modules share: finding a dialog the way each call needs it, and storing a change. */
import type { StubContext } from "../../context.js";
import type { StubRequest, StubResponse } from "../../router.js";
import { checkDocument } from "./dialog-changes.js";
import { jsonEqual, type JsonValue } from "./json.js";
import { dialogNotFound, dialogRemoved, staleRevision } from "./problems.js";
import { recordChange, type DialogRecord, type DialogStore } from "./store.js";

export interface DialogRouteDependencies {
  context: StubContext;
  store: DialogStore;
}

export const serviceOwnerDialogsPath = "/dialogporten/api/v1/serviceowner/dialogs";

export type Lookup = { record: DialogRecord; response?: undefined } | { record?: undefined; response: StubResponse };

/** For reading: soft-deleted dialogs are still there for their service owner; purged ones are gone. */
export function readableDialog(req: StubRequest, deps: DialogRouteDependencies): Lookup {
  const dialogId = req.params["dialogId"] ?? "";
  const record = deps.store.get(dialogId);
  if (!record || record.purgedAt !== null) return { response: dialogNotFound(dialogId) };
  return { record };
}

/** For changing: the dialog must exist, not be soft-deleted, and any If-Match must name its current revision. */
export function changeableDialog(req: StubRequest, deps: DialogRouteDependencies, options = { allowDeleted: false }): Lookup {
  const lookup = readableDialog(req, deps);
  if (!lookup.record) return lookup;
  if (lookup.record.deletedAt !== null && !options.allowDeleted) return { response: dialogRemoved(lookup.record.id) };
  if (isStale(req, lookup.record)) return { response: staleRevision() };
  return lookup;
}

function isStale(req: StubRequest, record: DialogRecord): boolean {
  const header = req.headers["if-match"];
  if (header === undefined) return false;
  const revision = header.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
  return revision !== "*" && revision.toLowerCase() !== record.revision.toLowerCase();
}

export function isSilentUpdate(req: StubRequest): boolean {
  return req.query.get("isSilentUpdate")?.toLowerCase() === "true";
}

export type Commit = { ok: true; newEntityIds: string[] } | { ok: false; response: StubResponse };

/** Checks and stores a new version of the dialog document; every stored change gets a new revision. */
export function commitDocument(record: DialogRecord, candidate: JsonValue, options: { silent: boolean }): Commit {
  const check = checkDocument(candidate, record.document);
  if (!check.ok) return check;
  const contentChanged = !jsonEqual(record.document["content"], check.document["content"]);
  record.document = check.document;
  const now = new Date().toISOString();
  for (const id of check.newEntityIds) record.receivedAt.set(id, now);
  recordChange(record, { silent: options.silent, contentChanged });
  return { ok: true, newEntityIds: check.newEntityIds };
}

export function etag(record: DialogRecord): Record<string, string> {
  return { etag: record.revision };
}
