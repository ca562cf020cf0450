/**
 * Generates the OpenAPI 3.1 document from the route registry and the named wire schemas, with zod 4's
 * `z.toJSONSchema` (OpenAPI 3.1 schemas are JSON Schema 2020-12). Named schemas become `components/schemas`;
 * ProblemDetails shapes come from problem-details.ts; every authenticated route carries the bearer scheme and its
 * 401/403 answers; catalogue errors are listed under their HTTP status.
 */
import { z } from "zod";
import { applicationError } from "../../domain/error-catalogue.js";
import { businessProblemSchema, standardProblemSchema, validationProblemSchema } from "../problem-details.js";
import { openApiPath, type ResponseDescription, type RouteDescription } from "./route-registry.js";
import { registeredWireSchemas, registerWireSchema, wireSchemaRegistry } from "./schema-registry.js";

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  serverUrl?: string;
}

const componentPrefix = "#/components/schemas/";
const bearerSchemeName = "bearerAuth";

/** The problem shapes, as components under the names Altinn's document uses for them. */
const problemComponents = [
  [businessProblemSchema, "ProblemDetails"],
  [validationProblemSchema, "ValidationProblemDetails"],
  [standardProblemSchema, "StandardProblemDetails"],
] as const;

function registerProblemSchemas(): void {
  for (const [schema, id] of problemComponents) registerWireSchema(schema, { id, direction: "response" });
}

const statusDescriptions: Record<number, string> = {
  200: "OK",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

/**
 * ISO date-times and GUIDs are documented by their `format` rather than zod's long validation patterns (readers
 * and generators know `date-time` and `uuid`; the patterns only add noise).
 */
function preferFormats(context: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void {
  const { def } = context.zodSchema._zod;
  if (def.type !== "string" || !("format" in def)) return;
  if (def.format === "datetime") {
    delete context.jsonSchema.pattern;
    context.jsonSchema.format = "date-time";
  } else if (def.format === "guid") {
    delete context.jsonSchema.pattern;
    context.jsonSchema.format = "uuid";
  }
}

/** Drops the per-document keys zod writes (`$schema`, `$id`) so a schema can sit inside the OpenAPI document. */
function asComponent(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Rewrites local `#/$defs/X` references to the component they stand for. */
function pointDefsAtComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pointDefsAtComponents);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === "$ref" && typeof member === "string" && member.startsWith("#/$defs/")
        ? componentPrefix + member.slice("#/$defs/".length)
        : pointDefsAtComponents(member),
    ]),
  );
}

class DocumentBuilder {
  readonly schemas: Record<string, JsonSchema> = {};

  constructor() {
    registerProblemSchemas();
    // Each named schema is documented as it is read (requests: defaults optional) or as it is written (responses).
    const conversions = {
      input: z.toJSONSchema(wireSchemaRegistry, { io: "input", uri: (id) => componentPrefix + id, unrepresentable: "any", override: preferFormats }),
      output: z.toJSONSchema(wireSchemaRegistry, { io: "output", uri: (id) => componentPrefix + id, unrepresentable: "any", override: preferFormats }),
    };
    for (const { metadata } of registeredWireSchemas()) {
      const io = metadata.direction === "request" ? "input" : "output";
      const converted = conversions[io].schemas[metadata.id];
      if (converted) this.schemas[metadata.id] = asComponent(converted as JsonSchema);
    }
  }

  /** A `$ref` for a named schema, else the schema inline (its named parts as `$ref`s). */
  schemaFor(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    // A derived schema (`.describe()`, `.optional()` …) inherits its parent's metadata without the id.
    const id = wireSchemaRegistry.get(schema)?.id;
    if (id) return { $ref: componentPrefix + id };
    const converted = z.toJSONSchema(schema, { io, metadata: wireSchemaRegistry, unrepresentable: "any", override: preferFormats }) as JsonSchema;
    const { $defs, ...inline } = asComponent(converted);
    if (typeof $defs === "object" && $defs !== null) {
      for (const [id, definition] of Object.entries($defs)) {
        this.schemas[id] ??= pointDefsAtComponents(definition) as JsonSchema;
      }
    }
    return pointDefsAtComponents(inline) as JsonSchema;
  }

