/**
 * Use-case outcomes as HTTP answers: a catalogue error becomes its ProblemDetails (api.md §2.1), success goes through
 * the endpoint's own mapping. JSON is written as ASP.NET writes it (`application/json; charset=utf-8`).
 */
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { Outcome } from "../../domain/application-error.js";
import { businessProblemResponse } from "../problem-details.js";
import { serializeCorrespondenceId } from "../wire/correspondence-responses.js";

export const jsonUtf8 = "application/json; charset=utf-8";

export function respond<T>(
  outcome: Outcome<T>,
  context: InvocationContext,
  success: (value: T) => HttpResponseInit,
): HttpResponseInit {
  return outcome.ok ? success(outcome.value) : businessProblemResponse(outcome.error, context);
}

/** A serialized JSON body (the wire schemas' `serialize…` helpers fix member order and nulls). */
export function jsonResponse(body: string): HttpResponseInit {
  return { status: 200, headers: { "content-type": jsonUtf8 }, body };
}

/** markasread, confirm and purge answer with the id as a JSON string. */
export function correspondenceIdResponse(id: string): HttpResponseInit {
  return jsonResponse(serializeCorrespondenceId(id));
}
