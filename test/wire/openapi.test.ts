/**
 * The generated OpenAPI document: structurally sound (every registered route has its path, every $ref resolves,
 * every referenced schema exists) and generated from the very zod schemas that validate — a change to a schema
 * shows up in the document.
 */
import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { makeOpenApiHandler } from "../../functions/openapi.js";
import { correspondenceRoutes } from "../../shared/http/openapi/correspondence-routes.js";
import { buildOpenApiDocument, type OpenApiDocument } from "../../shared/http/openapi/openapi-document.js";
import { openApiPath, RouteRegistry } from "../../shared/http/openapi/route-registry.js";
import { namedWireSchema } from "../../shared/http/openapi/schema-registry.js";
import { correspondenceOverviewSchema } from "../../shared/http/wire/correspondence-responses.js";
import { baseCorrespondenceSchema } from "../../shared/http/wire/initialize-correspondences-schema.js";

const info = { title: "Correspondence", version: "v1" };

function allRoutes(): RouteRegistry {
  const registry = new RouteRegistry();
  for (const route of Object.values(correspondenceRoutes)) registry.describe(route);
  return registry;
}

function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) references(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      if (key === "$ref" && typeof member === "string") found.push(member);
      else references(member, found);
    }
  }
  return found;
}

function keysAnywhere(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) return value.some((item) => keysAnywhere(item, wanted));
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(value).some(([key, member]) => key === wanted || keysAnywhere(member, wanted));
}

