/**
 * The running platform, end to end over HTTP: the real function app in the dev host, with its dependencies up.
 */
import { describe, expect, inject, it } from "vitest";

const { urls } = inject("platform");

async function enterpriseToken(scopes: string): Promise<string> {
  const query = new URLSearchParams({ env: "local", scopes, org: "ttd", orgNo: "991825827" });
  const response = await fetch(`${urls.stubs}/api/GetEnterpriseToken?${query}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the local platform", () => {
  it.each(["/health", "/healthz"])("answers %s with 200 and every dependency healthy", async (path) => {
    const response = await fetch(`${urls.functions}${path}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; dependencies: Record<string, { status: string }> };
    expect(body.status).toBe("Healthy");
    expect(Object.keys(body.dependencies).sort()).toEqual(["blob", "cosmos", "serviceBus"]);
    for (const dependency of Object.values(body.dependencies)) expect(dependency.status).toBe("Healthy");
  });

  it("accepts a token from the stub's token generator on an authenticated function", async () => {
    const token = await enterpriseToken("altinn:correspondence.write altinn:serviceowner");
    const response = await fetch(`${urls.functions}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const caller = (await response.json()) as Record<string, unknown>;
    expect(caller).toMatchObject({ organisationNumber: "991825827", orgCode: "ttd" });
    expect(caller.scopes).toEqual(expect.arrayContaining(["altinn:correspondence.write", "altinn:serviceowner"]));
  });

  it("refuses the authenticated function without a token, with an empty 401", async () => {
    const response = await fetch(`${urls.functions}/whoami`);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });

  it("refuses a token that the configured issuers did not sign", async () => {
    const token = await enterpriseToken("altinn:correspondence.write");
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("not a signature").toString("base64url")}`;
    const response = await fetch(`${urls.functions}/whoami`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });
});
