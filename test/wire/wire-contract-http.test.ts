/**
 * The wire contract over real HTTP against the dev host: model-validation 400s (STD-00000) for POST /correspondence
 * and the search query, ASP.NET's lenient JSON end to end, the 406/415 rules, that bad input never yields a 500,
 * and GET /openapi.json.
 */
import { describe, expect, inject, it } from "vitest";
import { validationProblemSchema } from "../../shared/http/problem-details.js";
import type { OpenApiDocument } from "../../shared/http/openapi/openapi-document.js";
import { mutate, randomSource } from "./random-input.js";
import { initializeBody } from "./support.js";

const { urls } = inject("platform");
const correspondenceUrl = `${urls.functions}/correspondence/api/v1/correspondence`;

async function token(path: "GetEnterpriseToken" | "GetPersonalToken", query: Record<string, string>): Promise<string> {
  const response = await fetch(`${urls.stubs}/api/${path}?${new URLSearchParams({ env: "local", ...query })}`);
  expect(response.status).toBe(200);
  return response.text();
}

const senderToken = () =>
  token("GetEnterpriseToken", { scopes: "altinn:correspondence.write altinn:serviceowner", org: "ttd", orgNo: "991825827" });

function post(bearer: string | undefined, body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  return fetch(correspondenceUrl, {
    method: "POST",
    headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
}

async function validationErrors(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).not.toHaveProperty("errorCode");
  return validationProblemSchema.parse(body).errors;
}

describe("POST /correspondence: model validation over HTTP (400 STD-00000)", () => {
  const cases: [string, unknown, Record<string, string[]>][] = [
    ["empty recipients", initializeBody({}, { recipients: [] }), { Recipients: ["Recipients can not be empty"] }],
    [
      "a national id failing mod-11",
      initializeBody({}, { recipients: ["08900499558"] }),
      { Recipients: ["The given Recipient national identity number is not valid"] },
    ],
    [
      "an invalid idempotent key",
      initializeBody({}, { idempotentKey: "00000000-0000-0000-0000-000000000000" }),
      { IdempotentKey: ["The idempotency key must be a valid non-empty GUID"] },
    ],
    [
      "a blank title",
      initializeBody({ content: { language: "nb", messageTitle: " ", messageBody: "b" } }),
      { "Correspondence.Content.MessageTitle": ["The MessageTitle field is required."] },
    ],
    [
      "a DialogportenTransmissionId reference",
      initializeBody({ externalReferences: [{ referenceType: 5, referenceValue: "x" }] }),
      { "Correspondence.ExternalReferences": ["Cannot initialize a correspondence with pre-existing transmission defined"] },
    ],
    [
      "eleven properties",
      initializeBody({ propertyList: Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`k${index}`, "v"])) }),
      { "Correspondence.PropertyList": ["propertyList can contain at most 10 properties"] },
    ],
  ];

  it.each(cases)("%s", async (_name, body, expected) => {
    const response = await post(await senderToken(), JSON.stringify(body));
    expect(await validationErrors(response)).toEqual(expected);
  });

  it("answers JSON syntax errors and an empty body with 400, not 500", async () => {
    const bearer = await senderToken();
    for (const text of ['{"correspondence": {,}', "{'single': 'quotes'}", '{"a": 1,}', "/* comment */ {}", ""]) {
      const errors = await validationErrors(await post(bearer, text));
      expect(Object.keys(errors).length).toBeGreaterThan(0);
    }
  });

  it("reads PascalCase names, numbers as strings and enums by number, as Altinn's own collection sends them", async () => {
    const body = {
      Correspondence: {
        ResourceId: "wire-contract-resource",
        SendersReference: "wire-contract",
        Content: { Language: "nb", MessageTitle: "Lenient", MessageBody: "Body" },
        ExternalReferences: [{ ReferenceType: "0", ReferenceValue: "generic" }],
        IsConfirmationNeeded: false,
      },
      Recipients: ["urn:altinn:organization:identifier-no:991825827"],
    };
    const response = await post(await senderToken(), JSON.stringify(body));
    expect(response.status).toBe(200);
    const created = (await response.json()) as { correspondences: { status: string; recipient: string }[] };
    expect(created.correspondences).toHaveLength(1);
    expect(created.correspondences[0]?.recipient).toBe("urn:altinn:organization:identifier-no:991825827");
  });

  it("checks the token before the body: no token is 401 with an empty body, whatever the body", async () => {
    const response = await post(undefined, "{ not json");
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("");
  });
});

