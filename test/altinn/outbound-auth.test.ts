/**
 * Our own authentication towards Altinn: client assertion → Maskinporten token (endpoint from discovery) → Altinn
 * token exchange, cached per scope set until shortly before expiry and fetched once for concurrent callers.
 */
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../shared/adapters/altinn/http/http-client.js";
import { AltinnTokenExchange } from "../../shared/adapters/altinn/auth/altinn-token-exchange.js";
import { MaskinportenTokenProvider } from "../../shared/adapters/altinn/auth/maskinporten-token-provider.js";
import { createSigningKeyLoader, parseSecretUri } from "../../shared/adapters/altinn/auth/signing-key.js";
import { outboundScopes } from "../../shared/adapters/altinn/outbound-scopes.js";
import type { Config } from "../../shared/config/config.js";
import { recordingFetch, serviceOwnerOrgNumber, startAltinnTestBed, type AltinnTestBed } from "./support.js";

let bed: AltinnTestBed;
let pemBed: AltinnTestBed;

beforeAll(async () => {
  [bed, pemBed] = await Promise.all([startAltinnTestBed(), startAltinnTestBed({ keyFormat: "pem" })]);
});
afterAll(async () => {
  await Promise.all([bed?.close(), pemBed?.close()]);
});

function tokenChain(config: Config, clock: { now: number } = { now: Date.now() }) {
  const recorder = recordingFetch();
  const http = new HttpClient({ fetch: recorder.fetch });
  const client = config.maskinportenClient!;
  const now = () => clock.now;
  const maskinporten = new MaskinportenTokenProvider({
    clientId: client.clientId,
    issuer: config.issuers.maskinporten,
    signingKey: createSigningKeyLoader(client.signingKey, () => {
      throw new Error("no Key Vault locally");
    }),
    http,
    now,
  });
  const altinn = new AltinnTokenExchange({ maskinporten, platformBaseUrl: config.altinn.platformBaseUrl, http, now });
  return { recorder, maskinporten, altinn, clock };
}

describe("Maskinporten → Altinn token exchange", () => {
  it("signs a client assertion as Maskinporten requires and exchanges the token for an Altinn token", async () => {
    const { recorder, altinn } = tokenChain(bed.config);
    const token = await altinn.getToken(outboundScopes.dialogporten);

    expect(recorder.to("/.well-known/oauth-authorization-server")).toHaveLength(1);
    const [tokenRequest] = recorder.to("/maskinporten/token");
    const form = new URLSearchParams(tokenRequest!.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = form.get("assertion")!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({
      iss: "local-serviceowner",
      sub: "local-serviceowner",
      aud: bed.config.issuers.maskinporten,
      scope: [...outboundScopes.dialogporten].sort().join(" "),
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(120);
    expect(claims.jti).toEqual(expect.any(String));

    const [exchange] = recorder.to("/authentication/api/v1/exchange/maskinporten");
    const maskinportenToken = exchange!.headers.get("authorization")!.replace(/^Bearer /, "");
    expect(decodeJwt(maskinportenToken)).toMatchObject({ iss: bed.config.issuers.maskinporten });
    expect(decodeJwt(token)).toMatchObject({
      iss: bed.config.issuers.altinn,
      scope: [...outboundScopes.dialogporten].sort().join(" "),
      "urn:altinn:orgNumber": serviceOwnerOrgNumber,
    });
  });

  it("reuses the cached token without any HTTP request, and fetches once for concurrent callers", async () => {
    const { recorder, altinn } = tokenChain(bed.config);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => altinn.getToken(outboundScopes.events)));
    expect(new Set(concurrent).size).toBe(1);
    expect(recorder.to("/maskinporten/token")).toHaveLength(1);
    expect(recorder.to("/exchange/maskinporten")).toHaveLength(1);

    recorder.clear();
    // Scope order does not make another token.
    expect(await altinn.getToken([...outboundScopes.events].reverse())).toBe(concurrent[0]);
    expect(recorder.requests).toHaveLength(0);
  });

  it("keeps one token per scope set", async () => {
    const { recorder, altinn } = tokenChain(bed.config);
    const forEvents = await altinn.getToken(outboundScopes.events);
    const forRegister = await altinn.getToken(outboundScopes.register);
    expect(forEvents).not.toBe(forRegister);
    expect(decodeJwt(forRegister).scope).toBe("altinn:register/partylookup.admin");
    expect(recorder.to("/exchange/maskinporten")).toHaveLength(2);
  });

  it("hands out the cached token until 60 s before it expires, then fetches a new one", async () => {
    const clock = { now: Date.now() };
    const { recorder, altinn } = tokenChain(bed.config, clock);
    const first = await altinn.getToken(outboundScopes.authorization);
    const expiresAtMs = decodeJwt(first).exp! * 1000;

    clock.now = expiresAtMs - 61_000;
    recorder.clear();
    expect(await altinn.getToken(outboundScopes.authorization)).toBe(first);
    expect(recorder.requests).toHaveLength(0);

    clock.now = expiresAtMs - 59_000;
    const second = await altinn.getToken(outboundScopes.authorization);
    expect(second).not.toBe(first);
    expect(recorder.to("/maskinporten/token")).toHaveLength(1);
    expect(recorder.to("/exchange/maskinporten")).toHaveLength(1);
  });

  it("signs with a PKCS#8 PEM key file as well as a JWK", async () => {
    const { altinn } = tokenChain(pemBed.config);
    expect(decodeJwt(await altinn.getToken(outboundScopes.events)).iss).toBe(pemBed.config.issuers.altinn);
  });

  it("gets a raw Maskinporten token (for KRR) without the exchange", async () => {
    const { recorder, maskinporten } = tokenChain(bed.config);
    const token = await maskinporten.getToken(outboundScopes.contactReservation);
    expect(decodeJwt(token)).toMatchObject({
      iss: bed.config.issuers.maskinporten,
      scope: "krr:global/kontaktinformasjon.read",
      consumer: { ID: `0192:${serviceOwnerOrgNumber}` },
    });
    expect(recorder.to("/exchange/maskinporten")).toHaveLength(0);
  });

  it("does not cache a failed token request", async () => {
    const unknownClient: Config = {
      ...bed.config,
      maskinportenClient: { ...bed.config.maskinportenClient!, clientId: "not-a-registered-client" },
    };
    const { recorder, altinn } = tokenChain(unknownClient);
    await expect(altinn.getToken(outboundScopes.events)).rejects.toThrow(/400.*invalid_client/);
    await expect(altinn.getToken(outboundScopes.events)).rejects.toThrow(/invalid_client/);
    expect(recorder.to("/maskinporten/token")).toHaveLength(2);
  });
});

describe("Key Vault secret URIs", () => {
  it("name the vault, the secret and an optional version", () => {
    expect(parseSecretUri("https://kv-corr-test.vault.azure.net/secrets/maskinporten-signing-jwk")).toEqual({
      vaultUrl: "https://kv-corr-test.vault.azure.net",
      name: "maskinporten-signing-jwk",
      version: undefined,
    });
    expect(parseSecretUri("https://kv.vault.azure.net/secrets/key/0123abcd").version).toBe("0123abcd");
    expect(() => parseSecretUri("https://kv.vault.azure.net/keys/key")).toThrow(/Not a Key Vault secret URI/);
  });
});
