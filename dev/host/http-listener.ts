/**
 * The HTTP front of the host: routes requests to HTTP-triggered functions. As in the Functions host a request whose
 * path matches a route but whose method the function does not accept is a 404, not a 405 (azure-functions-host
 * issue #10098), and a function that throws answers 500 with an empty body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyCors, type CorsPolicy } from "./cors.js";
import type { FunctionsLibrary } from "./functions-library.js";
import { RequestBodyTooLargeError, toHttpRequest, writeHttpResult } from "./http-exchange.js";
import type { FunctionInvoker, HostedFunction } from "./invocation.js";
import { describeError, type HostLogger } from "./logger.js";
import { compareRoutePrecedence, compileRoute, type CompiledRoute } from "./route-template.js";

export interface HttpRoute {
  hosted: HostedFunction;
  /** The full template, route prefix included. */
  template: string;
  route: CompiledRoute;
  /** Upper-case; undefined accepts every method. */
  methods: string[] | undefined;
}

export function buildHttpRoutes(functions: HostedFunction[], routePrefix: string): HttpRoute[] {
  const routes = functions.map((hosted) => {
    // Without `route` the function name is the route, as in the host.
    const route = typeof hosted.trigger.route === "string" ? hosted.trigger.route : hosted.name;
    const template = [routePrefix, route.replace(/^\/+/, "")].filter((part) => part !== "").join("/");
    const methods = Array.isArray(hosted.trigger.methods) && hosted.trigger.methods.length > 0
      ? hosted.trigger.methods.map((method) => String(method).toUpperCase())
      : undefined;
    return { hosted, template, route: compileRoute(template), methods };
  });
  // A stable sort keeps registration order among routes of equal precedence.
  return routes.sort((left, right) => compareRoutePrecedence(left.route, right.route));
}

export interface HttpListenerOptions {
  host: string;
  port: number;
  routes: HttpRoute[];
  library: FunctionsLibrary;
  invoker: FunctionInvoker;
  logger: HostLogger;
  /** Whether the app called app.setup({ enableHttpStream: true }). */
  streaming: boolean;
  bodyLimit: number;
  cors?: CorsPolicy;
}

export interface RunningHttpListener {
  url: string;
  /** Stops accepting requests, lets running ones finish, then closes every connection. */
  close(): Promise<void>;
}

const httpInvocationReason = "This function was programmatically called via the host APIs.";

export async function startHttpListener(options: HttpListenerOptions): Promise<RunningHttpListener> {
  const running = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const handling = handleRequest(options, request, response).catch((error: unknown) => {
      options.logger.write("error", "host", `Unhandled error while serving ${request.method} ${request.url}: ${describeError(error)}`);
      respondEmpty(response, 500);
    });
    running.add(handling);
    void handling.finally(() => running.delete(handling));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      while (running.size > 0) await Promise.allSettled([...running]);
      // Keep-alive connections that served the last requests are idle now.
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handleRequest(options: HttpListenerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (applyCors(options.cors, request, response)) return;
  const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "localhost"}`);
  const method = (request.method ?? "GET").toUpperCase();
  const match = findRoute(options.routes, url.pathname, method);
  if (!match) {
    serveHostEndpoint(url.pathname, method, response);
    return;
  }
  if (!options.streaming) {
    // Over gRPC the host sends an optional parameter without a value as null, which the library turns into "".
    for (const name of match.route.route.optionalParameters) match.params[name] ??= "";
  }

  const { hosted } = match.route;
  let result: unknown;
  try {
    const httpRequest = await toHttpRequest(request, {
      library: options.library,
      url: url.href,
      params: match.params,
      streaming: options.streaming,
      bodyLimit: options.bodyLimit,
    });
    const traceParent = request.headers.traceparent;
    result = await options.invoker.invoke(hosted, {
      triggerInput: httpRequest,
      reason: httpInvocationReason,
      traceParent: typeof traceParent === "string" ? traceParent : undefined,
    });
  } catch (error) {
    // The invoker has logged a function failure already; a request that could not be read is logged here.
    if (error instanceof RequestBodyTooLargeError) {
      options.logger.write("warning", hosted.name, error.message);
      respondEmpty(response, 413);
    } else respondEmpty(response, 500);
    return;
  }
  try {
    await writeHttpResult(options.library, response, result, options.streaming);
  } catch (error) {
    options.logger.write("error", hosted.name, `Failed to send the HTTP response: ${describeError(error)}`);
    if (!response.headersSent) respondEmpty(response, 500);
    else response.destroy();
  }
}

function findRoute(routes: HttpRoute[], path: string, method: string): { route: HttpRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.methods && !route.methods.includes(method)) continue;
    const params = route.route.match(path);
    if (params) return { route, params };
  }
  return undefined;
}

function respondEmpty(response: ServerResponse, status: number): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { "content-length": "0" }).end();
}

/** The host's own endpoints when no function route matched: the home page and the status probe. */
function serveHostEndpoint(path: string, method: string, response: ServerResponse): void {
  const normalized = path.replace(/\/+$/, "").toLowerCase();
  if (method === "GET" && normalized === "") {
    const page = "<html><body><h1>Your Functions 4.0 app is up and running</h1></body></html>";
    response.writeHead(200, { "content-type": "text/html", "content-length": Buffer.byteLength(page) }).end(page);
  } else if (method === "GET" && normalized === "/admin/host/status") {
    const status = JSON.stringify({ state: "Running", version: "4.0.0-dev-host" });
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(status) }).end(status);
  } else respondEmpty(response, 404);
}
