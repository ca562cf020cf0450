/**
 * Shared helpers for the platform stub contract tests: a small HTTP server standing in for the Correspondence API's
 * condition endpoints, a started stub server pointed at it, token minting with the stub's own issuers, plain HTTP
 * calls, and polling instead of fixed sleeps.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startStubServer, type RunningStubServer } from "../../dev/stubs/server.js";

export interface ConditionCall {
  path: string;
  at: number;
  authorization: string | undefined;
}

export interface ConditionEndpoints {
  baseUrl: string;
  /** Answers `{"sendNotification": true}`. */
  sendUrl(name: string): string;
  /** Answers `{"sendNotification": false}`. */
  doNotSendUrl(name: string): string;
  calls: ConditionCall[];
  callsTo(url: string): ConditionCall[];
  close(): Promise<void>;
}

/** Paths `/send/<name>` and `/do-not-send/<name>`; every call is recorded with its time and Authorization header. */
export async function startConditionEndpoints(): Promise<ConditionEndpoints> {
  const calls: ConditionCall[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    calls.push({ path, at: Date.now(), authorization: req.headers.authorization });
    const sendNotification = path.startsWith("/send/") ? true : path.startsWith("/do-not-send/") ? false : undefined;
    if (sendNotification === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sendNotification }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    sendUrl: (name) => `${baseUrl}/send/${name}`,
    doNotSendUrl: (name) => `${baseUrl}/do-not-send/${name}`,
    calls,
    callsTo: (url) => calls.filter((call) => `${baseUrl}${call.path}` === url),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PlatformStubs {
  stub: RunningStubServer;
  conditions: ConditionEndpoints;
  close(): Promise<void>;
}

export async function startPlatformStubs(): Promise<PlatformStubs> {
  const conditions = await startConditionEndpoints();
  const stub = await startStubServer({ port: 0, apiBaseUrl: conditions.baseUrl });
  return {
    stub,
    conditions,
    close: async () => {
      await stub.close();
      await conditions.close();
    },
  };
}

export const serviceOwnerOrgNumber = "991825827";

/** A raw Maskinporten token of the default service owner (Digdir, 991825827 → org code `ttd` in the fixtures). */
export function serviceOwnerToken(stub: RunningStubServer, scope = "altinn:serviceowner"): Promise<string> {
  return stub.issuers.maskinporten.sign({
    scope,
    consumer: { authority: "iso6523-actorid-upis", ID: `0192:${serviceOwnerOrgNumber}` },
  });
}

/** An Altinn token of a person logged in through ID-porten. */
export function personToken(stub: RunningStubServer, nationalIdentityNumber: string, authenticationLevel = 3): Promise<string> {
  return stub.issuers.altinn.sign({
    pid: nationalIdentityNumber,
    "urn:altinn:authlevel": authenticationLevel,
    scope: "altinn:portal/enduser",
  });
}

export interface StubCall {
  method?: string;
  token?: string;
  json?: unknown;
  /** Sent as is, with `contentType`; for bodies that are not plain JSON. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface StubAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: unknown;
}

export async function call(baseUrl: string, path: string, options: StubCall = {}): Promise<StubAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers["authorization"] = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] = options.contentType ?? "application/json";
  } else if (options.contentType) {
    headers["content-type"] = options.contentType;
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? "GET", headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, header: (name) => response.headers.get(name), text, body: parsed };
}

/** Polls until `probe` returns something other than undefined; fails with `description` after the timeout. */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const result = await probe();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}

/** A record view of an unknown JSON value, so tests can read members without casts at every step. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`Expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(Object.entries(value));
}

export function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`Expected a JSON array, got ${JSON.stringify(value)}`);
  return value;
}

export function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}
