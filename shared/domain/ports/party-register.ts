/** Altinn Register: who a party URN is (uuid, party id, name) and which roles people hold for an organisation. */

export type PartyType = "person" | "organization" | "self-identified" | (string & {});

export interface Party {
  partyUuid: string;
  partyId: number;
  /** Display name, e.g. for `{{recipientName}}`. */
  name: string;
  type: PartyType;
  orgNumber?: string;
  /** National identity number of a person. */
  ssn?: string;
  /** The Altinn user id of a person or self-identified user (who can log in); organisations have none. */
  userId?: number;
}

export interface PartyRegister {
  /**
   * Looks up party URNs (`urn:altinn:organization:identifier-no:…`, `urn:altinn:person:identifier-no:…`,
   * `urn:altinn:person:idporten-email:…`, `urn:altinn:party:uuid:…`, `urn:altinn:partyid:…`). The map is keyed by the
   * URN exactly as given; a URN missing from it is not a party.
   */
  lookup(urns: readonly string[]): Promise<Map<string, Party>>;
  /**
   * Whether the organisation (or, for a sub-unit, its main unit) has someone holding at least one of `roles`
   * (authorization.md §6, the confidential-recipient check).
   */
  hasRequiredRoles(orgNumber: string, roles: readonly string[]): Promise<boolean>;
}

/** The roles of which a confidential correspondence's organisation recipient must have at least one (authorization.md §6). */
export const confidentialRecipientRoles = [
  "bestyrende-reder",
  "daglig-leder",
  "deltaker-delt-ansvar",
  "deltaker-fullt-ansvar",
  "innehaver",
  "styreleder",
  "komplementar",
] as const;
