/**
 * `GET /whoami`: any valid token from a configured issuer → 200 with the Caller it resolves to; no token or an
 * invalid one → 401 with an empty body. Lets integrators see how the API reads their token (scheme, scopes,
 * organisation …) before they debug a 403 on a real endpoint.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { Caller } from "../shared/domain/caller.js";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";

export interface WhoAmIDependencies {
  authenticator: TokenAuthenticator;
}

/** Absent claims are written as null, as everywhere in the API (api.md §1). */
export function whoAmIView(caller: Caller) {
  return {
    scheme: caller.scheme,
    issuer: caller.issuer,
    scopes: caller.scopes,
    organisationNumber: caller.organisationNumber ?? null,
    consumerOrganisationNumber: caller.consumerOrganisationNumber ?? null,
    orgCode: caller.orgCode ?? null,
    person: caller.person ?? null,
    userId: caller.userId ?? null,
    partyId: caller.partyId ?? null,
    authenticationLevel: caller.authenticationLevel ?? null,
    systemUser: caller.systemUser
      ? { id: caller.systemUser.id ?? null, organisationNumber: caller.systemUser.organisationNumber ?? null }
      : null,
    dialog: caller.dialog
      ? {
          dialogId: caller.dialog.dialogId ?? null,
          party: caller.dialog.party ?? null,
          actor: caller.dialog.actor ?? null,
          actions: caller.dialog.actions,
          authenticationLevel: caller.dialog.authenticationLevel ?? null,
          serviceResource: caller.dialog.serviceResource ?? null,
          systemUser: caller.dialog.systemUser ?? null,
        }
      : null,
    tokenId: caller.tokenId ?? null,
    urnClaims: caller.urnClaims,
  };
}

export function makeWhoAmIHandler({ authenticator }: WhoAmIDependencies): HttpHandler {
  return withCaller(authenticator, "AnyValidToken", async (_request, _context, caller) => ({
    status: 200,
    headers: { "cache-control": "no-store" },
    jsonBody: whoAmIView(caller),
  }));
}

export function registerWhoAmIFunction(dependencies: WhoAmIDependencies): void {
  app.http("whoami", {
    route: "whoami",
    methods: ["GET"],
    // The function key is not the gate here: the bearer token is.
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeWhoAmIHandler(dependencies)),
  });
}