function assertStructurallyValid(document: OpenApiDocument): void {
  expect(document.openapi).toBe("3.1.0");
  const refs = references(document);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref, ref).toMatch(/^#\/components\/schemas\/[A-Za-z0-9]+$/);
    expect(document.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
  }
  // Components are embedded schemas, not stand-alone documents with their own $defs.
  expect(keysAnywhere(document, "$defs")).toBe(false);
  expect(keysAnywhere(document, "$schema")).toBe(false);
  const operationIds: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    expect(path.startsWith("/")).toBe(true);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (const operation of Object.values(operations)) {
      operationIds.push(String(operation.operationId));
      const parameters = operation.parameters as { name: string; in: string; required: boolean }[];
      expect(parameters.filter((parameter) => parameter.in === "path").map(({ name }) => name)).toEqual(templated);
      for (const parameter of parameters.filter(({ in: where }) => where === "path")) expect(parameter.required).toBe(true);
      expect(Object.keys(operation.responses as object)).toContain("200");
    }
  }
  expect(new Set(operationIds).size).toBe(operationIds.length);
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument(allRoutes().routes(), info);

  it("is structurally valid", () => assertStructurallyValid(document));

  it("has a path for every registered, non-hidden route, with its method", () => {
    for (const route of Object.values(correspondenceRoutes)) {
      const operations = document.paths[openApiPath(route.path)];
      if ("hidden" in route && route.hidden) expect(operations?.[route.method.toLowerCase()]).toBeUndefined();
      else expect(operations?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(Object.keys(document.paths).sort()).toEqual([
      "/correspondence/api/v1/correspondence",
      "/correspondence/api/v1/correspondence/{correspondenceId}",
      "/correspondence/api/v1/correspondence/{correspondenceId}/confirm",
      "/correspondence/api/v1/correspondence/{correspondenceId}/details",
      "/correspondence/api/v1/correspondence/{correspondenceId}/markasread",
      "/correspondence/api/v1/correspondence/{correspondenceId}/purge",
    ]);
  });

  it("describes bodies and responses by the named wire schemas", () => {
    const initialize = document.paths["/correspondence/api/v1/correspondence"]?.post as Record<string, any>;
    expect(initialize.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/InitializeCorrespondencesExt",
    });
    expect(initialize.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/InitializeCorrespondencesResponseExt",
    });
    expect(initialize.responses["400"].content["application/problem+json"].schema.oneOf).toEqual([
      { $ref: "#/components/schemas/ProblemDetails" },
      { $ref: "#/components/schemas/ValidationProblemDetails" },
    ]);
    expect(initialize.responses["409"].description).toContain("CORR-01034");
    expect(initialize.responses["422"].description).toContain("CORR-01030");
    expect(initialize.security).toEqual([{ bearerAuth: [] }]);
    expect(initialize["x-altinn-policy"]).toBe("Sender");
  });

  it("documents the search query parameters with their required flags", () => {
    const search = document.paths["/correspondence/api/v1/correspondence"]?.get as Record<string, any>;
    const parameters = Object.fromEntries(
      (search.parameters as { name: string; required: boolean }[]).map((parameter) => [parameter.name, parameter.required]),
    );
    expect(parameters).toEqual({
      resourceId: true,
      role: true,
      from: false,
      to: false,
      status: false,
      onBehalfOf: false,
      sendersReference: false,
      idempotentKey: false,
      altinn2CorrespondenceId: false,
    });
  });

  it("has every member of the validating schema in its component", () => {
    const base = document.components.schemas.BaseCorrespondenceExt as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(base.properties)).toEqual(Object.keys(baseCorrespondenceSchema.shape));
    expect(base.required.sort()).toEqual(["content", "resourceId", "sendersReference"]);
    const overview = document.components.schemas.CorrespondenceOverviewExt as { properties: object; required: string[] };
    // Responses write every member: all are required in the document.
    expect(overview.required).toEqual(Object.keys(correspondenceOverviewSchema.shape));
    expect(document.components.schemas.CorrespondenceStatusExt).toMatchObject({ enum: expect.arrayContaining(["Published", "Fetched"]) });
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("follows a schema change", () => {
    const before = namedWireSchema(z.object({ first: z.string() }), "DocumentChangeProbeExt", "response");
    const after = before.extend({ second: z.number().int().nullable() });
    const registry = new RouteRegistry();
    registry.describe({ method: "GET", path: "probe/{id}", summary: "probe", policy: "anonymous", request: { params: z.object({ id: z.string() }) }, responses: { 200: before } });
    const first = buildOpenApiDocument(registry.routes(), info);
    expect(first.components.schemas.DocumentChangeProbeExt).toMatchObject({ properties: { first: { type: "string" } } });

    registry.describe({ method: "GET", path: "probe/{id}", summary: "probe", policy: "anonymous", request: { params: z.object({ id: z.string() }) }, responses: { 200: after } });
    const second = buildOpenApiDocument(registry.routes(), info);
    assertStructurallyValid(second);
    const inline = (second.paths["/probe/{id}"]?.get as Record<string, any>).responses["200"].content["application/json"].schema;
    expect(inline.properties).toEqual({ first: { type: "string" }, second: expect.objectContaining({ anyOf: expect.any(Array) }) });
    expect((second.paths["/probe/{id}"]?.get as Record<string, any>).security).toEqual([]);
  });
});

describe("GET /openapi.json", () => {
  const context = new InvocationContext({ invocationId: "openapi-test" });
  const get = (headers: Record<string, string> = {}) =>
    new HttpRequest({ method: "GET", url: "http://localhost/openapi.json", headers });

  it("serves the document built from the route registry", async () => {
    const handler = makeOpenApiHandler({ publicBaseUrl: "https://correspondence.example", routes: allRoutes() });
    const response = await handler(get({ accept: "application/json" }), context);
    expect(response.status).toBe(200);
    const document = (response as { jsonBody: OpenApiDocument }).jsonBody;
    assertStructurallyValid(document);
    expect(document.servers).toEqual([{ url: "https://correspondence.example" }]);
  });

  it("answers 406 to an Accept it cannot satisfy", async () => {
    const handler = makeOpenApiHandler({ publicBaseUrl: "https://correspondence.example", routes: allRoutes() });
    expect((await handler(get({ accept: "text/html" }), context)).status).toBe(406);
  });
});
