import type { InvocationContext } from "@azure/functions";

/**
 * The request's W3C trace id in `traceparent` form (`00-<trace>-<span>-01`), as ASP.NET writes `traceId`. Outside a
 * host (tests) there is no trace context, so the invocation id stands in.
 */
export function traceIdOf(context: InvocationContext): string {
  return context.traceContext?.traceParent ?? context.invocationId;
}
