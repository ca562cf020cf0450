/**
 * Media-type rules of api.md §1, as small functions and one wrapper that trigger files compose:
 *
 * - Accept: when the request carries an Accept header, at least one listed type (parameters such as `;q=` ignored)
 *   must equal a type the endpoint produces, or be `*` + `/` + `*`; otherwise 406 with a plain-text body.
 *   `application/*` does not match. No header (or an empty one) is fine.
 * - Content-Type: an endpoint that consumes JSON requires `application/json` (parameters such as `charset` allowed);
 *   any other type, and a missing one, is 415 — as ASP.NET answers when no input formatter can read the body.
 *
 * Both are checked before the handler runs, so a refused request has no side effects. Compose the wrapper inside
 * `withCaller`: authentication and policy answers (401/403) come first, as ASP.NET's filters order them.
 */
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { problemContentType } from "./problem-details.js";
import { traceIdOf } from "./trace-id.js";

export const jsonMediaType = "application/json";
export const plainTextMediaType = "text/plain";

export interface MediaTypeRules {
  /** The media types the endpoint answers with (lower-case, no parameters), e.g. `["application/json"]`. */
  produces?: readonly string[];
  /** The media types the endpoint reads its body as; absent = the body's type is not checked. */
  consumes?: readonly string[];
}

/** The bare, lower-case media type of a header value (`Application/JSON; charset=utf-8` → `application/json`). */
export function mediaTypeOf(headerValue: string): string {
  return (headerValue.split(";")[0] ?? "").trim().toLowerCase();
}

export function acceptAllows(acceptHeader: string | null | undefined, produces: readonly string[]): boolean {
  if (acceptHeader === null || acceptHeader === undefined || acceptHeader.trim() === "") return true;
  const produced = new Set(produces.map(mediaTypeOf));
  return acceptHeader
    .split(",")
    .map(mediaTypeOf)
    .some((listed) => listed === "*/*" || produced.has(listed));
}

export function contentTypeAllowed(contentTypeHeader: string | null | undefined, consumes: readonly string[]): boolean {
  if (contentTypeHeader === null || contentTypeHeader === undefined) return false;
  return consumes.map(mediaTypeOf).includes(mediaTypeOf(contentTypeHeader));
}

export function notAcceptableResponse(): HttpResponseInit {
  return {
    status: 406,
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: "Not Acceptable: the Accept header lists no media type this endpoint produces",
  };
}

/** ASP.NET's standard problem for 415. */
export function unsupportedMediaTypeResponse(context: InvocationContext): HttpResponseInit {
  return {
    status: 415,
    headers: { "content-type": problemContentType },
    body: JSON.stringify({
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
      title: "Unsupported Media Type",
      status: 415,
      traceId: traceIdOf(context),
    }),
  };
}

/** The response that refuses the request under `rules`, or undefined when it may proceed. */
export function checkMediaTypes(
  request: HttpRequest,
  context: InvocationContext,
  rules: MediaTypeRules,
): HttpResponseInit | undefined {
  if (rules.produces && !acceptAllows(request.headers.get("accept"), rules.produces)) return notAcceptableResponse();
  if (rules.consumes && !contentTypeAllowed(request.headers.get("content-type"), rules.consumes)) {
    return unsupportedMediaTypeResponse(context);
  }
  return undefined;
}

type HandlerWith<Rest extends unknown[]> = (
  request: HttpRequest,
  context: InvocationContext,
  ...rest: Rest
) => Promise<HttpResponseInit | HttpResponse>;

/**
 * Wraps a handler (a plain `HttpHandler` or a `withCaller` handler that also receives the caller) so it only runs
 * for requests that pass the Accept and Content-Type rules.
 */
export function withContentNegotiation<Rest extends unknown[]>(
  rules: MediaTypeRules,
  handler: HandlerWith<Rest>,
): HandlerWith<Rest> {
  return async (request, context, ...rest) =>
    checkMediaTypes(request, context, rules) ?? handler(request, context, ...rest);
}

/** The rules of a JSON endpoint that reads a JSON body (POST /correspondence). */
export const jsonInJsonOut: MediaTypeRules = { produces: [jsonMediaType], consumes: [jsonMediaType] };
/** The rules of a JSON endpoint without a body to read (GET, markasread, purge …). */
export const jsonOut: MediaTypeRules = { produces: [jsonMediaType] };
/** `GET /{id}/content`. */
export const plainTextOut: MediaTypeRules = { produces: [plainTextMediaType] };
