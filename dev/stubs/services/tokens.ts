/**
 * Tokens, the way the real platform hands them out:
 * - the Altinn test token generator (`/api/GetEnterpriseToken`, `/api/GetPersonalToken`, plus
 *   `/api/GetMaskinportenToken` for a raw Maskinporten token), answering the bare JWT as text/plain;
 * - Maskinporten's JWT-bearer grant (`POST /maskinporten/token`) and Altinn's exchange of a Maskinporten token
 *   (`GET /authentication/api/v1/exchange/maskinporten`), so an integrator's own client works against the stubs
 *   after changing base URLs only;
 * - each issuer's discovery document and JWKS under the real paths.
 * Claim sets follow real tt02 tokens (test-tools enterprise/personal tokens, exchanged Maskinporten tokens).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { StubContext, StubModule, TokenIssuer } from "../context.js";
import type { StubRouter, StubRequest, StubResponse } from "../router.js";
import { consumerClaim, maskinportenAccessTokenClaims, maskinportenTokenEndpoint } from "./maskinporten-token.js";
import { isNationalIdentityNumber, isOrganizationNumber, partyDirectory } from "./parties.js";

export const tokensStub: StubModule = (router, context) => {
  publishDiscoveryDocuments(router, context);
  registerTestTokenGenerator(router, context);
  router.route("maskinporten", "POST", "/maskinporten/token", maskinportenTokenEndpoint(context));
  router.route("authentication", "GET", "/authentication/api/v1/exchange/maskinporten", (req) =>
    exchangeMaskinportenToken(req, context),
  );
};

/** Claims of an Altinn token for an organisation, as the exchange and GetEnterpriseToken issue them. */
function altinnOrganisationClaims(input: {
  orgNumber: string;
  orgCode: string | undefined;
  scope: string;
  clientId: string;
}): Record<string, unknown> {
  return {
    scope: input.scope,
    token_type: "Bearer",
    client_id: input.clientId,
    jti: randomUUID(),
    consumer: consumerClaim(input.orgNumber),
    "urn:altinn:orgNumber": input.orgNumber,
    "urn:altinn:authenticatemethod": "maskinporten",
    "urn:altinn:authlevel": 3,
    ...(input.orgCode ? { "urn:altinn:org": input.orgCode } : {}),
  };
}

/** Space-separated scopes, at least one, each without whitespace. */
const scopesParameter = z
  .string({ error: "scopes is required (space-separated, e.g. altinn:correspondence.write)" })
  .trim()
  .min(1, "scopes is required (space-separated, e.g. altinn:correspondence.write)")
  .transform((scopes) => scopes.split(/\s+/).join(" "));
const ENV_REQUIRED = "env is required, e.g. env=local";
const environmentParameter = z.string({ error: ENV_REQUIRED }).min(1, ENV_REQUIRED);
const orgNumberParameter = z
  .string({ error: "orgNo is required" })
  .refine(isOrganizationNumber, "orgNo must be an organisation number of 9 digits");
