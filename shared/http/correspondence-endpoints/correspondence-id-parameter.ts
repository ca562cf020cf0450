/**
 * The `{correspondenceId}` route value, bound as ASP.NET binds a `Guid` action parameter: a value that does not
 * parse is a model-binding failure — 400 STD-00000 ("The value 'x' is not valid.") — never a 500 and never a lookup.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { validationProblemResponse } from "../problem-details.js";

/** The forms `Guid.TryParse` reads: D (hyphenated), N (32 digits), B ({…}) and P ((…)). */
const guidForms = [
  /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i,
  /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i,
  /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i,
  /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/i,
];

/** The canonical (lower-case, hyphenated) GUID, or undefined when the value is not one. */
export function canonicalGuid(value: string): string | undefined {
  const trimmed = value.trim();
  for (const form of guidForms) {
    const parts = form.exec(trimmed);
    if (parts) return parts.slice(1).join("-").toLowerCase();
  }
  return undefined;
}

export type CorrespondenceIdParameter = { ok: true; id: string } | { ok: false; response: HttpResponseInit };

export function correspondenceIdOf(request: HttpRequest, context: InvocationContext): CorrespondenceIdParameter {
  const raw = request.params.correspondenceId ?? "";
  const id = canonicalGuid(raw);
  if (id) return { ok: true, id };
  return {
    ok: false,
    response: validationProblemResponse([{ key: "correspondenceId", message: `The value '${raw}' is not valid.` }], context),
  };
}
