/**
 * `GET /openapi.json` (anonymous, at the root): the OpenAPI document generated from the routes the trigger files
 * described and the zod schemas their handlers validate with. Built on the first request — every route is
 * registered at start-up — and kept for the life of the worker.
 */
import { app, type HttpHandler } from "@azure/functions";
import { acceptAllows, jsonMediaType, notAcceptableResponse } from "../shared/http/content-negotiation.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import { buildOpenApiDocument, type OpenApiDocument } from "../shared/http/openapi/openapi-document.js";
import { apiRoutes, type RouteRegistry } from "../shared/http/openapi/route-registry.js";

export interface OpenApiDependencies {
  /** This API's public base URL (the document's server). */
  publicBaseUrl: string;
  /** Defaults to the app's own registry; tests pass their own. */
  routes?: RouteRegistry;
}

export const openApiInfo = {
  title: "Altinn Correspondence API",
  version: "v1",
  description:
    "Secure digital mail from the Norwegian public sector (Altinn Correspondence API v1, wire-compatible). " +
    "Enums are written as names and read by name (any case) or number; property names are read case-insensitively.",
};

export function makeOpenApiHandler({ publicBaseUrl, routes = apiRoutes }: OpenApiDependencies): HttpHandler {
  let document: OpenApiDocument | undefined;
  return async (request) => {
    if (!acceptAllows(request.headers.get("accept"), [jsonMediaType])) return notAcceptableResponse();
    document ??= buildOpenApiDocument(routes.routes(), { ...openApiInfo, serverUrl: publicBaseUrl });
    return { status: 200, headers: { "cache-control": "no-cache" }, jsonBody: document };
  };
}

export function registerOpenApiFunction(dependencies: OpenApiDependencies): void {
  app.http("openapi", {
    route: "openapi.json",
    methods: ["GET"],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeOpenApiHandler(dependencies)),
  });
}
