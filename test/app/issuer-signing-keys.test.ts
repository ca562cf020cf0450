/** Discovery caching: a failed discovery is retried only after a cooldown, a good one is kept until it ages out. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IssuerDiscoveryError, IssuerSigningKeys } from "../../shared/http/authentication/issuer-signing-keys.js";
import { trustedIssuersFrom } from "../../shared/http/authentication/trusted-issuers.js";

let server: Server;
let issuer: string;
let metadataStatus = 200;
let metadataRequests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.endsWith("/.well-known/openid-configuration")) {
      metadataRequests++;
      res.writeHead(metadataStatus, { "content-type": "application/json" });
      res.end(metadataStatus === 200 ? JSON.stringify({ issuer, jwks_uri: `${issuer}jwks` }) : "{}");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/authentication/api/v1/openid/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function altinnKeys(now: () => number): IssuerSigningKeys {
  const [altinn] = trustedIssuersFrom({ altinn: issuer, maskinporten: "http://unused/", dialogporten: "http://unused" });
  return new IssuerSigningKeys(altinn!, { timeoutMs: 1000, metadataMaxAgeMs: 60_000, failureCooldownMs: 5_000, now });
}

describe("IssuerSigningKeys", () => {
  it("derives each issuer's key location from its identifier", () => {
    const [altinn, maskinporten, dialogporten] = trustedIssuersFrom({
      altinn: "https://platform.tt02.altinn.no/authentication/api/v1/openid/",
      maskinporten: "https://test.maskinporten.no/",
      dialogporten: "https://platform.tt02.altinn.no/dialogporten/api/v1",
    });
    expect(altinn?.discovery).toEqual({
      kind: "metadata",
      metadataUrl: "https://platform.tt02.altinn.no/authentication/api/v1/openid/.well-known/openid-configuration",
    });
    expect(maskinporten?.discovery).toEqual({
      kind: "metadata",
      metadataUrl: "https://test.maskinporten.no/.well-known/oauth-authorization-server",
    });
    expect(dialogporten?.discovery).toEqual({
      kind: "jwks",
      jwksUrl: "https://platform.tt02.altinn.no/dialogporten/api/v1/.well-known/jwks.json",
    });
    expect(dialogporten?.algorithms).toContain("EdDSA");
    expect(altinn?.algorithms).toEqual(["RS256"]);
  });

  it("remembers a failure for the cooldown only, then discovers again", async () => {
    let now = 0;
    const keys = altinnKeys(() => now);
    metadataStatus = 503;
    metadataRequests = 0;

    await expect(keys.keys()).rejects.toBeInstanceOf(IssuerDiscoveryError);
    now = 4_000;
    await expect(keys.keys()).rejects.toBeInstanceOf(IssuerDiscoveryError);
    expect(metadataRequests).toBe(1);

    metadataStatus = 200;
    now = 5_001;
    await expect(keys.keys()).resolves.toBeTypeOf("function");
    expect(metadataRequests).toBe(2);
  });

  it("keeps a good discovery until it ages out", async () => {
    let now = 0;
    const keys = altinnKeys(() => now);
    metadataStatus = 200;
    metadataRequests = 0;

    const first = await keys.keys();
    now = 59_999;
    expect(await keys.keys()).toBe(first);
    expect(metadataRequests).toBe(1);
    now = 60_000;
    expect(await keys.keys()).not.toBe(first);
    expect(metadataRequests).toBe(2);
  });

  it("shares one discovery between concurrent callers", async () => {
    const keys = altinnKeys(() => 0);
    metadataStatus = 200;
    metadataRequests = 0;
    await Promise.all([keys.keys(), keys.keys(), keys.keys()]);
    expect(metadataRequests).toBe(1);
  });
});
