/** api.md §1: the Accept (406) and Content-Type (415) rules, as functions and as the wrapper triggers compose. */
import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it, vi } from "vitest";
import {
  acceptAllows,
  contentTypeAllowed,
  jsonInJsonOut,
  jsonOut,
  plainTextOut,
  withContentNegotiation,
} from "../../shared/http/content-negotiation.js";
import { standardProblemSchema } from "../../shared/http/problem-details.js";

describe("Accept", () => {
  const json = ["application/json"];
  it.each([
    [null, true, "no header"],
    ["", true, "an empty header"],
    ["application/json", true, "the produced type"],
    ["Application/JSON", true, "the produced type in another case"],
    ["application/json; charset=utf-8", true, "parameters ignored"],
    ["*/*", true, "the wildcard"],
    ["text/html, */*;q=0.8", true, "the wildcard among others"],
    ["text/plain;q=0.9, application/json;q=0.5", true, "the spec's example: one listed type matches"],
    ["text/plain", false, "the spec's example: nothing matches"],
    ["application/*", false, "application/* does not match"],
    ["application/problem+json", false, "another JSON type"],
    ["text/*", false, "a partial wildcard"],
  ] as const)("%j → %s (%s)", (header, allowed, _why) => {
    expect(acceptAllows(header, json)).toBe(allowed);
  });

  it("matches the plain-text endpoint's type", () => {
    expect(acceptAllows("text/plain", ["text/plain"])).toBe(true);
    expect(acceptAllows("application/json", ["text/plain"])).toBe(false);
  });
});

describe("Content-Type of a JSON body", () => {
  const json = ["application/json"];
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["APPLICATION/JSON;charset=UTF-8", true],
    [null, false],
    ["", false],
    ["text/plain", false],
    ["text/json", false],
    ["multipart/form-data; boundary=x", false],
    ["application/x-www-form-urlencoded", false],
  ] as const)("%j → %s", (header, allowed) => {
    expect(contentTypeAllowed(header, json)).toBe(allowed);
  });
});

function request(method: string, headers: Record<string, string>, body?: string): HttpRequest {
  return new HttpRequest({
    method,
    url: "http://localhost/correspondence/api/v1/correspondence",
    headers,
    ...(body === undefined ? {} : { body: { string: body } }),
  });
}

describe("withContentNegotiation", () => {
  const context = new InvocationContext({ invocationId: "invocation-1" });

  it("runs the handler (with its extra arguments) when both rules pass", async () => {
    const handler = vi.fn(async (_request: HttpRequest, _context: InvocationContext, caller: string) => ({
      status: 200,
      body: caller,
    }));
    const wrapped = withContentNegotiation(jsonInJsonOut, handler);
    const response = await wrapped(request("POST", { "content-type": "application/json", accept: "*/*" }, "{}"), context, "the caller");
    expect(response).toEqual({ status: 200, body: "the caller" });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("answers 406 in plain text before the handler runs", async () => {
    const handler = vi.fn(async () => ({ status: 200 }));
    const response = await withContentNegotiation(jsonOut, handler)(request("GET", { accept: "text/plain" }), context);
    expect(response.status).toBe(406);
    expect((response as { headers: Record<string, string> }).headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(typeof (response as { body: unknown }).body).toBe("string");
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 415 as a problem for a missing or wrong body type", async () => {
    const handler = vi.fn(async () => ({ status: 200 }));
    const wrapped = withContentNegotiation(jsonInJsonOut, handler);
    const refused: Record<string, string>[] = [{}, { "content-type": "text/plain" }, { "content-type": "multipart/form-data; boundary=b" }];
    for (const headers of refused) {
      const response = await wrapped(request("POST", headers, "{}"), context);
      expect(response.status).toBe(415);
      const body = standardProblemSchema.parse(JSON.parse(String((response as { body: unknown }).body)));
      expect(body).toMatchObject({ status: 415, title: "Unsupported Media Type", traceId: "invocation-1" });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("checks Accept before Content-Type", async () => {
    const response = await withContentNegotiation(jsonInJsonOut, async () => ({ status: 200 }))(
      request("POST", { accept: "text/plain", "content-type": "text/plain" }, "x"),
      context,
    );
    expect(response.status).toBe(406);
  });

  it("leaves the body type alone where nothing is consumed (a DELETE with a JSON body is fine)", async () => {
    const response = await withContentNegotiation(jsonOut, async () => ({ status: 200 }))(
      request("DELETE", { "content-type": "application/json" }, "{}"),
      context,
    );
    expect(response.status).toBe(200);
    const text = await withContentNegotiation(plainTextOut, async () => ({ status: 200 }))(
      request("GET", { accept: "text/plain;q=1" }),
      context,
    );
    expect(text.status).toBe(200);
  });
});
