/**
 * Dialogporten's error answers: RFC 9457 ProblemDetails with an `errors` map, one per status the API documents.
 * The texts follow the real service closely where callers match on them (the real Correspondence looks for
 * "already exists" in a 422 to treat a repeated create as success).
 */
import type { z } from "zod";
import type { StubResponse } from "../../router.js";

type Errors = Record<string, string[]>;

function problem(status: number, title: string, errors: Errors, typeSection: string): StubResponse {
  return {
    status,
    json: { type: `https://tools.ietf.org/html/rfc9110#section-${typeSection}`, title, status, errors },
    headers: { "content-type": "application/problem+json; charset=utf-8" },
  };
}

export function validationFailed(error: z.ZodError): StubResponse {
  const errors: Errors = {};
  for (const issue of error.issues) {
    const key = issue.path.map((segment) => (typeof segment === "number" ? `[${segment}]` : String(segment))).join(".").replace(/\.\[/g, "[");
    (errors[key || "$"] ??= []).push(issue.message);
  }
  return problem(400, "One or more validation errors occurred.", errors, "15.5.1");
}

export function badRequest(property: string, message: string): StubResponse {
  return problem(400, "One or more validation errors occurred.", { [property]: [message] }, "15.5.1");
}

export function dialogNotFound(dialogId: string): StubResponse {
  return problem(404, "Resource not found.", { DialogEntity: [`Entity 'DialogEntity' with key '${dialogId}' not found.`] }, "15.5.5");
}

export function entityNotFound(entity: string, key: string): StubResponse {
  return problem(404, "Resource not found.", { [entity]: [`Entity '${entity}' with key '${key}' not found.`] }, "15.5.5");
}

export function dialogRemoved(dialogId: string): StubResponse {
  return problem(
    410,
    "Resource was removed.",
    { DialogEntity: [`Entity 'DialogEntity' with key '${dialogId}' is removed, and cannot be changed.`] },
    "15.5.11",
  );
}

export function staleRevision(): StubResponse {
  return problem(
    412,
    "Precondition failed.",
    { "If-Match": ["The supplied If-Match header did not match the current Revision value for the Dialog. The request was not applied."] },
    "15.5.13",
  );
}

export function idempotentKeyUsed(idempotentKey: string, existingDialogId: string): StubResponse {
  return problem(
    409,
    "Conflict.",
    { IdempotentKey: [`The IdempotentKey '${idempotentKey}' is already used by dialog '${existingDialogId}'.`] },
    "15.5.10",
  );
}

export function alreadyExists(entity: string, key: string): StubResponse {
  return problem(422, "Domain error occurred. See errors for more information.", { Id: [`Entity '${entity}' with key '${key}' already exists.`] }, "15.5.21");
}

export function domainError(property: string, message: string): StubResponse {
  return problem(422, "Domain error occurred. See errors for more information.", { [property]: [message] }, "15.5.21");
}
