import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it, vi } from "vitest";
import { guardUnexpectedErrors } from "../../shared/http/guard-unexpected-errors.js";
import {
  businessProblem,
  businessProblemResponse,
  businessProblemSchema,
  problemContentType,
  standardProblemSchema,
  validationProblem,
  validationProblemResponse,
  validationProblemSchema,
} from "../../shared/http/problem-details.js";
import { responseOf } from "./support/http.js";

const traceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

describe("business problems (api.md §2.1)", () => {
  it("writes the contract's shape for a catalogue error", () => {
    const problem = businessProblem(
      {
        errorCode: 1023,
        status: 400,
        detail: "Invalid language chosen. Supported languages is Norsk bokmål (nb), Nynorsk (nn) and English (en)",
      },
      traceId,
    );
    expect(problem).toEqual({
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
      title: "Bad Request",
      status: 400,
      detail: "Invalid language chosen. Supported languages is Norsk bokmål (nb), Nynorsk (nn) and English (en)",
      code: "CORR-01023",
      traceId,
      statusDescription: "Bad Request",
      errorCode: 1023,
    });
    expect(businessProblemSchema.safeParse(problem).success).toBe(true);
  });

  it.each([
    [401, 4001, "https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized", "CORR-04001"],
    [404, 1001, "https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found", "CORR-01001"],
    [409, 1065, "https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", "CORR-01065"],
    [451, 1056, "https://tools.ietf.org/html/rfc7725#section-3", "Unavailable For Legal Reasons", "CORR-01056"],
    [502, 3001, "https://tools.ietf.org/html/rfc9110#section-15.6.3", "Bad Gateway", "CORR-03001"],
  ] as const)("status %i: type, title and zero-padded code", (status, errorCode, type, title, code) => {
    const problem = businessProblem({ errorCode, status, detail: "x" }, traceId);
    expect(problem).toMatchObject({ type, title, statusDescription: title, code, status, errorCode });
  });

  it("answers as application/problem+json with the request's trace id", async () => {
    const context = new InvocationContext({
      invocationId: "inv-1",
      traceContext: { traceParent: traceId, traceState: undefined, attributes: {} },
    });
    const response = await responseOf(businessProblemResponse({ errorCode: 1001, status: 404, detail: "gone" }, context));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe(problemContentType);
    expect(businessProblemSchema.parse(await response.json()).traceId).toBe(traceId);
  });
});

describe("model-validation problems (api.md §2.2)", () => {
  it("writes STD-00000 with validationErrors and the legacy errors dictionary, without errorCode", () => {
    const problem = validationProblem(
      [
        { key: "Correspondence.Content.MessageTitle", message: "The MessageTitle field is required." },
        { key: "Recipients", message: "Recipients can not be empty" },
        { key: "Recipients", message: "Recipients must be unique" },
      ],
      traceId,
    );
    expect(validationProblemSchema.safeParse(problem).success).toBe(true);
    expect(problem).not.toHaveProperty("errorCode");
    expect(problem.validationErrors[0]).toEqual({
      code: "CORR.VLD-00000",
      detail: "The MessageTitle field is required.",
      paths: ["Correspondence/Content/MessageTitle"],
    });
    expect(problem.errors).toEqual({
      "Correspondence.Content.MessageTitle": ["The MessageTitle field is required."],
      Recipients: ["Recipients can not be empty", "Recipients must be unique"],
    });
  });

  it("is a 400 problem+json response", async () => {
    const context = new InvocationContext({ invocationId: "inv-2" });
    const response = await responseOf(validationProblemResponse([{ key: "Recipients", message: "empty" }], context));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe(problemContentType);
    const body = validationProblemSchema.parse(await response.json());
    expect(body.traceId).toBe("inv-2");
  });

  it("the schemas tell the two shapes apart", () => {
    const business = businessProblem({ errorCode: 1006, status: 400, detail: "Recipients must be unique" }, traceId);
    const validation = validationProblem([{ key: "a", message: "b" }], traceId);
    expect(validationProblemSchema.safeParse(business).success).toBe(false);
    expect(businessProblemSchema.safeParse(validation).success).toBe(false);
  });
});

describe("unexpected errors", () => {
  it("become a generic 500 problem that leaks nothing, and are logged in full", async () => {
    const context = new InvocationContext({ invocationId: "inv-3" });
    const logged = vi.spyOn(context, "error").mockImplementation(() => undefined);
    const secret = new Error("connect ECONNREFUSED 10.1.2.3:443 AccountKey=c2VjcmV0");
    const handler = guardUnexpectedErrors(async () => {
      throw secret;
    });

    const response = await responseOf(await handler(new HttpRequest({ url: "http://localhost/x", method: "GET" }), context));

    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe(problemContentType);
    const text = await response.text();
    expect(standardProblemSchema.parse(JSON.parse(text))).toEqual({
      type: "https://tools.ietf.org/html/rfc9110#section-15.6.1",
      title: "An error occurred while processing your request.",
      status: 500,
      traceId: "inv-3",
    });
    expect(text).not.toMatch(/ECONNREFUSED|AccountKey|10\.1\.2\.3/);
    expect(logged).toHaveBeenCalledWith("Unhandled error", secret);
  });

  it("let ordinary responses through untouched", async () => {
    const handler = guardUnexpectedErrors(async () => ({ status: 204 }));
    const response = await handler(new HttpRequest({ url: "http://localhost/x", method: "GET" }), new InvocationContext());
    expect(response).toEqual({ status: 204 });
  });
});
