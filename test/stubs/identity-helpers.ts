/**
 * Shared helpers for the identity stubs' contract tests (tokens, PDP, Resource Registry, Register, KRR, Profile).
 * Everything goes over real HTTP to a stub server started on a free port.
 */
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWTHeaderParameters,
  type JWTPayload,
} from "jose";
import { expect } from "vitest";
import { startStubServer, type RunningStubServer } from "../../dev/stubs/server.js";
import type { StubFixtures } from "../../dev/stubs/fixtures.js";

export const API_BASE_URL = "http://127.0.0.1:7071";
export const SERVICE_OWNER_ORG_NUMBER = "991825827";
export const RESERVED_NATIONAL_ID = "08900499559";
/** The default fixtures make this person daglig leder of 991825827. */
export const DAGLIG_LEDER_NATIONAL_ID = "26818099001";

export function startStubs(fixtures?: StubFixtures): Promise<RunningStubServer> {
  return startStubServer({ port: 0, apiBaseUrl: API_BASE_URL, ...(fixtures ? { fixtures } : {}) });
}

/** GETs a token from the test token generator and insists on a bare text/plain JWT. */
export async function tokenFrom(
  stubs: RunningStubServer,
  path: string,
  query: Record<string, string>,
): Promise<string> {
  const response = await fetch(`${stubs.url}${path}?${new URLSearchParams(query)}`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

export const enterpriseToken = (stubs: RunningStubServer, scopes = "altinn:correspondence.write altinn:serviceowner") =>
  tokenFrom(stubs, "/api/GetEnterpriseToken", { env: "local", scopes, org: "ttd", orgNo: SERVICE_OWNER_ORG_NUMBER });

export const maskinportenToken = (stubs: RunningStubServer, scopes = "krr:global/kontaktinformasjon.read") =>
  tokenFrom(stubs, "/api/GetMaskinportenToken", { env: "local", scopes, orgNo: SERVICE_OWNER_ORG_NUMBER });

export function personalToken(
  stubs: RunningStubServer,
  pid: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const query = { env: "local", scopes: "altinn:correspondence.read", pid, ...extra };
  return tokenFrom(stubs, "/api/GetPersonalToken", query);
}

/** Follows discovery document → jwks_uri and verifies the token's signature and issuer with jose. */
export async function verifyThroughDiscovery(
  token: string,
  discoveryUrl: string,
): Promise<{ payload: JWTPayload; header: JWTHeaderParameters; issuer: string }> {
  const discovery = await fetch(discoveryUrl);
  expect(discovery.status).toBe(200);
  const document = (await discovery.json()) as { issuer: string; jwks_uri: string };
  const keys = createRemoteJWKSet(new URL(document.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, keys, { issuer: document.issuer });
  return { payload, header: protectedHeader, issuer: document.issuer };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** The response body as JSON, typed by the caller (the contract under test says what it holds). */
export async function jsonOf<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

export const orgUrn = (orgNumber: string) => `urn:altinn:organization:identifier-no:${orgNumber}`;
export const personUrn = (nationalId: string) => `urn:altinn:person:identifier-no:${nationalId}`;

export async function getWithToken(url: string, token?: string): Promise<Response> {
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export type RsaKeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export function newRsaKey(): Promise<RsaKeyPair> {
  return generateKeyPair("RS256", { extractable: true });
}

/** A Maskinporten client assertion (JWT grant), signed with `signingKey`; `embeddedKey` goes in the `jwk` header. */
export async function clientAssertion(input: {
  clientId: string;
  scope: string;
  audience: string;
  signingKey: RsaKeyPair;
  embeddedKey?: RsaKeyPair;
  lifetimeSeconds?: number;
  jti?: string;
}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header: JWTHeaderParameters = { alg: "RS256" };
  if (input.embeddedKey) header.jwk = await exportJWK(input.embeddedKey.publicKey);
  return new SignJWT({ scope: input.scope })
    .setProtectedHeader(header)
    .setIssuer(input.clientId)
    .setAudience(input.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (input.lifetimeSeconds ?? 60))
    .setJti(input.jti ?? crypto.randomUUID())
    .sign(input.signingKey.privateKey);
}

export function requestMaskinportenToken(
  stubs: RunningStubServer,
  assertion: string,
  grantType?: string,
): Promise<Response> {
  return fetch(`${stubs.url}/maskinporten/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: grantType ?? "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }),
  });
}

/** The payload of a JWT without verifying it (for tests that only look at claims). */
export function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** What a PEP puts in AccessSubject for an Altinn token: every claim whose name is a URN. */
export function subjectAttributesOf(token: string): Array<{ AttributeId: string; Value: string }> {
  return Object.entries(claimsOf(token))
    .filter(([name]) => name.startsWith("urn:"))
    .map(([name, value]) => ({ AttributeId: name, Value: String(value) }));
}