  parameters(route: RouteDescription): JsonSchema[] {
    const parameters: JsonSchema[] = [];
    const add = (where: "path" | "query", object: z.ZodObject | undefined) => {
      for (const [name, member] of Object.entries(object?.shape ?? {})) {
        const schema = member as z.ZodType;
        const parameter: JsonSchema = {
          name,
          in: where,
          required: where === "path" || !schema.safeParse(undefined).success,
          schema: this.schemaFor(schema, "input"),
        };
        if (schema.description) parameter.description = schema.description;
        parameters.push(parameter);
      }
    };
    add("path", route.request?.params);
    add("query", route.request?.query);
    return parameters;
  }

  responses(route: RouteDescription): Record<string, JsonSchema> {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, given] of Object.entries(route.responses)) {
      const response: ResponseDescription = given instanceof z.ZodType ? { schema: given } : given;
      const entry: JsonSchema = { description: response.description ?? statusDescriptions[Number(status)] ?? "Response" };
      if (response.schema) {
        entry.content = { [response.contentType ?? "application/json"]: { schema: this.schemaFor(response.schema, "output") } };
      }
      responses[status] = entry;
    }

    const errorsByStatus = new Map<number, string[]>();
    for (const code of route.errorCodes ?? []) {
      const { status, detail } = applicationError(code);
      const lines = errorsByStatus.get(status) ?? [];
      lines.push(`CORR-${String(code).padStart(5, "0")} (${code}): ${detail}`);
      errorsByStatus.set(status, lines);
    }
    if (route.validatesInput && !errorsByStatus.has(400)) errorsByStatus.set(400, []);
    for (const [status, lines] of errorsByStatus) {
      const problems: JsonSchema[] = lines.length > 0 ? [{ $ref: `${componentPrefix}ProblemDetails` }] : [];
      const descriptions = [...lines];
      if (status === 400 && route.validatesInput) {
        problems.push({ $ref: `${componentPrefix}ValidationProblemDetails` });
        descriptions.push("STD-00000: the request does not match the model (validationErrors lists each field)");
      }
      const schema = problems.length === 1 ? problems[0] : { oneOf: problems };
      responses[String(status)] ??= {
        description: `${statusDescriptions[status] ?? "Error"}. ${descriptions.join("; ")}`,
        content: { "application/problem+json": { schema } },
      };
    }

    if (route.policy !== "anonymous") {
      responses["401"] ??= { description: "No bearer token, or one that is not valid (empty body)" };
      responses["403"] ??= { description: `The token does not satisfy the ${route.policy} policy (empty body)` };
    }
    responses["500"] ??= {
      description: "Unexpected error",
      content: { "application/problem+json": { schema: { $ref: `${componentPrefix}StandardProblemDetails` } } },
    };
    return responses;
  }

  operation(route: RouteDescription): JsonSchema {
    const operation: JsonSchema = {
      operationId: operationId(route),
      summary: route.summary,
      tags: route.tags ?? ["Correspondence"],
      parameters: this.parameters(route),
      responses: this.responses(route),
      security: route.policy === "anonymous" ? [] : [{ [bearerSchemeName]: [] }],
      "x-altinn-policy": route.policy,
    };
    if (route.description) operation.description = route.description;
    const body = route.request?.body;
    if (body) {
      operation.requestBody = {
        required: true,
        content: { [route.request?.bodyContentType ?? "application/json"]: { schema: this.schemaFor(body, "input") } },
      };
    }
    return operation;
  }
}

/** `POST …/correspondence/{correspondenceId}/markasread` → `postCorrespondenceCorrespondenceIdMarkasread`. */
function operationId(route: RouteDescription): string {
  const words = openApiPath(route.path)
    .replace(/^\/correspondence\/api\/v1/, "")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "");
  return [route.method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join("");
}

export function buildOpenApiDocument(routes: readonly RouteDescription[], info: OpenApiInfo): OpenApiDocument {
  const builder = new DocumentBuilder();
  const paths: OpenApiDocument["paths"] = {};
  for (const route of routes) {
    if (route.hidden) continue;
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = builder.operation(route);
  }
  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
    components: {
      schemas: builder.schemas,
      securitySchemes: {
        [bearerSchemeName]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "An Altinn token (exchanged from Maskinporten or ID-porten), a Maskinporten token with altinn:serviceowner, " +
            "or a Dialogporten dialog token, depending on the endpoint's policy",
        },
      },
    },
  };
  if (info.serverUrl) document.servers = [{ url: info.serverUrl }];
  return document;
}
