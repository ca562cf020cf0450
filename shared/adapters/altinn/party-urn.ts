/** The party URN forms Altinn's APIs speak, parsed once so each adapter maps them to its own attribute names. */
export type PartyReference =
  | { kind: "organization"; orgNumber: string }
  | { kind: "person"; nationalId: string }
  | { kind: "idportenEmail"; email: string }
  | { kind: "legacySelfIdentified"; username: string }
  | { kind: "partyId"; partyId: string }
  | { kind: "partyUuid"; partyUuid: string };

export const partyUrn = {
  organization: "urn:altinn:organization:identifier-no:",
  person: "urn:altinn:person:identifier-no:",
  idportenEmail: "urn:altinn:person:idporten-email:",
  legacySelfIdentified: "urn:altinn:person:legacy-selfidentified:",
  partyId: "urn:altinn:party:id:",
  partyUuid: "urn:altinn:party:uuid:",
} as const;

/**
 * Accepts the URNs above plus the older `urn:altinn:partyid:` and bare organisation (9 digits, optionally `0192:`)
 * and national identity (11 digits) numbers; undefined for anything else.
 */
export function parsePartyUrn(text: string): PartyReference | undefined {
  const value = text.trim();
  const lower = value.toLowerCase();
  const after = (prefix: string): string | undefined => (lower.startsWith(prefix) ? value.slice(prefix.length) : undefined);
  const org = after(partyUrn.organization) ?? after("0192:") ?? (/^\d{9}$/.test(value) ? value : undefined);
  if (org !== undefined) return /^\d{9}$/.test(org) ? { kind: "organization", orgNumber: org } : undefined;
  const person = after(partyUrn.person) ?? (/^\d{11}$/.test(value) ? value : undefined);
  if (person !== undefined) return /^\d{11}$/.test(person) ? { kind: "person", nationalId: person } : undefined;
  const email = after(partyUrn.idportenEmail);
  if (email !== undefined) return email.includes("@") ? { kind: "idportenEmail", email: email.toLowerCase() } : undefined;
  const username = after(partyUrn.legacySelfIdentified);
  if (username !== undefined) return username.length > 0 ? { kind: "legacySelfIdentified", username } : undefined;
  const partyId = after(partyUrn.partyId) ?? after("urn:altinn:partyid:");
  if (partyId !== undefined) return /^\d{1,10}$/.test(partyId) ? { kind: "partyId", partyId } : undefined;
  const partyUuid = after(partyUrn.partyUuid);
  if (partyUuid !== undefined) {
    return /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(partyUuid)
      ? { kind: "partyUuid", partyUuid: partyUuid.toLowerCase() }
      : undefined;
  }
  return undefined;
}

/** The canonical URN of a reference (Register's spelling), lower-cased where Altinn compares case-insensitively. */
export function canonicalPartyUrn(reference: PartyReference): string {
  switch (reference.kind) {
    case "organization":
      return partyUrn.organization + reference.orgNumber;
    case "person":
      return partyUrn.person + reference.nationalId;
    case "idportenEmail":
      return partyUrn.idportenEmail + reference.email;
    case "legacySelfIdentified":
      return partyUrn.legacySelfIdentified + reference.username;
    case "partyId":
      return partyUrn.partyId + reference.partyId;
    case "partyUuid":
      return partyUrn.partyUuid + reference.partyUuid;
  }
}
