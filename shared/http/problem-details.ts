/**
 * RFC 9457 problem details in the exact wire shapes of api.md §2: business errors (`CORR-0xxxx` with `errorCode`),
 * model-validation errors (`STD-00000`, `validationErrors[]`, `errors{}`, no `errorCode`) and the framework's
 * standard problem (unhandled errors, issuer-validation failures). One zod schema per shape, so tests and later
 * features can check a body against the contract.
 */
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import { z } from "zod";
import type { ApplicationError, ApplicationErrorStatus } from "../domain/application-error.js";
import { traceIdOf } from "./trace-id.js";

export const problemContentType = "application/problem+json";

const rfc9110 = "https://tools.ietf.org/html/rfc9110#section-";

/** `type` and `title` per status (api.md §2.1); the title doubles as `statusDescription`. */
export const problemTypes = {
  400: { type: `${rfc9110}15.5.1`, title: "Bad Request" },
  401: { type: `${rfc9110}15.5.2`, title: "Unauthorized" },
  403: { type: `${rfc9110}15.5.4`, title: "Forbidden" },
  404: { type: `${rfc9110}15.5.5`, title: "Not Found" },
  408: { type: `${rfc9110}15.5.9`, title: "Request Timeout" },
  409: { type: `${rfc9110}15.5.10`, title: "Conflict" },
  422: { type: `${rfc9110}15.5.21`, title: "Unprocessable Entity" },
  451: { type: "https://tools.ietf.org/html/rfc7725#section-3", title: "Unavailable For Legal Reasons" },
  500: { type: `${rfc9110}15.6.1`, title: "Internal Server Error" },
  502: { type: `${rfc9110}15.6.3`, title: "Bad Gateway" },
} as const satisfies Record<ApplicationErrorStatus, { type: string; title: string }>;

export const businessProblemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().regex(/^CORR-\d{5}$/),
  traceId: z.string().min(1),
  statusDescription: z.string(),
  errorCode: z.number().int().positive(),
});
export type BusinessProblem = z.infer<typeof businessProblemSchema>;

export const validationErrorSchema = z.strictObject({
  code: z.string(),
  detail: z.string(),
  paths: z.array(z.string()),
});

export const validationProblemSchema = z.strictObject({
  type: z.literal(problemTypes[400].type),
  title: z.literal(problemTypes[400].title),
  status: z.literal(400),
  code: z.literal("STD-00000"),
  traceId: z.string().min(1),
  validationErrors: z.array(validationErrorSchema),
  errors: z.record(z.string(), z.array(z.string())),
});
export type ValidationProblem = z.infer<typeof validationProblemSchema>;

/** ASP.NET's default problem: unhandled errors (500) and the IDX10205 issuer-validation answer (403). */
export const standardProblemSchema = z.strictObject({
  type: z.string().optional(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  traceId: z.string().min(1).optional(),
});
export type StandardProblem = z.infer<typeof standardProblemSchema>;

export function businessProblem(error: ApplicationError, traceId: string): BusinessProblem {
  const { type, title } = problemTypes[error.status];
  return {
    type,
    title,
    status: error.status,
    detail: error.detail,
    code: `CORR-${String(error.errorCode).padStart(5, "0")}`,
    traceId,
    statusDescription: title,
    errorCode: error.errorCode,
  };
}

export interface FieldFailure {
  /** The model-state key, e.g. `Correspondence.Content.MessageTitle`. */
  key: string;
  message: string;
}

export function validationProblem(failures: readonly FieldFailure[], traceId: string): ValidationProblem {
  const errors: Record<string, string[]> = {};
  for (const { key, message } of failures) (errors[key] ??= []).push(message);
  return {
    type: problemTypes[400].type,
    title: problemTypes[400].title,
    status: 400,
    code: "STD-00000",
    traceId,
    validationErrors: failures.map(({ key, message }) => ({
      code: "CORR.VLD-00000",
      detail: message,
      paths: [key.replaceAll(".", "/")],
    })),
    errors,
  };
}

export function problemResponse(problem: BusinessProblem | ValidationProblem | StandardProblem): HttpResponseInit {
  return {
    status: problem.status,
    headers: { "content-type": problemContentType },
    body: JSON.stringify(problem),
  };
}

export function businessProblemResponse(error: ApplicationError, context: InvocationContext): HttpResponseInit {
  return problemResponse(businessProblem(error, traceIdOf(context)));
}

export function validationProblemResponse(
  failures: readonly FieldFailure[],
  context: InvocationContext,
): HttpResponseInit {
  return problemResponse(validationProblem(failures, traceIdOf(context)));
}

/**
 * An error nobody planned for: logged in full, answered with ASP.NET's generic 500 problem. Nothing of the error —
 * message, stack, SDK details — reaches the caller.
 */
export function unexpectedErrorResponse(error: unknown, context: InvocationContext): HttpResponseInit {
  context.error("Unhandled error", error);
  return problemResponse({
    type: problemTypes[500].type,
    title: "An error occurred while processing your request.",
    status: 500,
    traceId: traceIdOf(context),
  });
}
