/**
 * Who is calling: the identity resolved from a validated access token. A domain type on purpose — use cases and
 * policies read it without knowing about JWTs, jose or HTTP.
 */

/** Which trusted issuer vouched for the token; decided by an exact match of `iss` against the configured issuers. */
export type TokenScheme = "altinn" | "maskinporten" | "dialogporten";

export const tokenSchemes: readonly TokenScheme[] = ["altinn", "maskinporten", "dialogporten"];

/** Claims of a Dialogporten dialog token (single-letter claim names in the token). */
export interface DialogTokenClaims {
  /** `i`: the dialog the token was issued for. */
  dialogId: string | undefined;
  /** `p`: the dialog's party (organisation or person URN). */
  party: string | undefined;
  /** `c`: the acting party or user, as a URN. */
  actor: string | undefined;
  /** `a`: the actions the actor may perform on the dialog (`;`-separated in the token). */
  actions: readonly string[];
  /** `l`: authentication level of the actor. */
  authenticationLevel: number | undefined;
  /** `s`: the service resource the dialog belongs to. */
  serviceResource: string | undefined;
  /** `y`: system user id, when a system user acts. */
  systemUser: string | undefined;
}

export interface SystemUserClaims {
  /** First of `systemuser_id`. */
  id: string | undefined;
  /** Organisation number owning the system user (`systemuser_org.ID`, `0192:` prefix stripped). */
  organisationNumber: string | undefined;
}

export interface Caller {
  scheme: TokenScheme;
  /** The configured issuer identifier the token matched. */
  issuer: string;
  /** `scope`, split on whitespace. */
  scopes: readonly string[];
  /**
   * The calling organisation (9 digits): system-user organisation → `urn:altinn:orgNumber` → `consumer.ID`
   * (`0192:<orgNo>`) → a dialog token's party when that is an organisation.
   */
  organisationNumber: string | undefined;
  /** `consumer.ID` on its own (the Maskinporten client's organisation); decides the service-owner bypass. */
  consumerOrganisationNumber: string | undefined;
  /** `urn:altinn:org`: service-owner code, e.g. `digdir`. */
  orgCode: string | undefined;
  /** `pid`: national identity number of a person. */
  person: string | undefined;
  /** `urn:altinn:userid`. */
  userId: string | undefined;
  /** `urn:altinn:partyid`. */
  partyId: string | undefined;
  /** `urn:altinn:authlevel`, or a dialog token's `l`. */
  authenticationLevel: number | undefined;
  systemUser: SystemUserClaims | undefined;
  /** Present only for Dialogporten dialog tokens. */
  dialog: DialogTokenClaims | undefined;
  /** `jti`. */
  tokenId: string | undefined;
  /** Every string-valued `urn:*` claim, for building authorization (PDP) subjects later. */
  urnClaims: Readonly<Record<string, string>>;
}

export const scopes = {
  write: "altinn:correspondence.write",
  read: "altinn:correspondence.read",
  serviceOwner: "altinn:serviceowner",
  maintenance: "altinn:correspondence.maintenance",
  forwardCheck: "altinn:correspondence.forward.check",
  portalEndUser: "altinn:portal/enduser",
  notificationConditionCheck: "altinn:system/notifications.condition.check",
} as const;

export function hasScope(caller: Caller, scope: string): boolean {
  return caller.scopes.includes(scope);
}
