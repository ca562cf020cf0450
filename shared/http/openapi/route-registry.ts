/**
 * The routes the OpenAPI document describes. Each trigger file calls `describeRoute` next to its `app.http`
 * registration, handing over the same zod schemas its handler validates with — the document is generated from
 * these, so there is no second copy of any wire shape to drift.
 */
import type { z } from "zod";
import type { AccessPolicyName } from "../../domain/access-policies.js";
import type { CatalogueCode } from "../../domain/error-catalogue.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ResponseDescription {
  description?: string;
  /** The body schema; absent = no body. */
  schema?: z.ZodType;
  /** Defaults to `application/json`. */
  contentType?: string;
}

export interface RouteDescription {
  method: HttpMethod;
  /** As registered with the host (`correspondence/api/v1/correspondence/{correspondenceId}`); a leading `/` is optional. */
  path: string;
  summary: string;
  description?: string;
  /** The endpoint policy (authorization.md), or "anonymous". */
  policy: AccessPolicyName | "anonymous";
  tags?: string[];
  request?: {
    /** Path parameters, one member per `{name}` in the path. */
    params?: z.ZodObject;
    /** Query parameters, one member per parameter; optional members are optional parameters. */
    query?: z.ZodObject;
    body?: z.ZodType;
    /** Defaults to `application/json`. */
    bodyContentType?: string;
  };
  /** Success (and any other explicitly shaped) responses by status; a bare schema means JSON. */
  responses: Record<number, z.ZodType | ResponseDescription>;
  /** Catalogue errors the endpoint can answer with; documented as ProblemDetails under their HTTP status. */
  errorCodes?: readonly CatalogueCode[];
  /** Answers 400 with the model-validation problem (STD-00000) for malformed input. */
  validatesInput?: boolean;
  /** Kept out of the published document (Altinn hides internal endpoints such as `/content`). */
  hidden?: boolean;
}

/** `correspondence/{id:guid}` → `/correspondence/{id}`: the OpenAPI form of a host route template. */
export function openApiPath(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.replace(/\{([^}:?]+)(?::[^}]*)?\??\}/g, "{$1}");
}

export class RouteRegistry {
  readonly #routes = new Map<string, RouteDescription>();

  /** Adds (or replaces: registration may run more than once per process) the description of one route. */
  describe(route: RouteDescription): RouteDescription {
    this.#routes.set(`${route.method} ${openApiPath(route.path)}`, route);
    return route;
  }

  routes(): RouteDescription[] {
    return [...this.#routes.values()];
  }
}

/** The routes of this function app. */
export const apiRoutes = new RouteRegistry();

/** Describes a route of this function app for the OpenAPI document. */
export function describeRoute(route: RouteDescription): RouteDescription {
  return apiRoutes.describe(route);
}
