/**
 * The model-binding step every JSON endpoint shares: raw text → JSON (syntax errors are 400s, never 500s) → ASP.NET's
 * lenient reading → zod → either the clean value or the STD-00000 validation problem with ASP.NET's keys and texts.
 */
import { randomBytes } from "node:crypto";
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { z } from "zod";
import {
  problemResponse,
  validationProblem,
  type FieldFailure,
  type ValidationProblem,
} from "../problem-details.js";
import { traceIdOf } from "../trace-id.js";
import { normaliseLenientJson } from "./lenient-json.js";
import { conversionFailure, missingParameterFailure, modelStateFailures } from "./model-state.js";

export type WireParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; failures: FieldFailure[]; problem: ValidationProblem; response: HttpResponseInit };

export interface WireBodyOptions<Wire, Value> {
  /** The action parameter's name, reported as missing whenever the body cannot be read (`request` in Altinn). */
  parameterName: string;
  /** The .NET model type named when the body is not a JSON object. */
  modelTypeName: string;
  map: (wire: Wire) => Value;
  /** Supplies the problem's trace id. */
  context?: InvocationContext | undefined;
}

export const emptyBodyMessage = "A non-empty request body is required.";

/** A W3C trace id for problems produced outside an invocation (unit tests, tools). */
function freshTraceId(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-00`;
}

export function validationFailure<T>(
  failures: FieldFailure[],
  context: InvocationContext | undefined,
): WireParseResult<T> {
  const problem = validationProblem(failures, context ? traceIdOf(context) : freshTraceId());
  return { ok: false, failures, problem, response: problemResponse(problem) };
}

/** Binds an already JSON-parsed body (`undefined` = no body at all). */
export function parseWireBody<Schema extends z.ZodType, Value>(
  schema: Schema,
  body: unknown,
  options: WireBodyOptions<z.output<Schema>, Value>,
): WireParseResult<Value> {
  const { parameterName, modelTypeName, map, context } = options;
  if (body === undefined) return validationFailure([{ key: "", message: emptyBodyMessage }], context);
  if (body === null) return validationFailure([missingParameterFailure(parameterName)], context);
  if (typeof body !== "object" || Array.isArray(body)) {
    return validationFailure([conversionFailure([], modelTypeName), missingParameterFailure(parameterName)], context);
  }
  const parsed = schema.safeParse(normaliseLenientJson(schema, body), { reportInput: true });
  if (!parsed.success) return validationFailure(modelStateFailures(parsed.error.issues, parameterName), context);
  return { ok: true, value: map(parsed.data) };
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; failures: FieldFailure[] };

/**
 * JSON.parse with ASP.NET's answers: an empty body is "required", a syntax error (comments and trailing commas
 * included — JSON.parse rejects both, as System.Text.Json does by default) is reported at `$`.
 */
export function parseJsonText(text: string, parameterName: string): JsonTextResult {
  if (text.trim() === "") return { ok: false, failures: [{ key: "", message: emptyBodyMessage }] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : "invalid JSON";
    return {
      ok: false,
      failures: [{ key: "$", message: `The request body is not valid JSON: ${reason}` }, missingParameterFailure(parameterName)],
    };
  }
}

/** Raw body text → bound value, for triggers that read `await request.text()`. */
export function parseWireJson<Schema extends z.ZodType, Value>(
  schema: Schema,
  text: string,
  options: WireBodyOptions<z.output<Schema>, Value>,
): WireParseResult<Value> {
  const json = parseJsonText(text, options.parameterName);
  if (!json.ok) return validationFailure(json.failures, options.context);
  return parseWireBody(schema, json.value, options);
}