describe("POST /correspondence: malformed bodies never answer 500", () => {
  it("answers every mutated body with 200, a 400 problem or another contract status (seeded)", async () => {
    const random = randomSource(7);
    const bearer = await senderToken();
    const statuses = new Map<number, number>();
    for (let index = 0; index < 60; index++) {
      let body: unknown = initializeBody({ resourceId: "wire-contract-resource" });
      for (let mutation = 0, count = 1 + random.integer(3); mutation < count; mutation++) body = mutate(random, body);
      const text = JSON.stringify(body) ?? "null";
      const response = await post(bearer, text);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `case ${index}: ${text.slice(0, 300)}`).toBeLessThan(500);
      if (response.status >= 400) {
        expect(response.headers.get("content-type"), `case ${index}`).toContain("application/problem+json");
        const problem = (await response.json()) as { code?: string };
        expect(problem.code, `case ${index}`).toMatch(/^(STD-00000|CORR-\d{5})$/);
      } else {
        await response.body?.cancel();
      }
    }
    // The generator reaches the validation path (not only bodies that pass).
    expect(statuses.get(400) ?? 0).toBeGreaterThan(10);
  });
});

describe("media types over HTTP (api.md §1)", () => {
  it("answers 415 to a missing or non-JSON Content-Type", async () => {
    const bearer = await senderToken();
    const body = JSON.stringify(initializeBody());
    expect((await post(bearer, body, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(bearer, body, { "content-type": "multipart/form-data; boundary=x" })).status).toBe(415);
    const withoutType = await fetch(correspondenceUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}` },
      body: new Blob([body]),
    });
    expect(withoutType.status).toBe(415);
  });

  it("answers 406 in plain text when Accept lists nothing the endpoint produces", async () => {
    const bearer = await senderToken();
    const body = JSON.stringify(initializeBody({}, { recipients: [] }));
    const refused = await post(bearer, body, { "content-type": "application/json", accept: "text/plain" });
    expect(refused.status).toBe(406);
    expect(refused.headers.get("content-type")).toContain("text/plain");
    const wildcard = await post(bearer, body, { "content-type": "application/json", accept: "application/*" });
    expect(wildcard.status).toBe(406);
    // One listed type matches: the request is processed (and here fails validation).
    const accepted = await post(bearer, body, {
      "content-type": "application/json; charset=utf-8",
      accept: "text/plain;q=0.9, application/json;q=0.5",
    });
    expect(accepted.status).toBe(400);
  });
});

describe("GET /correspondence: query binding over HTTP", () => {
  it.each([
    ["role=recipient", "resourceId"],
    ["resourceId=r", "role"],
    ["resourceId=r&role=owner", "role"],
    ["resourceId=r&role=recipient&status=Opened", "status"],
    ["resourceId=r&role=recipient&onBehalfOf=991825827", "onBehalfOf"],
    ["resourceId=r&role=recipient&idempotentKey=nope", "idempotentKey"],
  ])("%s → 400 on %s", async (query, key) => {
    const response = await fetch(`${correspondenceUrl}?${query}`, {
      headers: { authorization: `Bearer ${await senderToken()}` },
    });
    expect(Object.keys(await validationErrors(response))).toEqual([key]);
  });
});

describe("GET /openapi.json", () => {
  it("serves the generated document, anonymously, with every correspondence route", async () => {
    const response = await fetch(`${urls.functions}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/correspondence/api/v1/correspondence",
        "/correspondence/api/v1/correspondence/{correspondenceId}",
        "/correspondence/api/v1/correspondence/{correspondenceId}/details",
        "/correspondence/api/v1/correspondence/{correspondenceId}/markasread",
        "/correspondence/api/v1/correspondence/{correspondenceId}/confirm",
        "/correspondence/api/v1/correspondence/{correspondenceId}/purge",
      ]),
    );
    expect(document.components.schemas.InitializeCorrespondencesExt).toBeDefined();
  });
});
