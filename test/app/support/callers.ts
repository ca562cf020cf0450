import type { Caller, DialogTokenClaims, TokenScheme } from "../../../shared/domain/caller.js";

/** A Caller with nothing but what the test names. */
export function callerWith(
  scheme: TokenScheme,
  fields: Partial<Omit<Caller, "scheme" | "dialog">> & { dialog?: Partial<DialogTokenClaims> } = {},
): Caller {
  const { dialog, ...rest } = fields;
  return {
    scheme,
    issuer: `https://${scheme}.example/`,
    scopes: [],
    organisationNumber: undefined,
    consumerOrganisationNumber: undefined,
    orgCode: undefined,
    person: undefined,
    userId: undefined,
    partyId: undefined,
    authenticationLevel: undefined,
    systemUser: undefined,
    tokenId: undefined,
    urnClaims: {},
    ...rest,
    dialog:
      scheme === "dialogporten"
        ? {
            dialogId: undefined,
            party: undefined,
            actor: undefined,
            actions: [],
            authenticationLevel: undefined,
            serviceResource: undefined,
            systemUser: undefined,
            ...dialog,
          }
        : undefined,
  };
}
