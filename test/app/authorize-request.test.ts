/** The HTTP mapping of authentication and policies: 401 / 403 / IDX10205, per api.md §2.3. */
import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it, vi } from "vitest";
import { scopes, type Caller } from "../../shared/domain/caller.js";
import type { AuthenticationOutcome, TokenAuthenticator } from "../../shared/http/authentication/token-authenticator.js";
import { withCaller, type AccessRequirement } from "../../shared/http/authorize-request.js";
import { standardProblemSchema } from "../../shared/http/problem-details.js";
import { callerWith } from "./support/callers.js";
import { responseOf } from "./support/http.js";

/** Accepts exactly the token "good" as `caller`; anything else fails the way `failure` says. */
function fakeAuthenticator(
  caller: Caller,
  failure: Exclude<AuthenticationOutcome, { ok: true }> = { ok: false, failure: "invalidToken", detail: "bad" },
): TokenAuthenticator {
  return { authenticate: async (token) => (token === "good" ? { ok: true, caller } : failure) };
}

async function call(requirement: AccessRequirement, caller: Caller, authorization?: string, context = new InvocationContext()) {
  const handled = vi.fn(async (_request: HttpRequest, _context: InvocationContext, seen: Caller) => ({
    status: 200,
    jsonBody: { scheme: seen.scheme },
  }));
  const handler = withCaller(fakeAuthenticator(caller), requirement, handled);
  const request = new HttpRequest({
    method: "GET",
    url: "http://127.0.0.1:7071/correspondence/api/v1/correspondence",
    headers: authorization ? { authorization } : {},
  });
  const response = await responseOf(await handler(request, context));
  return { response, handled, body: await response.text() };
}

const altinnSender = callerWith("altinn", { scopes: [scopes.write] });

describe("withCaller", () => {
  it("runs the handler with the caller when the policy admits it", async () => {
    const { response, handled } = await call("Sender", altinnSender, "Bearer good");
    expect(response.status).toBe(200);
    expect(handled).toHaveBeenCalledOnce();
    expect(handled.mock.calls[0]?.[2]).toBe(altinnSender);
  });

  it("accepts the scheme name in any case", async () => {
    expect((await call("Sender", altinnSender, "bearer good")).response.status).toBe(200);
  });

  it("answers 401 with an empty body and a Bearer challenge without a token", async () => {
    for (const authorization of [undefined, "Basic dXNlcjpwYXNz", "Bearer", "Bearer "]) {
      const { response, handled, body } = await call("Sender", altinnSender, authorization);
      expect(response.status).toBe(401);
      expect(body).toBe("");
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect(handled).not.toHaveBeenCalled();
    }
  });

  it("answers 401 with an empty body for an invalid token, and logs why", async () => {
    const context = new InvocationContext();
    const info = vi.spyOn(context, "info").mockImplementation(() => undefined);
    const { response, handled, body } = await call("AnyValidToken", altinnSender, "Bearer forged", context);
    expect(response.status).toBe(401);
    expect(body).toBe("");
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(handled).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith("Token rejected (invalidToken): bad");
  });

  it("logs an unreachable issuer as an error (it is ours to fix), still answering 401", async () => {
    const context = new InvocationContext();
    const error = vi.spyOn(context, "error").mockImplementation(() => undefined);
    const handler = withCaller(
      fakeAuthenticator(altinnSender, { ok: false, failure: "issuerUnavailable", detail: "metadata down" }),
      "Sender",
      async () => ({ status: 200 }),
    );
    const request = new HttpRequest({ method: "GET", url: "http://x/y", headers: { authorization: "Bearer other" } });
    const response = await responseOf(await handler(request, context));
    expect(response.status).toBe(401);
    expect(error).toHaveBeenCalledWith("Token could not be checked: metadata down");
  });

  it("answers 403 with an empty body when the scopes do not satisfy the policy", async () => {
    const { response, handled, body } = await call("Sender", callerWith("altinn", { scopes: [scopes.read] }), "Bearer good");
    expect(response.status).toBe(403);
    expect(body).toBe("");
    expect(handled).not.toHaveBeenCalled();
  });

  it("answers 403 with an empty body for a dialog token on a sender endpoint", async () => {
    const dialog = callerWith("dialogporten", { dialog: { actions: ["read", "write"] } });
    const { response, body } = await call("Sender", dialog, "Bearer good");
    expect(response.status).toBe(403);
    expect(body).toBe("");
  });

  it("answers 403 IDX10205 problem for a raw Maskinporten token on an endpoint that wants an Altinn token", async () => {
    const maskinporten = callerWith("maskinporten", { scopes: [scopes.read, scopes.serviceOwner] });
    const { response, body, handled } = await call("Recipient", maskinporten, "Bearer good");
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = standardProblemSchema.parse(JSON.parse(body));
    expect(problem.title).toBe("IDX10205: Issuer validation failed");
    expect(problem.detail).toMatch(/^Maskinporten token is not valid\. Exchange to Altinn token and try again\./);
    expect(handled).not.toHaveBeenCalled();
  });

  it("lets any valid token through for AnyValidToken", async () => {
    const bare = callerWith("maskinporten");
    expect((await call("AnyValidToken", bare, "Bearer good")).response.status).toBe(200);
  });
});
