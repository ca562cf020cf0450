/**
 * The W3C trace context the Functions host gives every invocation (`context.traceContext.traceParent`): it continues
 * the caller's trace when an HTTP request carries a valid `traceparent`, otherwise starts a new one; the span is always
 * the invocation's own.
 */
import { randomBytes } from "node:crypto";
import type { TraceContext } from "@azure/functions";

const traceParentPattern = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/;

export function invocationTraceContext(incomingTraceParent: string | undefined): TraceContext {
  const incoming = traceParentPattern.exec(incomingTraceParent?.trim().toLowerCase() ?? "");
  const traceId = incoming && !/^0+$/.test(incoming[1]!) ? incoming[1]! : randomBytes(16).toString("hex");
  const flags = incoming?.[2] ?? "01";
  return { traceParent: `00-${traceId}-${randomBytes(8).toString("hex")}-${flags}`, traceState: "", attributes: {} };
}
