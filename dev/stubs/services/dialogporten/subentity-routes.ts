/**
 * Activities and transmissions of a dialog. Both are append-only; a caller-chosen id makes posting idempotent in the way
 * Dialogporten does it: the second post of the same id answers 422 "already exists", which the real Correspondence ignores.
 *
 * A soft-deleted dialog refuses new ones with 410, as it refuses every change — except an activity from a service-owner
 * admin (scope `digdir:dialogporten.serviceprovider.admin`), which Dialogporten lets through (Altinn/dialogporten
 * `CreateActivityCommand`: `if (dialog.Deleted && !IsCurrentUserServiceOwnerAdmin()) return EntityDeleted`).
 */
import type { StubRequest, StubResponse, StubRouter } from "../../router.js";
import type { z } from "zod";
import { callerHasScope } from "./caller.js";
import { arrayMember, cloneJson, isJsonObject, stringMember } from "./json.js";
import { badRequest, entityNotFound, validationFailed } from "./problems.js";
import {
  changeableDialog,
  commitDocument,
  etag,
  isSilentUpdate,
  readableDialog,
  serviceOwnerDialogsPath,
  type DialogRouteDependencies,
} from "./route-support.js";
import { activitySchema, transmissionSchema } from "./schemas.js";
import { subEntities } from "./views.js";

interface SubEntityKind {
  member: "activities" | "transmissions";
  entity: string;
  idParameter: string;
  schema: z.ZodType;
  /** Whether an admin may still add one to a soft-deleted dialog. */
  adminMayAddWhenDeleted: boolean;
}

export const serviceOwnerAdminScope = "digdir:dialogporten.serviceprovider.admin";

const activityKind: SubEntityKind = {
  member: "activities",
  entity: "DialogActivity",
  idParameter: "activityId",
  schema: activitySchema,
  adminMayAddWhenDeleted: true,
};
const transmissionKind: SubEntityKind = {
  member: "transmissions",
  entity: "DialogTransmission",
  idParameter: "transmissionId",
  schema: transmissionSchema,
  adminMayAddWhenDeleted: false,
};

export function registerSubEntityRoutes(router: StubRouter, deps: DialogRouteDependencies): void {
  const withToken = { requiresToken: true };
  for (const kind of [activityKind, transmissionKind]) {
    const listPath = `${serviceOwnerDialogsPath}/:dialogId/${kind.member}`;
    router.route("dialogporten", "POST", listPath, (req) => addSubEntity(req, deps, kind), withToken);
    router.route("dialogporten", "GET", listPath, (req) => listSubEntities(req, deps, kind), withToken);
    router.route("dialogporten", "GET", `${listPath}/:${kind.idParameter}`, (req) => getSubEntity(req, deps, kind), withToken);
  }
}

function addSubEntity(req: StubRequest, deps: DialogRouteDependencies, kind: SubEntityKind): StubResponse {
  const isAdmin = req.caller !== undefined && callerHasScope(req.caller, serviceOwnerAdminScope);
  const allowDeleted = kind.adminMayAddWhenDeleted && isAdmin;
  const { record, response } = changeableDialog(req, deps, { allowDeleted });
  if (!record) return response;
  if (!isJsonObject(req.body)) return badRequest("$", "The body must be a JSON object.");
  const parsed = kind.schema.safeParse(req.body);
  if (!parsed.success) return validationFailed(parsed.error);

  const candidate = cloneJson(record.document);
  candidate[kind.member] = [...arrayMember(record.document, kind.member), cloneJson(req.body)];
  const commit = commitDocument(record, candidate, { silent: isSilentUpdate(req) });
  if (!commit.ok) return commit.response;
  const id = commit.newEntityIds[0] ?? "";
  return {
    status: 201,
    json: id,
    headers: { location: `${deps.context.baseUrl}${serviceOwnerDialogsPath}/${record.id}/${kind.member}/${id}`, ...etag(record) },
  };
}

function listSubEntities(req: StubRequest, deps: DialogRouteDependencies, kind: SubEntityKind): StubResponse {
  const { record, response } = readableDialog(req, deps);
  if (!record) return response;
  return { status: 200, json: subEntities(record, kind.member) };
}

function getSubEntity(req: StubRequest, deps: DialogRouteDependencies, kind: SubEntityKind): StubResponse {
  const { record, response } = readableDialog(req, deps);
  if (!record) return response;
  const wanted = (req.params[kind.idParameter] ?? "").toLowerCase();
  const found = subEntities(record, kind.member).find((entity) => stringMember(entity, "id")?.toLowerCase() === wanted);
  return found ? { status: 200, json: found } : entityNotFound(kind.entity, wanted);
}
