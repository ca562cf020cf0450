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

describe("trace ids in problem details", () => {
  it("writes the request's W3C trace id, continuing an incoming traceparent", async () => {
    const token = await enterpriseToken("altinn:correspondence.write altinn:serviceowner");
    const incomingTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await fetch(`${urls.functions}/correspondence/api/v1/correspondence/7c1d5f3e-2b1a-4c8e-9f00-000000000001`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${incomingTraceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(404);
    const problem = (await response.json()) as { traceId: string; errorCode: number };
    expect(problem.errorCode).toBe(1001);
    expect(problem.traceId).toMatch(new RegExp(`^00-${incomingTraceId}-[0-9a-f]{16}-01$`));
  });
});
