/**
 * Maps the claims of a verified token to a Caller (authorization.md §3). Claims arrive in several shapes:
 * `consumer` and `authorization_details` as objects or as JSON text, levels as numbers or numeric strings. So
 * every reader here is lenient about shape and strict about content: anything unexpected is treated as absent.
 */
import type { Caller, DialogTokenClaims, SystemUserClaims, TokenScheme } from "../../domain/caller.js";

type Claims = Readonly<Record<string, unknown>>;

const organisationUrnPrefix = "urn:altinn:organization:identifier-no:";
const organisationNumberPattern = /^\d{9}$/;

export function callerFromClaims(scheme: TokenScheme, issuer: string, claims: Claims): Caller {
  const dialog = scheme === "dialogporten" ? dialogClaims(claims) : undefined;
  const systemUser = systemUserClaims(claims.authorization_details);
  const consumerOrganisationNumber = organisationNumberFromId(objectClaim(claims.consumer)?.ID);
  const organisationNumber =
    systemUser?.organisationNumber ??
    organisationNumberFromId(claims["urn:altinn:orgNumber"]) ??
    consumerOrganisationNumber ??
    organisationNumberFromUrn(dialog?.party);
  return {
    scheme,
    issuer,
    scopes: scopeList(claims.scope),
    organisationNumber,
    consumerOrganisationNumber,
    orgCode: stringClaim(claims["urn:altinn:org"]),
    person: stringClaim(claims.pid),
    userId: idClaim(claims["urn:altinn:userid"]),
    partyId: idClaim(claims["urn:altinn:partyid"]),
    authenticationLevel: levelClaim(claims["urn:altinn:authlevel"]) ?? dialog?.authenticationLevel,
    systemUser,
    dialog,
    tokenId: stringClaim(claims.jti),
    urnClaims: Object.fromEntries(
      Object.entries(claims).filter(
        (entry): entry is [string, string] => entry[0].startsWith("urn:") && typeof entry[1] === "string",
      ),
    ),
  };
}

function dialogClaims(claims: Claims): DialogTokenClaims {
  return {
    dialogId: stringClaim(claims.i),
    party: stringClaim(claims.p),
    actor: stringClaim(claims.c),
    actions: (stringClaim(claims.a) ?? "")
      .split(";")
      .map((action) => action.trim())
      .filter((action) => action.length > 0),
    authenticationLevel: levelClaim(claims.l),
    serviceResource: stringClaim(claims.s),
    systemUser: stringClaim(claims.y),
  };
}

/** `authorization_details` of a system-user token: one object or an array, possibly as JSON text. */
function systemUserClaims(value: unknown): SystemUserClaims | undefined {
  const parsed = typeof value === "string" ? parseJson(value) : value;
  const details = Array.isArray(parsed) ? parsed : [parsed];
  for (const detail of details) {
    const object = objectClaim(detail);
    if (object?.type !== "urn:altinn:systemuser") continue;
    const ids = Array.isArray(object.systemuser_id) ? object.systemuser_id : [object.systemuser_id];
    return {
      id: ids.map(stringClaim).find((id) => id !== undefined),
      organisationNumber: organisationNumberFromId(objectClaim(object.systemuser_org)?.ID),
    };
  }
  return undefined;
}

function scopeList(value: unknown): string[] {
  if (typeof value === "string") return value.split(/\s+/).filter((scope) => scope.length > 0);
  if (Array.isArray(value)) {
    return value.filter((scope): scope is string => typeof scope === "string" && scope.length > 0);
  }
  return [];
}

/** `0192:991825827`, `urn:…:991825827` or `991825827` → `991825827`; anything but 9 digits → undefined. */
function organisationNumberFromId(value: unknown): string | undefined {
  const id = stringClaim(value);
  const candidate = id?.slice(id.lastIndexOf(":") + 1);
  return candidate !== undefined && organisationNumberPattern.test(candidate) ? candidate : undefined;
}

function organisationNumberFromUrn(urn: string | undefined): string | undefined {
  return urn?.startsWith(organisationUrnPrefix) ? organisationNumberFromId(urn) : undefined;
}

function objectClaim(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" ? parseJson(value) : value;
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Numeric ids are sometimes numbers in tokens; keep them as text so they are never rounded. */
function idClaim(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return stringClaim(value);
}

function levelClaim(value: unknown): number | undefined {
  const level = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof level === "number" && Number.isInteger(level) && level >= 0 ? level : undefined;
}