const positiveInteger = (name: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a positive whole number`)
    .transform(Number)
    .optional();

const enterpriseTokenQuery = z.object({
  env: environmentParameter,
  scopes: scopesParameter,
  orgno: orgNumberParameter,
  org: z.string().regex(/^[a-z0-9-]{2,30}$/, "org must be a service owner code such as ttd").optional(),
});

const personalTokenQuery = z.object({
  env: environmentParameter,
  scopes: scopesParameter,
  pid: z
    .string({ error: "pid is required" })
    .refine(isNationalIdentityNumber, "pid must be a national identity number of 11 digits"),
  userid: positiveInteger("userId"),
  partyid: positiveInteger("partyId"),
  authlvl: z.enum(["0", "1", "2", "3", "4"], { error: "authLvl must be 0-4" }).transform(Number).default(3),
  consumerorgno: orgNumberParameter.optional(),
});

const maskinportenTokenQuery = z.object({
  env: environmentParameter,
  scopes: scopesParameter,
  orgno: orgNumberParameter,
});

function registerTestTokenGenerator(router: StubRouter, context: StubContext): void {
  const { altinn, maskinporten } = context.issuers;

  router.route("tokens", "GET", "/api/GetEnterpriseToken", async (req) => {
    const query = parseQuery(enterpriseTokenQuery, req);
    if (!query.success) return query.response;
    const { orgno, org, scopes } = query.data;
    const claims = altinnOrganisationClaims({
      orgNumber: orgno,
      orgCode: org ?? context.fixtures.serviceOwnerOrgCodes[orgno],
      scope: scopes,
      clientId: randomUUID(),
    });
    return bareToken(await altinn.sign({ ...claims, actual_iss: "altinn-test-tools" }));
  });

  router.route("tokens", "GET", "/api/GetPersonalToken", async (req) => {
    const query = parseQuery(personalTokenQuery, req);
    if (!query.success) return query.response;
    const { pid, userid, partyid, authlvl, scopes, consumerorgno } = query.data;
    const parties = partyDirectory(context);
    parties.addPersonAliases(pid, { userId: userid, partyId: partyid });
    const person = parties.person(pid);
    const userId = userid ?? person.userId!;
    return bareToken(
      await altinn.sign({
        "urn:altinn:authenticatemethod": "NotDefined",
        "urn:altinn:authlevel": authlvl,
        client_amr: "virksomhetssertifikat",
        pid,
        token_type: "Bearer",
        client_id: randomUUID(),
        acr: acrForAuthenticationLevel(authlvl),
        scope: scopes,
        jti: randomUUID(),
        actual_iss: "altinn-test-tools",
        nameid: userId,
        "urn:altinn:userid": userId,
        "urn:altinn:partyid": partyid ?? person.partyId,
        // The real generator stamps its own organisation here; only do so on request, since Correspondence reads
        // `consumer` as "the caller's organisation".
        ...(consumerorgno ? { consumer: consumerClaim(consumerorgno), client_orgno: consumerorgno } : {}),
      }),
    );
  });

  router.route("tokens", "GET", "/api/GetMaskinportenToken", async (req) => {
    const query = parseQuery(maskinportenTokenQuery, req);
    if (!query.success) return query.response;
    const { orgno, scopes } = query.data;
    const registeredClient = Object.entries(context.fixtures.maskinportenClients).find(
      ([, client]) => client.orgNumber === orgno,
    );
    const clientId = registeredClient?.[0] ?? randomUUID();
    const claims = maskinportenAccessTokenClaims({ clientId, orgNumber: orgno, scope: scopes });
    return bareToken(await maskinporten.sign(claims));
  });
}

async function exchangeMaskinportenToken(req: StubRequest, context: StubContext): Promise<StubResponse> {
  const maskinportenClaims = req.bearer ? await context.issuers.maskinporten.verify(req.bearer) : undefined;
  const orgNumber = consumerOrgNumber(maskinportenClaims?.consumer);
  if (!maskinportenClaims || !orgNumber || typeof maskinportenClaims.scope !== "string") {
    return { status: 401, text: "" };
  }
  const clientId = typeof maskinportenClaims.client_id === "string" ? maskinportenClaims.client_id : randomUUID();
  const claims = altinnOrganisationClaims({
    orgNumber,
    orgCode: context.fixtures.serviceOwnerOrgCodes[orgNumber],
    scope: maskinportenClaims.scope,
    clientId,
  });
  return bareToken(await context.issuers.altinn.sign(claims));
}

function consumerOrgNumber(consumer: unknown): string | undefined {
  const parsed = z.object({ ID: z.string() }).safeParse(consumer);
  const orgNumber = parsed.success ? parsed.data.ID.replace(/^0192:/, "") : undefined;
  return orgNumber && isOrganizationNumber(orgNumber) ? orgNumber : undefined;
}

const OPENID_CONFIGURATION = ".well-known/openid-configuration";
const AUTHORIZATION_SERVER_METADATA = ".well-known/oauth-authorization-server";

function publishDiscoveryDocuments(router: StubRouter, context: StubContext): void {
  const { altinn, maskinporten, dialogporten } = context.issuers;

  const altinnJwks = under(altinn, ".well-known/openid-configuration/jwks");
  const altinnDocument = () => ({
    issuer: altinn.issuer,
    jwks_uri: altinnJwks,
    response_types_supported: ["token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "profile"],
    exchange_endpoint: `${context.baseUrl}/authentication/api/v1/exchange/maskinporten`,
  });
  publish(router, "authentication", altinn, [OPENID_CONFIGURATION, AUTHORIZATION_SERVER_METADATA], altinnDocument);
  publishJwks(router, "authentication", altinn, altinnJwks);

  const maskinportenJwks = under(maskinporten, "jwk");
  const maskinportenDocument = () => ({
    issuer: maskinporten.issuer,
    token_endpoint: under(maskinporten, "token"),
    jwks_uri: maskinportenJwks,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    grant_types_supported: ["urn:ietf:params:oauth:grant-type:jwt-bearer"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
  });
  const maskinportenPaths = [AUTHORIZATION_SERVER_METADATA, OPENID_CONFIGURATION];
  publish(router, "maskinporten", maskinporten, maskinportenPaths, maskinportenDocument);
  publishJwks(router, "maskinporten", maskinporten, maskinportenJwks);

  const dialogportenJwks = under(dialogporten, ".well-known/jwks.json");
  const dialogportenDocument = () => ({
    issuer: dialogporten.issuer,
    jwks_uri: dialogportenJwks,
    id_token_signing_alg_values_supported: ["EdDSA"],
  });
  publish(router, "dialogporten", dialogporten, [OPENID_CONFIGURATION], dialogportenDocument);
  publishJwks(router, "dialogporten", dialogporten, dialogportenJwks);
}

function publishJwks(router: StubRouter, service: string, issuer: TokenIssuer, jwksUri: string): void {
  router.route(service, "GET", new URL(jwksUri).pathname, () => ({ status: 200, json: issuer.jwks() }));
}

function publish(
  router: StubRouter,
  service: string,
  issuer: TokenIssuer,
  suffixes: string[],
  document: () => Record<string, unknown>,
): void {
  for (const suffix of suffixes) {
    router.route(service, "GET", new URL(under(issuer, suffix)).pathname, () => ({ status: 200, json: document() }));
  }
}

/** A URL below the issuer, whether or not the issuer identifier ends in a slash (Altinn's does, Dialogporten's not). */
function under(issuer: TokenIssuer, suffix: string): string {
  return `${issuer.issuer.replace(/\/$/, "")}/${suffix}`;
}

function bareToken(token: string): StubResponse {
  return { status: 200, text: token, headers: { "content-type": "text/plain; charset=utf-8" } };
}

function acrForAuthenticationLevel(level: number): string {
  if (level >= 4) return "idporten-loa-high";
  if (level === 3) return "idporten-loa-substantial";
  return "idporten-loa-low";
}

type ParsedQuery<T> = { success: true; data: T } | { success: false; response: StubResponse };

/** Query parameter names are matched case-insensitively, as the real (ASP.NET) generator does. */
function parseQuery<T>(schema: z.ZodType<T>, req: StubRequest): ParsedQuery<T> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of req.query) parameters[name.toLowerCase()] = value;
  const parsed = schema.safeParse(parameters);
  if (parsed.success) return { success: true, data: parsed.data };
  const message = parsed.error.issues.map((issue) => issue.message).join("; ");
  return { success: false, response: { status: 400, text: `Invalid query: ${message}` } };
}
