/**
 * `GET /correspondence` query parameters (api.md §4.3), bound the way ASP.NET binds `[FromQuery]` parameters: names
 * case-insensitive, an empty value counts as absent, enums by name (any case) or defined integer, and a value that
 * does not convert is "The value '…' is not valid for <name>." — all as a STD-00000 400. The business rule on the
 * dates (from after to, 1027) is the use case's.
 */
import type { InvocationContext } from "@azure/functions";
import { z } from "zod";
import type { CorrespondenceStatus } from "../../domain/correspondence/status.js";
import { parseOrganizationOrPerson, type PartyIdentifier } from "../../domain/identifiers.js";
import type { FieldFailure } from "../problem-details.js";
import { correspondenceStatusSchema, correspondencesRoleTypeSchema, type CorrespondencesRoleType } from "./enums.js";
import { wireEnumMember } from "./lenient-json.js";
import { requiredMessage } from "./model-state.js";
import { validationFailure, type WireParseResult } from "./parse-wire-body.js";
import { isGuid, toUtcIso, wireDateTimeOffset } from "./primitives.js";

export const onBehalfOfMessage =
  "onBehalfOf must be an organization (urn:altinn:organization:identifier-no:<9 digits> or 0192:<9 digits>) or a " +
  "person (urn:altinn:person:identifier-no:<11 digits> or 11 digits with a valid national identity number)";

/** The parameters as documented (OpenAPI); binding itself is done by `parseSearchCorrespondencesQuery`. */
export const searchCorrespondencesQuerySchema = z.object({
  resourceId: z.string().min(1).describe("The resource id (with or without `urn:altinn:resource:`)"),
  role: correspondencesRoleTypeSchema.describe("Recipient, Sender or RecipientAndSender (name in any case, or 0–2)"),
  from: wireDateTimeOffset().optional().describe("Only correspondences with requestedPublishTime after this"),
  to: wireDateTimeOffset().optional().describe("Only correspondences with requestedPublishTime before this"),
  status: correspondenceStatusSchema.optional().describe("Only correspondences that have ever had this status"),
  onBehalfOf: z.string().optional().describe("The party: organization URN / 0192: form, or person URN / 11 digits"),
  sendersReference: z.string().optional(),
  idempotentKey: z.guid().optional().describe("Returns the correspondence created with this idempotentKey"),
  altinn2CorrespondenceId: z.number().int().optional(),
});

export interface SearchCorrespondencesQuery {
  resourceId: string;
  role: CorrespondencesRoleType;
  /** UTC ISO strings. */
  from: string | null;
  to: string | null;
  status: CorrespondenceStatus | null;
  onBehalfOf: PartyIdentifier | null;
  sendersReference: string | null;
  /** Lower-case GUID. */
  idempotentKey: string | null;
  altinn2CorrespondenceId: number | null;
}

type ParameterName = keyof z.infer<typeof searchCorrespondencesQuerySchema>;

const parameterNames = Object.keys(searchCorrespondencesQuerySchema.shape) as ParameterName[];

/** The first value of each known parameter, matched case-insensitively; empty values count as absent. */
function readParameters(query: URLSearchParams): Partial<Record<ParameterName, string>> {
  const canonical = new Map(parameterNames.map((name) => [name.toLowerCase(), name]));
  const values: Partial<Record<ParameterName, string>> = {};
  for (const [key, value] of query) {
    const name = canonical.get(key.toLowerCase());
    if (name === undefined || values[name] !== undefined || value.trim() === "") continue;
    values[name] = value;
  }
  return values;
}

function notValid(name: ParameterName, value: string): FieldFailure {
  return { key: name, message: `The value '${value}' is not valid for ${name}.` };
}

const integerPattern = /^[+-]?\d{1,10}$/;

function parseDateTime(value: string): string | undefined {
  const trimmed = value.trim();
  if (wireDateTimeOffset().safeParse(trimmed).success) return toUtcIso(trimmed);
  // ASP.NET also reads a bare date, as midnight.
  if (z.iso.date().safeParse(trimmed).success) return toUtcIso(`${trimmed}T00:00:00`);
  return undefined;
}

export function parseSearchCorrespondencesQuery(
  query: URLSearchParams,
  context?: InvocationContext,
): WireParseResult<SearchCorrespondencesQuery> {
  const raw = readParameters(query);
  const failures: FieldFailure[] = [];

  const resourceId = raw.resourceId;
  if (resourceId === undefined) failures.push({ key: "resourceId", message: requiredMessage("resourceId") });

  let role: CorrespondencesRoleType | undefined;
  if (raw.role === undefined) failures.push({ key: "role", message: requiredMessage("role") });
  else {
    role = wireEnumMember(correspondencesRoleTypeSchema, raw.role.trim());
    if (role === undefined) failures.push(notValid("role", raw.role));
  }

  const dateOf = (name: "from" | "to"): string | null => {
    const value = raw[name];
    if (value === undefined) return null;
    const parsed = parseDateTime(value);
    if (parsed === undefined) failures.push(notValid(name, value));
    return parsed ?? null;
  };
  const from = dateOf("from");
  const to = dateOf("to");

  let status: CorrespondenceStatus | null = null;
  if (raw.status !== undefined) {
    const member = wireEnumMember(correspondenceStatusSchema, raw.status.trim());
    if (member === undefined) failures.push(notValid("status", raw.status));
    status = member ?? null;
  }

  let onBehalfOf: PartyIdentifier | null = null;
  if (raw.onBehalfOf !== undefined) {
    onBehalfOf = parseOrganizationOrPerson(raw.onBehalfOf.trim()) ?? null;
    if (onBehalfOf === null) failures.push({ key: "onBehalfOf", message: onBehalfOfMessage });
  }

  let idempotentKey: string | null = null;
  if (raw.idempotentKey !== undefined) {
    if (isGuid(raw.idempotentKey.trim())) idempotentKey = raw.idempotentKey.trim().toLowerCase();
    else failures.push(notValid("idempotentKey", raw.idempotentKey));
  }

  let altinn2CorrespondenceId: number | null = null;
  if (raw.altinn2CorrespondenceId !== undefined) {
    const value = raw.altinn2CorrespondenceId.trim();
    const number = integerPattern.test(value) ? Number(value) : Number.NaN;
    // System.Int32.
    if (Number.isInteger(number) && number >= -2_147_483_648 && number <= 2_147_483_647) altinn2CorrespondenceId = number;
    else failures.push(notValid("altinn2CorrespondenceId", raw.altinn2CorrespondenceId));
  }

  if (failures.length > 0 || resourceId === undefined || role === undefined) return validationFailure(failures, context);
  return {
    ok: true,
    value: {
      resourceId,
      role,
      from,
      to,
      status,
      onBehalfOf,
      sendersReference: raw.sendersReference ?? null,
      idempotentKey,
      altinn2CorrespondenceId,
    },
  };
}
