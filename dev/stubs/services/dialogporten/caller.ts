/**
 * Who is calling, read from the verified token claims the way the Altinn platform reads them: organisations from
 * `urn:altinn:org` / `urn:altinn:orgNumber` / Maskinporten's `consumer`, persons from `pid`. The Notifications stub uses
 * the organisation part too (its order "creator").
 */
import type { StubFixtures } from "../../fixtures.js";

type Claims = Record<string, unknown>;

export function callerOrganisationNumber(caller: Claims): string | undefined {
  const orgNumber = caller["urn:altinn:orgNumber"];
  if (typeof orgNumber === "string" || typeof orgNumber === "number") return String(orgNumber);
  // Maskinporten's consumer is {"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"}; some tokens carry it as a string.
  return consumerId(caller["consumer"])?.split(":").at(-1);
}

/** The service owner's organisation code, mapped from the organisation number when the token has no `urn:altinn:org`. */
export function callerOrgCode(caller: Claims, fixtures: StubFixtures): string | undefined {
  const orgCode = caller["urn:altinn:org"];
  if (typeof orgCode === "string" && orgCode.length > 0) return orgCode;
  const orgNumber = callerOrganisationNumber(caller);
  return orgNumber === undefined ? undefined : (fixtures.serviceOwnerOrgCodes[orgNumber] ?? orgNumber);
}

export function callerPersonNumber(caller: Claims): string | undefined {
  const pid = caller["pid"];
  return typeof pid === "string" && /^\d{11}$/.test(pid) ? pid : undefined;
}

/** Whether the token's space-separated `scope` claim holds this scope. */
export function callerHasScope(caller: Claims, scope: string): boolean {
  const scopes = caller["scope"];
  return typeof scopes === "string" && scopes.split(/\s+/).includes(scope);
}

/** `urn:altinn:authlevel`, which Dialogporten copies into the dialog token's `l` claim. */
export function callerAuthenticationLevel(caller: Claims): number {
  const level = Number(caller["urn:altinn:authlevel"]);
  return Number.isInteger(level) && level >= 0 ? level : 0;
}

function consumerId(consumer: unknown): string | undefined {
  let value = consumer;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value === "object" && value !== null && "ID" in value && typeof value.ID === "string") return value.ID;
  return undefined;
}
