/**
 * Token validation against the real local issuers of the Altinn stub server: discovery, JWKS, RS256 and EdDSA
 * signatures, exact issuer match.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { evaluateAccessPolicy } from "../../shared/domain/access-policies.js";
import { scopes } from "../../shared/domain/caller.js";
import { defaultSigningKeyOptions } from "../../shared/http/authentication/issuer-signing-keys.js";
import { JwtAuthenticator } from "../../shared/http/authentication/jwt-authenticator.js";
import type { AuthenticationOutcome } from "../../shared/http/authentication/token-authenticator.js";
import { createForger, startLocalTokenIssuers, type LocalTokenIssuers } from "./support/local-token-issuers.js";
import { freePort } from "./support/network.js";

let local: LocalTokenIssuers;
let authenticator: JwtAuthenticator;

beforeAll(async () => {
  local = await startLocalTokenIssuers();
  authenticator = new JwtAuthenticator(local.configured);
});
afterAll(() => local.close());

function expectCaller(outcome: AuthenticationOutcome) {
  if (!outcome.ok) throw new Error(`expected a caller, got ${outcome.failure}: ${outcome.detail}`);
  return outcome.caller;
}

function expectFailure(outcome: AuthenticationOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got a ${outcome.caller.scheme} caller`);
  return outcome.failure;
}

const enterpriseClaims = {
  scope: `${scopes.write} ${scopes.serviceOwner}`,
  token_type: "Bearer",
  client_id: "3f2c1b1e-0000-4000-8000-000000000001",
  jti: "6a1a0a8e-0000-4000-8000-000000000002",
  consumer: { authority: "iso6523-actorid-upis", ID: "0192:991825827" },
  "urn:altinn:orgNumber": "991825827",
  "urn:altinn:authenticatemethod": "maskinporten",
  "urn:altinn:authlevel": 3,
  "urn:altinn:org": "digdir",
};

describe("JwtAuthenticator with real local issuers", () => {
  it("accepts an Altinn enterprise token and reads the caller from it", async () => {
    const caller = expectCaller(await authenticator.authenticate(await local.issuers.altinn.sign(enterpriseClaims)));
    expect(caller).toMatchObject({
      scheme: "altinn",
      issuer: local.configured.altinn,
      scopes: [scopes.write, scopes.serviceOwner],
      organisationNumber: "991825827",
      consumerOrganisationNumber: "991825827",
      orgCode: "digdir",
      authenticationLevel: 3,
      person: undefined,
      dialog: undefined,
      tokenId: "6a1a0a8e-0000-4000-8000-000000000002",
    });
    expect(evaluateAccessPolicy("Sender", caller)).toEqual({ allowed: true });
  });

  it("accepts an Altinn person token", async () => {
    const token = await local.issuers.altinn.sign({
      "urn:altinn:authenticatemethod": "NotDefined",
      "urn:altinn:authlevel": 3,
      pid: "08900499559",
      scope: scopes.read,
      acr: "idporten-loa-substantial",
      "urn:altinn:userid": 20_000_001,
      "urn:altinn:partyid": 50_000_001,
    });
    const caller = expectCaller(await authenticator.authenticate(token));
    expect(caller).toMatchObject({
      scheme: "altinn",
      person: "08900499559",
      userId: "20000001",
      partyId: "50000001",
      authenticationLevel: 3,
      organisationNumber: undefined,
      scopes: [scopes.read],
    });
    expect(evaluateAccessPolicy("Recipient", caller)).toEqual({ allowed: true });
  });

  it("accepts a raw Maskinporten token", async () => {
    const token = await local.issuers.maskinporten.sign({
      scope: `${scopes.serviceOwner} ${scopes.write}`,
      client_amr: "private_key_jwt",
      token_type: "Bearer",
      client_id: "maskinporten-client",
      consumer: { authority: "iso6523-actorid-upis", ID: "0192:910753614" },
    });
    const caller = expectCaller(await authenticator.authenticate(token));
    expect(caller).toMatchObject({ scheme: "maskinporten", organisationNumber: "910753614", orgCode: undefined });
    expect(evaluateAccessPolicy("Sender", caller)).toEqual({ allowed: true });
    expect(evaluateAccessPolicy("Recipient", caller)).toEqual({ allowed: false, reason: "schemeNotAccepted" });
  });

  it("accepts a Dialogporten dialog token signed with EdDSA", async () => {
    const token = await local.issuers.dialogporten.sign({
      jti: "0f0e0d0c-0000-4000-8000-000000000003",
      c: "urn:altinn:person:identifier-no:08900499559",
      l: 3,
      p: "urn:altinn:organization:identifier-no:310244007",
      s: "urn:altinn:resource:correspondence-test",
      i: "0194b5a4-0000-7000-8000-000000000004",
      a: "read;write",
    });
    const caller = expectCaller(await authenticator.authenticate(token));
    expect(caller.scheme).toBe("dialogporten");
    expect(caller.dialog).toEqual({
      dialogId: "0194b5a4-0000-7000-8000-000000000004",
      party: "urn:altinn:organization:identifier-no:310244007",
      actor: "urn:altinn:person:identifier-no:08900499559",
      actions: ["read", "write"],
      authenticationLevel: 3,
      serviceResource: "urn:altinn:resource:correspondence-test",
      systemUser: undefined,
    });
    expect(caller.authenticationLevel).toBe(3);
    expect(caller.organisationNumber).toBe("310244007");
    expect(evaluateAccessPolicy("Recipient", caller)).toEqual({ allowed: true });
    expect(evaluateAccessPolicy("Sender", caller)).toEqual({ allowed: false, reason: "schemeNotAccepted" });
  });

  it("rejects a token whose issuer merely contains the configured one, without fetching its metadata", async () => {
    expect(local.impostor.issuer).toContain(local.configured.altinn);
    const token = await local.impostor.sign(enterpriseClaims);
    expect(expectFailure(await authenticator.authenticate(token))).toBe("untrustedIssuer");
    expect(local.sideRequests).toEqual([]);
  });

  it("rejects issuers that differ only by case, trailing slash, a suffix or whitespace", async () => {
    const forger = await createForger("local-altinn");
    for (const iss of [
      local.configured.altinn.toUpperCase(),
      local.configured.altinn.replace(/\/$/, ""),
      `${local.configured.altinn}impostor/`,
      ` ${local.configured.altinn}`,
    ]) {
      expect(expectFailure(await authenticator.authenticate(await forger.sign(enterpriseClaims, iss)))).toBe(
        "untrustedIssuer",
      );
    }
  });

  it("rejects an expired token", async () => {
    const token = await local.issuers.altinn.sign(enterpriseClaims, { expiresInSeconds: -1 });
    expect(expectFailure(await authenticator.authenticate(token))).toBe("invalidToken");
  });

  it("rejects a token with a bad signature", async () => {
    const [header, , signature] = (await local.issuers.altinn.sign(enterpriseClaims)).split(".");
    const widenedPayload = Buffer.from(
      JSON.stringify({ ...enterpriseClaims, iss: local.configured.altinn, exp: 4_102_444_800, scope: scopes.maintenance }),
    ).toString("base64url");
    expect(expectFailure(await authenticator.authenticate(`${header}.${widenedPayload}.${signature}`))).toBe(
      "invalidToken",
    );
  });

  it("rejects a token signed by another key under the configured issuer and its key id", async () => {
    const forger = await createForger("local-altinn");
    const token = await forger.sign(enterpriseClaims, local.configured.altinn);
    expect(expectFailure(await authenticator.authenticate(token))).toBe("invalidToken");
  });

  it("rejects an unsigned token (alg none)", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode({ ...enterpriseClaims, iss: local.configured.altinn, exp: 4_102_444_800 })}.`;
    expect(expectFailure(await authenticator.authenticate(token))).toBe("invalidToken");
  });

  it("rejects what is not a JWT at all", async () => {
    expect(expectFailure(await authenticator.authenticate("not-a-jwt"))).toBe("malformedToken");
  });

  it("fetches metadata and keys once, then serves from its cache", async () => {
    const fetches = vi.spyOn(globalThis, "fetch");
    try {
      const fresh = new JwtAuthenticator(local.configured);
      for (let i = 0; i < 3; i++) {
        expectCaller(await fresh.authenticate(await local.issuers.maskinporten.sign({ scope: scopes.read })));
      }
      const requested = fetches.mock.calls.map(([input]) => new URL(input instanceof Request ? input.url : input).pathname);
      expect(requested).toEqual(["/maskinporten/.well-known/oauth-authorization-server", "/maskinporten/jwk"]);
    } finally {
      fetches.mockRestore();
    }
  });

  it("reports an unreachable issuer as issuerUnavailable, quickly", async () => {
    const closedPort = await freePort();
    const unreachable = `http://127.0.0.1:${closedPort}/authentication/api/v1/openid/`;
    const isolated = new JwtAuthenticator(
      { ...local.configured, altinn: unreachable },
      { ...defaultSigningKeyOptions, timeoutMs: 1000 },
    );
    const forger = await createForger("any");
    const started = performance.now();
    expect(expectFailure(await isolated.authenticate(await forger.sign(enterpriseClaims, unreachable)))).toBe(
      "issuerUnavailable",
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a metadata document that names another issuer", async () => {
    const misdirected = new JwtAuthenticator({ ...local.configured, altinn: local.misdirectedIssuer });
    const forger = await createForger("local-altinn");
    const outcome = await misdirected.authenticate(await forger.sign(enterpriseClaims, local.misdirectedIssuer));
    expect(expectFailure(outcome)).toBe("issuerUnavailable");
    expect(local.sideRequests).toEqual(["/misdirected/.well-known/openid-configuration"]);
  });
});
