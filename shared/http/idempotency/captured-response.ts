/**
 * Turning a handler's result into something that can be stored and sent again. A handler may answer with an
 * HttpResponseInit (`jsonBody`, `body`) or an HttpResponse; both are read the way the host would send them.
 */
import type { HttpResponse, HttpResponseInit } from "@azure/functions";
import type { StoredResponse } from "./idempotency-record-store.js";

/** Headers that describe this transmission rather than the response, so a replay must not repeat them. */
const perTransmissionHeaders = new Set(["date", "content-length", "transfer-encoding", "connection"]);

function isHttpResponse(result: HttpResponseInit | HttpResponse): result is HttpResponse {
  // Duck-typed: the host and the app may load different copies of @azure/functions, so `instanceof` can lie.
  return typeof (result as Partial<HttpResponse>).arrayBuffer === "function";
}

/** Only statuses that may not carry a body (the fetch Response refuses one for them). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * An HttpResponseInit read the way the library's HttpResponse reads it (`jsonBody` serialised, with
 * `application/json` unless the handler set a content type) — built on the platform's fetch Response, because the
 * library is CommonJS and its classes are not importable by name from an ES module.
 */
function responseOfInit(init: HttpResponseInit): Response {
  const status = init.status ?? 200;
  const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
  if (nullBodyStatuses.has(status)) return new Response(null, { status, headers });
  if (init.jsonBody !== undefined) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(JSON.stringify(init.jsonBody), { status, headers });
  }
  return new Response((init.body ?? null) as ConstructorParameters<typeof Response>[0], { status, headers });
}

export async function captureResponse(result: HttpResponseInit | HttpResponse): Promise<StoredResponse> {
  const response = isHttpResponse(result) ? result : responseOfInit(result);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!perTransmissionHeaders.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers, bodyBase64: body.toString("base64") };
}

export function responseFromStored(stored: StoredResponse, extraHeaders: Record<string, string> = {}): HttpResponseInit {
  const body = Buffer.from(stored.bodyBase64, "base64");
  return {
    status: stored.status,
    headers: { ...stored.headers, ...extraHeaders },
    ...(body.length > 0 ? { body } : {}),
  };
}
