/**
 * The HTTP side of authentication and endpoint policies: bearer token → Caller → policy decision, mapped to the
 * framework responses of api.md §2.3 — 401 with an empty body (and `WWW-Authenticate`) when the token is missing or
 * invalid, 403 with an empty body when the policy says no, and the IDX10205 problem for a raw Maskinporten token on an
 * endpoint that wants an Altinn token.
 */
import type { HttpHandler, HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { evaluateAccessPolicy, type AccessPolicyName } from "../domain/access-policies.js";
import type { Caller } from "../domain/caller.js";
import { readBearerToken } from "./authentication/bearer-token.js";
import type { TokenAuthenticator } from "./authentication/token-authenticator.js";
import { problemResponse } from "./problem-details.js";

/** A named policy, or just "any token from a configured issuer" (diagnostic endpoints). */
export type AccessRequirement = AccessPolicyName | "AnyValidToken";

export type AuthorizationResult = { ok: true; caller: Caller } | { ok: false; response: HttpResponseInit };

const missingTokenResponse: HttpResponseInit = { status: 401, headers: { "www-authenticate": "Bearer" } };
const invalidTokenResponse: HttpResponseInit = {
  status: 401,
  headers: { "www-authenticate": 'Bearer error="invalid_token"' },
};
const forbiddenResponse: HttpResponseInit = { status: 403 };

const maskinportenNotAcceptedResponse: HttpResponseInit = {
  ...problemResponse({
    title: "IDX10205: Issuer validation failed",
    status: 403,
    detail:
      "Maskinporten token is not valid. Exchange to Altinn token and try again. Read more at " +
      "https://docs.altinn.studio/api/scenarios/authentication/#maskinporten-jwt-access-token-input",
  }),
  headers: { "content-type": "application/problem+json", "www-authenticate": 'Bearer error="invalid_token"' },
};

export async function authorizeRequest(
  request: HttpRequest,
  context: InvocationContext,
  authenticator: TokenAuthenticator,
  requirement: AccessRequirement,
): Promise<AuthorizationResult> {
  const token = readBearerToken(request.headers);
  if (!token) return { ok: false, response: missingTokenResponse };

  const outcome = await authenticator.authenticate(token);
  if (!outcome.ok) {
    if (outcome.failure === "issuerUnavailable") context.error(`Token could not be checked: ${outcome.detail}`);
    else context.info(`Token rejected (${outcome.failure}): ${outcome.detail}`);
    return { ok: false, response: invalidTokenResponse };
  }

  const { caller } = outcome;
  if (requirement === "AnyValidToken") return { ok: true, caller };
  const decision = evaluateAccessPolicy(requirement, caller);
  if (decision.allowed) return { ok: true, caller };
  context.info(`Policy ${requirement} refused a ${caller.scheme} token (${decision.reason})`);
  const response =
    decision.reason === "schemeNotAccepted" && caller.scheme === "maskinporten"
      ? maskinportenNotAcceptedResponse
      : forbiddenResponse;
  return { ok: false, response };
}

export type CallerHttpHandler = (
  request: HttpRequest,
  context: InvocationContext,
  caller: Caller,
) => Promise<HttpResponseInit | HttpResponse>;

/** Wraps a handler so it only runs for callers that meet `requirement`. */
export function withCaller(
  authenticator: TokenAuthenticator,
  requirement: AccessRequirement,
  handler: CallerHttpHandler,
): HttpHandler {
  return async (request, context) => {
    const authorization = await authorizeRequest(request, context, authenticator, requirement);
    return authorization.ok ? handler(request, context, authorization.caller) : authorization.response;
  };
}
