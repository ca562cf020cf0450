/**
 * Service-owner dialog endpoints: create, read, full update (PUT), JSON Patch, soft delete, purge and restore.
 * A create with an id that already exists answers 422 "already exists" (the real Correspondence counts that as success);
 * a reused idempotentKey answers 409.
 */
import { randomUUID } from "node:crypto";
import type { StubRequest, StubResponse, StubRouter } from "../../router.js";
import { callerOrgCode } from "./caller.js";
import { checkDocument, withoutUntouchedMembers, withUpdatableMembers } from "./dialog-changes.js";
import { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from "./json-patch.js";
import { arrayMember, isJsonObject, isJsonValue, stringMember, type JsonObject, type JsonValue } from "./json.js";
import { alreadyExists, badRequest, idempotentKeyUsed, validationFailed } from "./problems.js";
import {
  changeableDialog,
  commitDocument,
  etag,
  isSilentUpdate,
  readableDialog,
  serviceOwnerDialogsPath,
  type DialogRouteDependencies,
} from "./route-support.js";
import { jsonPatchSchema } from "./schemas.js";
import { recordChange, type DialogRecord } from "./store.js";
import { uuidV7 } from "./uuid.js";
import { serviceOwnerView } from "./views.js";

export function registerDialogRoutes(router: StubRouter, deps: DialogRouteDependencies): void {
  const withToken = { requiresToken: true };
  const dialogPath = `${serviceOwnerDialogsPath}/:dialogId`;
  router.route("dialogporten", "POST", serviceOwnerDialogsPath, (req) => createDialog(req, deps), withToken);
  router.route("dialogporten", "GET", dialogPath, (req) => getDialog(req, deps), withToken);
  router.route("dialogporten", "PUT", dialogPath, (req) => updateDialog(req, deps), withToken);
  router.route("dialogporten", "PATCH", dialogPath, (req) => patchDialog(req, deps), withToken);
  router.route("dialogporten", "DELETE", dialogPath, (req) => deleteDialog(req, deps), withToken);
  router.route("dialogporten", "POST", `${dialogPath}/actions/purge`, (req) => purgeDialog(req, deps), withToken);
  router.route("dialogporten", "POST", `${dialogPath}/actions/restore`, (req) => restoreDialog(req, deps), withToken);
}

function createDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  if (!isJsonObject(req.body)) return badRequest("$", "The dialog must be a JSON object.");
  const { id: requestedId, ...members } = req.body;
  // A caller-chosen id (validated as UUIDv7 with the rest) makes the create idempotent; without one the stub picks it.
  const check = checkDocument({ id: requestedId ?? uuidV7(), ...members }, undefined);
  if (!check.ok) return check.response;
  const id = stringMember(check.document, "id") ?? "";

  const org = req.caller ? (callerOrgCode(req.caller, deps.context.fixtures) ?? null) : null;
  const idempotentKey = stringMember(check.document, "idempotentKey");
  const dialogWithKey = idempotentKey === undefined ? undefined : deps.store.dialogIdForIdempotentKey(org, idempotentKey);
  if (idempotentKey !== undefined && dialogWithKey !== undefined) return idempotentKeyUsed(idempotentKey, dialogWithKey);
  if (deps.store.get(id)) return alreadyExists("DialogEntity", id);

  const now = new Date().toISOString();
  const createdAt = stringMember(check.document, "createdAt") ?? now;
  const updatedAt = stringMember(check.document, "updatedAt") ?? createdAt;
  const record: DialogRecord = {
    id,
    document: check.document,
    org,
    revision: randomUUID(),
    createdAt,
    updatedAt,
    contentUpdatedAt: updatedAt,
    deletedAt: null,
    purgedAt: null,
    receivedAt: new Map(check.newEntityIds.map((entityId) => [entityId, now])),
  };
  deps.store.add(record, idempotentKey);
  return {
    status: 201,
    json: id,
    headers: { location: `${deps.context.baseUrl}${serviceOwnerDialogsPath}/${id}`, ...etag(record) },
  };
}

function getDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = readableDialog(req, deps);
  if (!record) return response;
  return { status: 200, json: serviceOwnerView(record, deps.context.fixtures), headers: etag(record) };
}

/**
 * PUT replaces everything a service owner may change. The dialog's identity stays, and the activities and
 * transmissions in the body are new ones, appended to those the dialog already has (they are immutable).
 */
function updateDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = changeableDialog(req, deps);
  if (!record) return response;
  if (!isJsonObject(req.body)) return badRequest("$", "The dialog must be a JSON object.");
  const previous = record.document;
  const candidate: JsonObject = { ...req.body };
  for (const member of ["id", "serviceResource", "party", "idempotentKey"]) {
    const kept = previous[member];
    if (kept === undefined) delete candidate[member];
    else candidate[member] = kept;
  }
  for (const member of ["activities", "transmissions"]) {
    candidate[member] = [...arrayMember(previous, member), ...arrayMember(req.body, member)];
  }
  return answerCommit(record, commitDocument(record, candidate, { silent: isSilentUpdate(req) }));
}

function patchDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = changeableDialog(req, deps);
  if (!record) return response;
  const parsed = jsonPatchSchema.safeParse(req.body);
  if (!parsed.success) return validationFailed(parsed.error);
  const operations: JsonPatchOperation[] = [];
  for (const operation of parsed.data) {
    if (operation.op === "remove") operations.push({ op: "remove", path: operation.path });
    else if ("from" in operation) {
      operations.push({ op: operation.op, from: operation.from, path: operation.path });
    } else {
      if (!isJsonValue(operation.value)) return badRequest("value", "Value must be JSON.");
      operations.push({ op: operation.op, path: operation.path, value: operation.value });
    }
  }
  let patched: JsonValue;
  try {
    patched = applyJsonPatch(withUpdatableMembers(record.document), operations);
  } catch (error) {
    if (error instanceof JsonPatchError) return badRequest("patchDocument", error.message);
    throw error;
  }
  const candidate = withoutUntouchedMembers(patched, record.document);
  return answerCommit(record, commitDocument(record, candidate, { silent: isSilentUpdate(req) }));
}

function answerCommit(record: DialogRecord, commit: ReturnType<typeof commitDocument>): StubResponse {
  return commit.ok ? { status: 204, headers: etag(record) } : commit.response;
}

/** Soft delete: hidden from end users (410), restorable; a second delete answers 410 like any change to a deleted dialog. */
function deleteDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = changeableDialog(req, deps);
  if (!record) return response;
  record.deletedAt = new Date().toISOString();
  recordChange(record, { silent: false });
  return { status: 204, headers: etag(record) };
}

/** Hard delete: gone for every API (404), but kept in the recording with its purgedAt. */
function purgeDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = changeableDialog(req, deps, { allowDeleted: true });
  if (!record) return response;
  record.purgedAt = new Date().toISOString();
  return { status: 204 };
}

function restoreDialog(req: StubRequest, deps: DialogRouteDependencies): StubResponse {
  const { record, response } = changeableDialog(req, deps, { allowDeleted: true });
  if (!record) return response;
  if (record.deletedAt === null) return { status: 204, headers: etag(record) };
  record.deletedAt = null;
  recordChange(record, { silent: false });
  return { status: 204, headers: etag(record) };
}

