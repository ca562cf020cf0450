/**
 * A tiny HTTP router for the Altinn platform stubs. Every route belongs to a named service so that
 * faults (`POST /_stub/faults`) can be injected per service, and so that a route can demand a bearer token
 * the way the real platform APIs do.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { FaultInjector } from "./faults.js";

export interface StubRequest {
  method: string;
  /** Path without the query string, percent-decoded per segment into `params`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: Buffer;
  /** JSON body when the content type is JSON (any `+json` too), form fields for urlencoded, otherwise undefined. */
  body: unknown;
  /** Bearer token from the Authorization header, if any. */
  bearer: string | undefined;
  /** Claims of the verified bearer token when the route requires one. */
  caller: Record<string, unknown> | undefined;
}

export interface StubResponse {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type StubHandler = (req: StubRequest) => StubResponse | Promise<StubResponse>;

export interface RouteOptions {
  /** When true the route answers 401 unless the request carries a bearer token signed by a local issuer. */
  requiresToken?: boolean;
}

export type BearerVerifier = (token: string) => Promise<Record<string, unknown> | undefined>;

interface Route {
  service: string;
  method: string;
  segments: string[];
  handler: StubHandler;
  options: RouteOptions;
}

export class StubRouter {
  private readonly routes: Route[] = [];
  private verifyBearer: BearerVerifier = async () => undefined;

  constructor(private readonly faults: FaultInjector) {}

  setBearerVerifier(verifier: BearerVerifier): void {
    this.verifyBearer = verifier;
  }

  /** `pattern` uses `:name` for a path parameter, e.g. `/dialogporten/api/v1/serviceowner/dialogs/:dialogId`. */
  route(service: string, method: string, pattern: string, handler: StubHandler, options: RouteOptions = {}): void {
    this.routes.push({ service, method: method.toUpperCase(), segments: splitPath(pattern), handler, options });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stub.local");
    const pathSegments = splitPath(url.pathname);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, pathSegments);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== req.method) continue;
      const rawBody = await readBody(req);
      const fault = this.faults.take(route.service);
      if (fault !== undefined) {
        return send(res, { status: fault, json: { title: `Injected fault in ${route.service}`, status: fault } });
      }
      const bearer = parseBearer(req.headers.authorization);
      let caller: Record<string, unknown> | undefined;
      if (route.options.requiresToken) {
        caller = bearer ? await this.verifyBearer(bearer) : undefined;
        if (!caller) return send(res, { status: 401, text: "" });
      }
      try {
        // Parsed inside the try so a malformed JSON body is the caller's 400, not the stub's 500.
        const request: StubRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          params,
          rawBody,
          body: parseBody(req.headers["content-type"], rawBody),
          bearer,
          caller,
        };
        return send(res, await route.handler(request));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return send(res, { status: 400, json: { title: "Bad request to stub", status: 400, detail } });
      }
    }
    send(res, { status: pathMatched ? 405 : 404, json: { title: pathMatched ? "Method not allowed" : "Not found" } });
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const value = actual[i]!;
    if (expected.startsWith(":")) params[expected.slice(1)] = decodeURIComponent(value);
    else if (expected.toLowerCase() !== value.toLowerCase()) return undefined;
  }
  return params;
}

function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("json")) return JSON.parse(raw.toString("utf8"));
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  }
  return undefined;
}

function send(res: ServerResponse, response: StubResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.text !== undefined) {
    payload = response.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
