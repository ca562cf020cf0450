/**
 * Party and resource identifiers as the contract writes them (api.md §1.1): which inputs are accepted, why one is
 * rejected, and the canonical form that is stored, compared and returned. Pure functions, no I/O.
 */

export const organizationUrnPrefix = "urn:altinn:organization:identifier-no:";
export const personUrnPrefix = "urn:altinn:person:identifier-no:";
export const idportenEmailUrnPrefix = "urn:altinn:person:idporten-email:";
export const legacySelfIdentifiedUrnPrefix = "urn:altinn:person:legacy-selfidentified:";
export const resourceUrnPrefix = "urn:altinn:resource:";
/** ISO 6523 ICD of the Norwegian organisation number register, the other accepted organisation form. */
export const norwegianOrganizationIcdPrefix = "0192:";

const organizationPattern = /^(?:0192:|urn:altinn:organization:identifier-no:)\d{9}$/;
const personPattern = /^(?:urn:altinn:person:identifier-no:)?\d{11}$/;
const idportenEmailPattern = /^urn:altinn:person:idporten-email:.+$/s;
const legacySelfIdentifiedPattern = /^urn:altinn:person:legacy-selfidentified:[^:]+$/s;

const firstControlDigitWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1] as const;
const secondControlDigitWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * The Norwegian national identity number check: 11 digits whose weighted sums with both weight sets are divisible
 * by 11 (the last weight of each set is the control digit itself, so "divisible" is the whole rule). Covers
 * D-numbers and synthetic test numbers alike — the check is arithmetic only, as the reference does it.
 */
export function isValidNationalIdentityNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const weightedSum = (weights: readonly number[]) =>
    weights.reduce((sum, weight, index) => sum + weight * (digits[index] ?? 0), 0);
  return weightedSum(firstControlDigitWeights) % 11 === 0 && weightedSum(secondControlDigitWeights) % 11 === 0;
}

/** The e-mail part of an ID-porten e-mail URN: exactly one `@` with text on both sides and no `:`. */
export function isValidIdportenEmail(email: string): boolean {
  if (email.includes(":")) return false;
  const parts = email.split("@");
  return parts.length === 2 && parts.every((part) => part.trim().length > 0);
}

export type RecipientKind = "organization" | "person" | "idportenEmail" | "legacySelfIdentified";

export type RecipientCheck =
  | { valid: true; kind: RecipientKind; canonical: string }
  | { valid: false; reason: "format" | "nationalIdentityNumber" | "email" };

/**
 * Validates one `recipients` entry the way the model validation does (formats first, then the mod-11 check for
 * person numbers, then the e-mail rule) and, when it passes, gives its canonical URN.
 */
export function checkRecipient(value: string): RecipientCheck {
  if (organizationPattern.test(value)) {
    return { valid: true, kind: "organization", canonical: organizationUrnPrefix + lastSegment(value) };
  }
  if (personPattern.test(value)) {
    const nationalIdentityNumber = lastSegment(value);
    if (!isValidNationalIdentityNumber(nationalIdentityNumber)) return { valid: false, reason: "nationalIdentityNumber" };
    return { valid: true, kind: "person", canonical: personUrnPrefix + nationalIdentityNumber };
  }
  if (idportenEmailPattern.test(value)) {
    const email = value.slice(idportenEmailUrnPrefix.length);
    if (!isValidIdportenEmail(email)) return { valid: false, reason: "email" };
    return { valid: true, kind: "idportenEmail", canonical: idportenEmailUrnPrefix + email.toLowerCase() };
  }
  if (legacySelfIdentifiedPattern.test(value)) {
    return { valid: true, kind: "legacySelfIdentified", canonical: value.toLowerCase() };
  }
  return { valid: false, reason: "format" };
}

/**
 * api.md §1.1 recipient normalisation for any identifier the system already holds (validated or stored): lower-case
 * the value; legacy self-identified URNs stay as they are; otherwise the part after the last `:` is re-prefixed by
 * its shape (9 digits → organisation, 11 digits → person, `x@y` → ID-porten e-mail). Anything else is returned
 * lower-cased, unchanged.
 */
export function normaliseRecipient(value: string): string {
  const lowered = value.trim().toLowerCase();
  if (lowered.startsWith(legacySelfIdentifiedUrnPrefix)) return lowered;
  const identifier = lastSegment(lowered);
  if (/^\d{9}$/.test(identifier)) return organizationUrnPrefix + identifier;
  if (/^\d{11}$/.test(identifier)) return personUrnPrefix + identifier;
  if (identifier.includes("@")) return idportenEmailUrnPrefix + identifier;
  return lowered;
}

export type PartyIdentifier =
  | { kind: "organization"; organizationNumber: string; urn: string }
  | { kind: "person"; nationalIdentityNumber: string; urn: string };

/**
 * An organisation or person given where only those two are allowed (`onBehalfOf` in search): organisation URN or
 * `0192:` form, person URN or bare 11 digits with a valid mod-11. Anything else is undefined.
 */
export function parseOrganizationOrPerson(value: string): PartyIdentifier | undefined {
  if (organizationPattern.test(value)) {
    const organizationNumber = lastSegment(value);
    return { kind: "organization", organizationNumber, urn: organizationUrnPrefix + organizationNumber };
  }
  if (personPattern.test(value)) {
    const nationalIdentityNumber = lastSegment(value);
    if (!isValidNationalIdentityNumber(nationalIdentityNumber)) return undefined;
    return { kind: "person", nationalIdentityNumber, urn: personUrnPrefix + nationalIdentityNumber };
  }
  return undefined;
}

/** `urn:altinn:organization:identifier-no:<orgNo>` for a 9-digit organisation number. */
export function organizationUrn(organizationNumber: string): string {
  return organizationUrnPrefix + organizationNumber;
}

/** `urn:altinn:person:identifier-no:<nin>` for an 11-digit national identity number. */
export function personUrn(nationalIdentityNumber: string): string {
  return personUrnPrefix + nationalIdentityNumber;
}

/** The organisation number of an organisation URN or `0192:` form, else undefined. */
export function organizationNumberOf(value: string): string | undefined {
  return organizationPattern.test(value) ? lastSegment(value) : undefined;
}

/** The national identity number of a person URN or bare 11 digits, else undefined (no mod-11 check). */
export function nationalIdentityNumberOf(value: string): string | undefined {
  return personPattern.test(value) ? lastSegment(value) : undefined;
}

/** The resource id rule of the request models: optional `urn:altinn:resource:` prefix, then 1–255 chars without `:`. */
export const resourceIdPattern = /^(urn:altinn:resource:)?[^:]{1,255}$/;

export function isValidResourceId(value: string): boolean {
  return resourceIdPattern.test(value);
}

/** The bare resource id: the `urn:altinn:resource:` prefix, when present, is stripped. */
export function normaliseResourceId(value: string): string {
  return value.startsWith(resourceUrnPrefix) ? value.slice(resourceUrnPrefix.length) : value;
}

function lastSegment(value: string): string {
  return value.slice(value.lastIndexOf(":") + 1);
}
