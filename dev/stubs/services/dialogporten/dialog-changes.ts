/**
 * Checking a whole new version of a dialog document before it is stored, whichever way it came (create, PUT, PATCH,
 * adding an activity or a transmission): it must still be a valid dialog, its identity must not change, activities and
 * transmissions may only be appended, and new ones get ids that are unique within the dialog.
 */
import type { StubResponse } from "../../router.js";
import { arrayMember, cloneJson, isJsonObject, jsonEqual, stringMember, type JsonObject, type JsonValue } from "./json.js";
import { alreadyExists, badRequest, domainError, idempotentKeyUsed, validationFailed } from "./problems.js";
import { dialogSchema } from "./schemas.js";
import { uuidV7 } from "./uuid.js";

export type DocumentCheck =
  | { ok: true; document: JsonObject; newEntityIds: string[] }
  | { ok: false; response: StubResponse };

const identityMembers = ["id", "serviceResource", "party", "idempotentKey"] as const;
const appendOnlyLists = [
  { member: "activities", entity: "DialogActivity" },
  { member: "transmissions", entity: "DialogTransmission" },
] as const;

export function checkDocument(candidate: JsonValue, previous: JsonObject | undefined): DocumentCheck {
  if (!isJsonObject(candidate)) return { ok: false, response: badRequest("$", "The dialog must be a JSON object.") };
  const parsed = dialogSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, response: validationFailed(parsed.error) };

  const document = cloneJson(candidate);
  if (previous) {
    for (const member of identityMembers) {
      if (!jsonEqual(document[member], previous[member])) {
        return { ok: false, response: badRequest(member, `${member} cannot be changed.`) };
      }
    }
  }

  const newEntityIds: string[] = [];
  for (const { member, entity } of appendOnlyLists) {
    const before = previous ? arrayMember(previous, member) : [];
    const after = arrayMember(document, member);
    if (after.length < before.length || before.some((item, index) => !jsonEqual(item, after[index]))) {
      return { ok: false, response: domainError(member, `Existing ${member} cannot be changed or removed, only added to.`) };
    }
    const knownIds = new Set(before.filter(isJsonObject).map((item) => stringMember(item, "id")?.toLowerCase()));
    for (const added of after.slice(before.length).filter(isJsonObject)) {
      const id = (stringMember(added, "id") ?? assignId(added)).toLowerCase();
      if (knownIds.has(id)) return { ok: false, response: alreadyExists(entity, id) };
      knownIds.add(id);
      newEntityIds.push(id);
    }
  }

  const transmissions = arrayMember(document, "transmissions").filter(isJsonObject);
  const duplicateKey = firstDuplicate(transmissions.map((transmission) => stringMember(transmission, "idempotentKey")));
  if (duplicateKey !== undefined) return { ok: false, response: idempotentKeyUsed(duplicateKey, stringMember(document, "id") ?? "") };

  const transmissionIds = new Set(transmissions.map((transmission) => stringMember(transmission, "id")?.toLowerCase()));
  for (const activity of arrayMember(document, "activities").filter(isJsonObject)) {
    const transmissionId = stringMember(activity, "transmissionId");
    if (transmissionId !== undefined && !transmissionIds.has(transmissionId.toLowerCase())) {
      return { ok: false, response: domainError("transmissionId", `Transmission '${transmissionId}' does not exist in the dialog.`) };
    }
  }
  return { ok: true, document, newEntityIds };
}

// Activities and transmissions posted without an id get one, so they can be fetched and referred to afterwards.
function assignId(entity: JsonObject): string {
  const id = uuidV7();
  entity["id"] = id;
  return id;
}

function firstDuplicate(values: ReadonlyArray<string | undefined>): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/**
 * Members a service owner can update. A dialog read back shows them all (null or empty when unset), so patches written
 * against that view (`replace /expiresAt`, `add /guiActions/-`) work on a document that never had them.
 */
const updatableMembers: Readonly<Record<string, JsonValue>> = {
  status: null,
  extendedStatus: null,
  externalReference: null,
  progress: null,
  visibleFrom: null,
  dueAt: null,
  expiresAt: null,
  process: null,
  precedingProcess: null,
  searchTags: [],
  attachments: [],
  guiActions: [],
  apiActions: [],
  transmissions: [],
  activities: [],
};

export function withUpdatableMembers(document: JsonObject): JsonObject {
  const target = cloneJson(document);
  for (const [member, empty] of Object.entries(updatableMembers)) {
    if (!Object.hasOwn(target, member)) target[member] = cloneJson(empty);
  }
  return target;
}

/** Drops the members `withUpdatableMembers` filled in that the patch left empty, so the stored document stays as written. */
export function withoutUntouchedMembers(patched: JsonValue, original: JsonObject): JsonValue {
  if (!isJsonObject(patched)) return patched;
  for (const [member, empty] of Object.entries(updatableMembers)) {
    if (!Object.hasOwn(original, member) && jsonEqual(patched[member], empty)) delete patched[member];
  }
  return patched;
}
