/**
 * Contract tests for the token stubs: test token generator, Maskinporten JWT grant, Altinn exchange, and the
 * discovery documents/JWKS of all three issuers. Signatures are verified by following each issuer's discovery
 * document to its jwks_uri, exactly as a relying party would.
 */
import { exportJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import {
  claimsOf,
  clientAssertion,
  getWithToken,
  jsonOf,
  newRsaKey,
  personalToken,
  requestMaskinportenToken,
  SERVICE_OWNER_ORG_NUMBER,
  startStubs,
  tokenFrom,
  verifyThroughDiscovery,
  type RsaKeyPair,
} from "./identity-helpers.js";

const ONE_HOUR = 3600;
const CLIENT_WITH_REGISTERED_KEY = "client-with-registered-key";

let stubs: RunningStubServer;
let registeredKey: RsaKeyPair;
let altinnDiscovery: string;
let maskinportenDiscovery: string;

beforeAll(async () => {
  registeredKey = await newRsaKey();
  const fixtures = stubFixturesSchema.parse({
    maskinportenClients: {
      "local-serviceowner": {
        orgNumber: SERVICE_OWNER_ORG_NUMBER,
        scopes: ["altinn:correspondence.write", "altinn:correspondence.read", "altinn:serviceowner"],
      },
      [CLIENT_WITH_REGISTERED_KEY]: {
        orgNumber: "313367002",
        scopes: ["altinn:correspondence.read"],
        publicJwk: await exportJWK(registeredKey.publicKey),
      },
    },
  });
  stubs = await startStubs(fixtures);
  altinnDiscovery = `${stubs.url}/authentication/api/v1/openid/.well-known/openid-configuration`;
  maskinportenDiscovery = `${stubs.url}/maskinporten/.well-known/oauth-authorization-server`;
});

afterAll(async () => {
  await stubs.close();
});

describe("discovery documents", () => {
  it("publishes the Altinn platform issuer and its JWKS under the real paths", async () => {
    const document = (await (await fetch(altinnDiscovery)).json()) as Record<string, unknown>;
    expect(document.issuer).toBe(`${stubs.url}/authentication/api/v1/openid/`);
    expect(document.jwks_uri).toBe(`${stubs.url}/authentication/api/v1/openid/.well-known/openid-configuration/jwks`);
    const jwks = (await (await fetch(String(document.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("publishes Maskinporten's authorization server metadata with its token endpoint and /jwk", async () => {
    const document = (await (await fetch(maskinportenDiscovery)).json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: `${stubs.url}/maskinporten/`,
      token_endpoint: `${stubs.url}/maskinporten/token`,
      jwks_uri: `${stubs.url}/maskinporten/jwk`,
      grant_types_supported: ["urn:ietf:params:oauth:grant-type:jwt-bearer"],
    });
    const openIdConfiguration = await jsonOf(fetch(`${stubs.url}/maskinporten/.well-known/openid-configuration`));
    expect(openIdConfiguration).toEqual(document);
    const jwks = (await (await fetch(`${stubs.url}/maskinporten/jwk`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });

  it("publishes Dialogporten's EdDSA keys at .well-known/jwks.json beside its openid-configuration", async () => {
    const base = `${stubs.url}/dialogporten/api/v1`;
    const document = await jsonOf<Record<string, unknown>>(fetch(`${base}/.well-known/openid-configuration`));
    expect(document).toMatchObject({ issuer: base, jwks_uri: `${base}/.well-known/jwks.json` });
    const jwks = await jsonOf<{ keys: Array<Record<string, unknown>> }>(fetch(`${base}/.well-known/jwks.json`));
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
  });
});

describe("test token generator", () => {
  it("GetEnterpriseToken answers a bare text/plain JWT with an organisation's Altinn claims, valid 1 h", async () => {
    const response = await fetch(
      `${stubs.url}/api/GetEnterpriseToken?${new URLSearchParams({
        env: "local",
        scopes: "altinn:correspondence.write altinn:serviceowner",
        org: "ttd",
        orgNo: SERVICE_OWNER_ORG_NUMBER,
      })}`,
    );
    const token = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(token.endsWith("\n")).toBe(false);

    const { payload, header, issuer } = await verifyThroughDiscovery(token, altinnDiscovery);
    expect(header.alg).toBe("RS256");
    expect(payload.iss).toBe(issuer);
    expect(payload).toMatchObject({
      scope: "altinn:correspondence.write altinn:serviceowner",
      consumer: { authority: "iso6523-actorid-upis", ID: `0192:${SERVICE_OWNER_ORG_NUMBER}` },
      "urn:altinn:org": "ttd",
      "urn:altinn:orgNumber": SERVICE_OWNER_ORG_NUMBER,
      "urn:altinn:authlevel": 3,
    });
    expect(payload.exp! - payload.iat!).toBe(ONE_HOUR);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(60);
  });

  it("GetPersonalToken carries pid, user id, party id and authentication level", async () => {
    const token = await personalToken(stubs, "02018012345", { userId: "1234567", partyId: "50001234", authLvl: "2" });
    const { payload } = await verifyThroughDiscovery(token, altinnDiscovery);
    expect(payload).toMatchObject({
      pid: "02018012345",
      scope: "altinn:correspondence.read",
      "urn:altinn:userid": 1234567,
      "urn:altinn:partyid": 50001234,
      "urn:altinn:authlevel": 2,
    });
    expect(payload).not.toHaveProperty("consumer");
    expect(payload.exp! - payload.iat!).toBe(ONE_HOUR);
  });

  it("GetPersonalToken fills in the person's Register ids and level 3 when not given", async () => {
    const payload = claimsOf(await personalToken(stubs, "03018012345"));
    expect(payload["urn:altinn:authlevel"]).toBe(3);
    expect(String(payload["urn:altinn:userid"])).toMatch(/^\d{7}$/);
    expect(String(payload["urn:altinn:partyid"])).toMatch(/^\d{8}$/);
  });

  it("GetMaskinportenToken answers a raw Maskinporten token with Maskinporten's claim set", async () => {
    const token = await tokenFrom(stubs, "/api/GetMaskinportenToken", {
      env: "local",
      scopes: "altinn:serviceowner altinn:correspondence.write",
      orgNo: SERVICE_OWNER_ORG_NUMBER,
    });
    const { payload, issuer } = await verifyThroughDiscovery(token, maskinportenDiscovery);
    expect(issuer).toBe(`${stubs.url}/maskinporten/`);
    expect(payload).toMatchObject({
      scope: "altinn:serviceowner altinn:correspondence.write",
      client_amr: "private_key_jwt",
      token_type: "Bearer",
      client_id: "local-serviceowner",
      consumer: { authority: "iso6523-actorid-upis", ID: `0192:${SERVICE_OWNER_ORG_NUMBER}` },
    });
    expect(typeof payload.jti).toBe("string");
    expect(payload).not.toHaveProperty("urn:altinn:orgNumber");
    expect(payload.exp! - payload.iat!).toBe(ONE_HOUR);
  });

  it.each([
    ["/api/GetEnterpriseToken", { env: "local", scopes: "a:b", orgNo: "12345678" }, /orgNo/],
    ["/api/GetEnterpriseToken", { env: "local", orgNo: SERVICE_OWNER_ORG_NUMBER }, /scopes is required/],
    ["/api/GetPersonalToken", { env: "local", scopes: "a:b", pid: "1234" }, /pid/],
    ["/api/GetPersonalToken", { env: "local", scopes: "a:b", pid: "02018012345", authLvl: "7" }, /authLvl/],
    ["/api/GetMaskinportenToken", { scopes: "a:b", orgNo: SERVICE_OWNER_ORG_NUMBER }, /env is required/],
  ])("%s refuses %o with 400 and a readable message", async (path, query, message) => {
    const response = await fetch(`${stubs.url}${path}?${new URLSearchParams(query)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(message);
  });
});

describe("Maskinporten JWT grant and Altinn exchange", () => {
  const audience = () => `${stubs.url}/maskinporten/`;

  it("runs the integrator's chain: assertion → /maskinporten/token → exchange → Altinn token", async () => {
    const key = await newRsaKey();
    const scope = "altinn:correspondence.write altinn:serviceowner";
    const assertion = await clientAssertion({
      clientId: "local-serviceowner",
      scope,
      audience: audience(),
      signingKey: key,
      embeddedKey: key,
    });
    const tokenResponse = await requestMaskinportenToken(stubs, assertion);
    expect(tokenResponse.status).toBe(200);
    const grant = (await tokenResponse.json()) as Record<string, unknown>;
    expect(grant).toMatchObject({ token_type: "Bearer", expires_in: ONE_HOUR, scope });
    const maskinporten = await verifyThroughDiscovery(String(grant.access_token), maskinportenDiscovery);
    expect(maskinporten.payload).toMatchObject({ scope, client_id: "local-serviceowner" });

    const exchangeUrl = `${stubs.url}/authentication/api/v1/exchange/maskinporten`;
    const exchange = await getWithToken(exchangeUrl, String(grant.access_token));
    const altinnToken = await exchange.text();
    expect(exchange.status).toBe(200);
    expect(exchange.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(altinnToken.endsWith("\n")).toBe(false);
    const { payload } = await verifyThroughDiscovery(altinnToken, altinnDiscovery);
    expect(payload).toMatchObject({
      scope,
      "urn:altinn:orgNumber": SERVICE_OWNER_ORG_NUMBER,
      "urn:altinn:org": "ttd",
      "urn:altinn:authenticatemethod": "maskinporten",
      consumer: { ID: `0192:${SERVICE_OWNER_ORG_NUMBER}` },
    });
    expect(payload.exp! - payload.iat!).toBe(ONE_HOUR);
  });

  it("refuses scopes the client has not been given with invalid_scope", async () => {
    const key = await newRsaKey();
    const assertion = await clientAssertion({
      clientId: "local-serviceowner",
      scope: "altinn:correspondence.write altinn:correspondence.maintenance",
      audience: audience(),
      signingKey: key,
    });
    const response = await requestMaskinportenToken(stubs, assertion);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, string>;
    expect(body.error).toBe("invalid_scope");
    expect(body.error_description).toContain("altinn:correspondence.maintenance");
  });

  it("refuses an assertion whose signature does not match the key in its jwk header", async () => {
    const assertion = await clientAssertion({
      clientId: "local-serviceowner",
      scope: "altinn:correspondence.write",
      audience: audience(),
      signingKey: await newRsaKey(),
      embeddedKey: await newRsaKey(),
    });
    const response = await requestMaskinportenToken(stubs, assertion);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("checks a registered client's assertions against its registered key", async () => {
    const signedWith = async (signingKey: RsaKeyPair) => {
      const scope = "altinn:correspondence.read";
      const clientId = CLIENT_WITH_REGISTERED_KEY;
      const assertion = await clientAssertion({ clientId, scope, audience: audience(), signingKey });
      return requestMaskinportenToken(stubs, assertion);
    };
    const good = await signedWith(registeredKey);
    expect(good.status).toBe(200);
    expect(claimsOf(String(((await good.json()) as Record<string, unknown>).access_token)).consumer).toEqual({
      authority: "iso6523-actorid-upis",
      ID: "0192:313367002",
    });
    const forged = await signedWith(await newRsaKey());
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses unknown clients, replayed assertions, long-lived assertions and other grant types", async () => {
    const key = await newRsaKey();
    const scope = "altinn:correspondence.write";
    const assertionFor = (clientId: string, extra: { jti?: string; lifetimeSeconds?: number } = {}) =>
      clientAssertion({ clientId, scope, audience: audience(), signingKey: key, ...extra });
    const tokenFor = async (extra: { jti?: string; lifetimeSeconds?: number }, grantType?: string) =>
      requestMaskinportenToken(stubs, await assertionFor("local-serviceowner", extra), grantType);

    const unknown = await requestMaskinportenToken(stubs, await assertionFor("no-such-client"));
    expect(await unknown.json()).toMatchObject({ error: "invalid_client" });

    expect((await tokenFor({ jti: "used-once" })).status).toBe(200);
    expect(await jsonOf(tokenFor({ jti: "used-once" }))).toMatchObject({ error: "invalid_grant" });
    expect(await jsonOf(tokenFor({ lifetimeSeconds: 600 }))).toMatchObject({ error: "invalid_grant" });

    const wrongGrant = await tokenFor({}, "client_credentials");
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("exchange answers 401 without a token, for an Altinn token, and for an expired Maskinporten token", async () => {
    const exchangeUrl = `${stubs.url}/authentication/api/v1/exchange/maskinporten`;
    expect((await getWithToken(exchangeUrl)).status).toBe(401);
    const altinnToken = await tokenFrom(stubs, "/api/GetEnterpriseToken", {
      env: "local",
      scopes: "altinn:serviceowner",
      orgNo: SERVICE_OWNER_ORG_NUMBER,
    });
    expect((await getWithToken(exchangeUrl, altinnToken)).status).toBe(401);
    const consumer = { authority: "iso6523-actorid-upis", ID: `0192:${SERVICE_OWNER_ORG_NUMBER}` };
    const expired = await stubs.issuers.maskinporten.sign(
      { scope: "altinn:serviceowner", consumer },
      { expiresInSeconds: -60 },
    );
    expect((await getWithToken(exchangeUrl, expired)).status).toBe(401);
  });
});
