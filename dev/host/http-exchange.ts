/**
 * Converting between node:http and @azure/functions' HttpRequest/HttpResponse.
 *
 * With `app.setup({ enableHttpStream: true })` the request body reaches the handler as a stream over the socket
 * (HttpRequest wraps an undici Request whose body pulls from the IncomingMessage, exactly what the library's own
 * createStreamRequest builds), and a streamed response body is piped to the socket chunk by chunk with backpressure.
 * Without it the host buffers both, as the real host does over gRPC.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { HttpRequest, HttpRequestInit, HttpResponse, HttpResponseInit } from "@azure/functions";
import type { FunctionsLibrary } from "./functions-library.js";
import { serializeCookie } from "./http-cookies.js";

/** Kestrel's limit in the Functions host (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT overrides it). */
export const defaultRequestBodyLimit = 104_857_600;

export class RequestBodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

export interface RequestConversion {
  library: FunctionsLibrary;
  url: string;
  params: Record<string, string>;
  streaming: boolean;
  bodyLimit: number;
}

export async function toHttpRequest(incoming: IncomingMessage, conversion: RequestConversion): Promise<HttpRequest> {
  const method = incoming.method ?? "GET";
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const declaredLength = Number(incoming.headers["content-length"] ?? 0);
  if (declaredLength > conversion.bodyLimit) throw new RequestBodyTooLargeError(conversion.bodyLimit);

  const canHaveBody = method !== "GET" && method !== "HEAD";
  let nativeRequest: Request;
  if (!canHaveBody) {
    // GET/HEAD cannot carry a body in a fetch Request; the library drops it too.
    incoming.resume();
    nativeRequest = new Request(conversion.url, { method, headers });
  } else if (conversion.streaming) {
    nativeRequest = new Request(conversion.url, {
      method,
      headers,
      body: limitBody(incoming, conversion.bodyLimit),
      duplex: "half",
    });
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of limitBody(incoming, conversion.bodyLimit)) chunks.push(chunk);
    nativeRequest = new Request(conversion.url, { method, headers, body: Buffer.concat(chunks) });
  }
  // HttpRequest accepts the wrapped native request (its createStreamRequest uses the same init).
  const init: HttpRequestInit & { nativeRequest: Request } = { nativeRequest, params: conversion.params };
  return new conversion.library.HttpRequest(init);
}

async function* limitBody(incoming: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw new RequestBodyTooLargeError(limit);
    yield chunk;
  }
}

/** Hop-by-hop headers never pass a proxy; the library's stream proxy drops the same set. */
const hopByHopHeaders = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade"]);

/**
 * Writes a handler's return value. `undefined`/`null` is an empty 200 (the host's OkResult); anything else must be an
 * HttpResponse or an HttpResponseInit (status, headers, body, jsonBody, cookies).
 */
export async function writeHttpResult(
  library: FunctionsLibrary,
  outgoing: ServerResponse,
  result: unknown,
  streaming: boolean,
): Promise<void> {
  if (result === undefined || result === null) {
    outgoing.writeHead(200, { "content-length": "0" }).end();
    return;
  }
  if (typeof result !== "object") {
    throw new TypeError('The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".');
  }
  const response: HttpResponse = result instanceof library.HttpResponse ? result : new library.HttpResponse(result as HttpResponseInit);

  outgoing.statusCode = response.status;
  const connectionHeaders = new Set((response.headers.get("connection") ?? "").split(",").map((name) => name.trim().toLowerCase()));
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie" && !hopByHopHeaders.has(name) && !connectionHeaders.has(name)) outgoing.setHeader(name, value);
  }
  const cookies = [...response.headers.getSetCookie(), ...response.cookies.map(serializeCookie)];
  if (cookies.length > 0) outgoing.setHeader("set-cookie", cookies);

  if (!response.body) {
    if (!outgoing.hasHeader("content-length")) outgoing.setHeader("content-length", "0");
    outgoing.end();
  } else if (streaming) {
    await pipeline(Readable.fromWeb(response.body), outgoing);
  } else {
    const bytes = Buffer.from(await response.arrayBuffer());
    outgoing.setHeader("content-length", String(bytes.length));
    outgoing.end(bytes);
  }
}
