/** How a stored dialog looks to a service owner, to an end user, and in the stub's recording. */
import { resourceFixture, type StubFixtures } from "../../fixtures.js";
import { arrayMember, isJsonObject, stringMember, type JsonObject, type JsonValue } from "./json.js";
import type { DialogRecord } from "./store.js";

/** `GET /serviceowner/dialogs/{id}`: the stored document with Dialogporten's server-side facts and defaults filled in. */
export function serviceOwnerView(record: DialogRecord, fixtures: StubFixtures): JsonObject {
  const document = record.document;
  return {
    ...document,
    id: record.id,
    revision: record.revision,
    org: record.org,
    serviceResourceType: resourceFixture(fixtures, resourceIdOf(record)).resourceType,
    status: document["status"] ?? "NotApplicable",
    systemLabel: document["systemLabel"] ?? "Default",
    isApiOnly: document["isApiOnly"] ?? false,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    contentUpdatedAt: record.contentUpdatedAt,
    deletedAt: record.deletedAt,
    searchTags: arrayMember(document, "searchTags"),
    attachments: arrayMember(document, "attachments"),
    guiActions: arrayMember(document, "guiActions"),
    apiActions: arrayMember(document, "apiActions"),
    transmissions: subEntities(record, "transmissions"),
    activities: subEntities(record, "activities"),
    seenSinceLastUpdate: [],
  };
}

/**
 * `GET /enduser/dialogs/{id}`: what an end user may see (no service-owner context, no search tags), with every action
 * and transmission flagged as authorised or not; unauthorised URLs are masked the way Dialogporten masks them.
 */
export function endUserView(record: DialogRecord, fixtures: StubFixtures, authorizedActions: ReadonlySet<string>, dialogToken: string): JsonObject {
  const owner = serviceOwnerView(record, fixtures);
  const authorized = (action: JsonValue) => typeof action === "string" && authorizedActions.has(action);
  const guiActions = arrayMember(owner, "guiActions").filter(isJsonObject).map((action) => {
    const isAuthorized = authorized(action["action"] ?? null);
    return { ...action, isAuthorized, url: isAuthorized ? (action["url"] ?? null) : unauthorizedUrl };
  });
  const apiActions = arrayMember(owner, "apiActions").filter(isJsonObject).map((action) => {
    const isAuthorized = authorized(action["action"] ?? null);
    const endpoints = arrayMember(action, "endpoints").filter(isJsonObject).map((endpoint) =>
      isAuthorized ? endpoint : { ...endpoint, url: unauthorizedUrl },
    );
    return { ...action, isAuthorized, endpoints };
  });
  const transmissions = arrayMember(owner, "transmissions").filter(isJsonObject).map((transmission) => ({
    ...transmission,
    isAuthorized: authorizedActions.has("read"),
  }));
  const visible: JsonObject = {};
  for (const member of endUserMembers) visible[member] = owner[member] ?? null;
  return { ...visible, guiActions, apiActions, transmissions, dialogToken };
}

const unauthorizedUrl = "urn:dialogporten:unauthorized";

const endUserMembers = [
  "id",
  "revision",
  "org",
  "serviceResource",
  "serviceResourceType",
  "party",
  "progress",
  "process",
  "precedingProcess",
  "extendedStatus",
  "externalReference",
  "visibleFrom",
  "dueAt",
  "expiresAt",
  "createdAt",
  "updatedAt",
  "contentUpdatedAt",
  "status",
  "systemLabel",
  "isApiOnly",
  "content",
  "attachments",
  "activities",
  "seenSinceLastUpdate",
] as const;

/** `GET /_stub/dialogporten/dialogs`: the document as written plus deletion facts; `purgedAt` only once purged. */
export function recordingView(record: DialogRecord): JsonObject {
  return {
    ...record.document,
    activities: arrayMember(record.document, "activities"),
    transmissions: arrayMember(record.document, "transmissions"),
    deletedAt: record.deletedAt,
    ...(record.purgedAt === null ? {} : { purgedAt: record.purgedAt }),
  };
}

export function resourceIdOf(record: DialogRecord): string {
  return (stringMember(record.document, "serviceResource") ?? "").replace(/^urn:altinn:resource:/, "");
}

/** Activities or transmissions as received, with the server's createdAt for those that came without one. */
export function subEntities(record: DialogRecord, member: "activities" | "transmissions"): JsonObject[] {
  return arrayMember(record.document, member)
    .filter(isJsonObject)
    .map((entity) => {
      const id = stringMember(entity, "id") ?? "";
      return { ...entity, createdAt: entity["createdAt"] ?? record.receivedAt.get(id.toLowerCase()) ?? record.createdAt };
    });
}
