import type { HttpHandler } from "@azure/functions";
import { unexpectedErrorResponse } from "./problem-details.js";

/**
 * The outermost wrapper of every HTTP handler: a throw becomes the standard 500 problem (the host would otherwise
 * answer 500 with an empty body and whatever it chooses to log).
 */
export function guardUnexpectedErrors(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return unexpectedErrorResponse(error, context);
    }
  };
}
