/**
 * The one HTTP helper of the Altinn adapters: fetch with a deadline, JSON in and out, a bearer token from a token
 * source, and typed errors that carry the upstream status and body. Only requests that are safe to repeat are retried
 * (on 5xx, 429, timeouts and network failures): GETs, and POSTs that only ask a question (a PDP decision, a Register
 * query) and say so with `safeToRepeat`; repeating any other POST could, for example, create a second order.
 */
export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Gives the bearer token for a request; the adapters bind a token provider and a scope set into one. */
export type BearerToken = () => Promise<string>;

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  query?: Record<string, string | readonly string[] | undefined>;
  /** Serialised as JSON; `contentType` defaults to `application/json`. */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  contentType?: string;
  headers?: Record<string, string>;
  /** Omit for anonymous calls. */
  bearer?: BearerToken;
  /** Statuses besides 2xx that the caller handles itself instead of getting an UpstreamHttpError. */
  acceptStatuses?: readonly number[];
  /** A POST that changes nothing upstream (a query in a body), so it may be retried like a GET. */
  safeToRepeat?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body parsed as JSON when it says it is JSON, else its text (`""` when empty). */
  body: unknown;
  text: string;
}

/** An upstream call that failed: a status outside what the caller accepts, a timeout or a network error. */
export class UpstreamHttpError extends Error {
  constructor(
    readonly method: HttpMethod,
    readonly url: string,
    /** Undefined for timeouts and network failures. */
    readonly status: number | undefined,
    readonly body: string,
    cause?: unknown,
  ) {
    super(
      status === undefined
        ? `${method} ${url} failed: ${cause instanceof Error ? cause.message : String(cause)}`
        : `${method} ${url} answered ${status}${body ? `: ${body.slice(0, 500)}` : ""}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = "UpstreamHttpError";
  }
}

export interface HttpClientOptions {
  fetch?: FetchFunction;
  timeoutMs?: number;
  /** Delays before each retry of a GET (or a POST marked safeToRepeat); its length is the number of retries. */
  retryDelaysMs?: readonly number[];
}

const defaultTimeoutMs = 10_000;
const defaultRetryDelaysMs = [100, 400];

export class HttpClient {
  private readonly fetch: FetchFunction;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(options: HttpClientOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const retries = request.method === "GET" || request.safeToRepeat ? this.retryDelaysMs : [];
    // Outside the retry loop: a failure to get a token is the token provider's error, not a network failure here.
    const authorization = request.bearer ? `Bearer ${await request.bearer()}` : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.sendOnce(request, authorization);
        if (isAccepted(response.status, request)) return response;
        const error = new UpstreamHttpError(request.method, request.url, response.status, response.text);
        if (attempt < retries.length && isTransientStatus(response.status)) {
          await delay(retries[attempt]!);
          continue;
        }
        throw error;
      } catch (error) {
        if (error instanceof UpstreamHttpError) throw error;
        const failure = new UpstreamHttpError(request.method, request.url, undefined, "", error);
        if (attempt < retries.length) {
          await delay(retries[attempt]!);
          continue;
        }
        throw failure;
      }
    }
  }

  private async sendOnce(request: HttpRequest, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers["content-type"] = request.contentType ?? "application/json";
    } else if (request.form !== undefined) {
      body = new URLSearchParams(request.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    if (authorization) headers.authorization = authorization;
    const response = await this.fetch(withQuery(request.url, request.query), {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: parseBody(response.headers, text) };
  }
}

function isAccepted(status: number, request: HttpRequest): boolean {
  return (status >= 200 && status < 300) || (request.acceptStatuses?.includes(status) ?? false);
}

function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

function withQuery(url: string, query: HttpRequest["query"]): string {
  if (!query) return url;
  const target = new URL(url);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of typeof value === "string" ? [value] : value) target.searchParams.append(name, item);
  }
  return target.toString();
}

function parseBody(headers: Headers, text: string): unknown {
  if (text.length === 0) return undefined;
  if (!(headers.get("content-type") ?? "").toLowerCase().includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
