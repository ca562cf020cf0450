/** GET /whoami through the real token chain: handler factory → JwtAuthenticator → local issuers' discovery and keys. */
import { HttpRequest, InvocationContext } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWhoAmIHandler } from "../../functions/whoami.js";
import { scopes } from "../../shared/domain/caller.js";
import { JwtAuthenticator } from "../../shared/http/authentication/jwt-authenticator.js";
import { responseOf } from "./support/http.js";
import { startLocalTokenIssuers, type LocalTokenIssuers } from "./support/local-token-issuers.js";

let local: LocalTokenIssuers;
let handler: ReturnType<typeof makeWhoAmIHandler>;

beforeAll(async () => {
  local = await startLocalTokenIssuers();
  handler = makeWhoAmIHandler({ authenticator: new JwtAuthenticator(local.configured) });
});
afterAll(() => local.close());

async function whoami(authorization?: string) {
  const request = new HttpRequest({
    method: "GET",
    url: "http://127.0.0.1:7071/whoami",
    headers: authorization ? { authorization } : {},
  });
  return responseOf(await handler(request, new InvocationContext({ functionName: "whoami" })));
}

describe("GET /whoami", () => {
  it("answers 200 with the resolved caller of an Altinn person token, absent claims as null", async () => {
    const token = await local.issuers.altinn.sign({
      pid: "08900499559",
      scope: `${scopes.read} altinn:portal/enduser`,
      "urn:altinn:userid": 20_000_001,
      "urn:altinn:partyid": 50_000_001,
      "urn:altinn:authlevel": 3,
      jti: "e2e-1",
    });
    const response = await whoami(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      scheme: "altinn",
      issuer: local.configured.altinn,
      scopes: [scopes.read, "altinn:portal/enduser"],
      organisationNumber: null,
      consumerOrganisationNumber: null,
      orgCode: null,
      person: "08900499559",
      userId: "20000001",
      partyId: "50000001",
      authenticationLevel: 3,
      systemUser: null,
      dialog: null,
      tokenId: "e2e-1",
      urnClaims: {},
    });
  });

  it("answers 200 for an enterprise token with organisation number and org code", async () => {
    const token = await local.issuers.altinn.sign({
      scope: scopes.write,
      consumer: { authority: "iso6523-actorid-upis", ID: "0192:991825827" },
      "urn:altinn:orgNumber": "991825827",
      "urn:altinn:org": "digdir",
    });
    const body = (await (await whoami(`Bearer ${token}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ scheme: "altinn", organisationNumber: "991825827", orgCode: "digdir" });
  });

  it("answers 200 for a dialog token, showing its dialog claims", async () => {
    const token = await local.issuers.dialogporten.sign({ a: "read", c: "urn:altinn:person:identifier-no:08900499559", l: 3 });
    const body = (await (await whoami(`Bearer ${token}`)).json()) as { scheme: string; dialog: { actions: string[] } };
    expect(body.scheme).toBe("dialogporten");
    expect(body.dialog.actions).toEqual(["read"]);
  });

  it("answers 401 with an empty body without a token", async () => {
    const response = await whoami();
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("answers 401 with an empty body for an expired token", async () => {
    const token = await local.issuers.maskinporten.sign({ scope: scopes.read }, { expiresInSeconds: -5 });
    const response = await whoami(`Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });

  it("answers 401 for a token from an issuer that only resembles a configured one", async () => {
    const response = await whoami(`Bearer ${await local.impostor.sign({ scope: scopes.write })}`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });
});
