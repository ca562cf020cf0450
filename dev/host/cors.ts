/**
 * Core Tools' CORS: local.settings.json `Host.CORS` ("*" or a comma-separated origin list) and `Host.CORSCredentials`.
 * Without `Host.CORS` no CORS headers are added, as in Core Tools.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface CorsPolicy {
  allowsOrigin(origin: string): boolean;
  credentials: boolean;
}

export function createCorsPolicy(setting: string | undefined, credentials = false): CorsPolicy | undefined {
  if (!setting) return undefined;
  const origins = setting.split(",").map((origin) => origin.trim().replace(/\/$/, "").toLowerCase());
  const any = origins.includes("*");
  return { credentials, allowsOrigin: (origin) => any || origins.includes(origin.replace(/\/$/, "").toLowerCase()) };
}

/** Adds the CORS response headers; answers a preflight itself and returns true when it did. */
export function applyCors(policy: CorsPolicy | undefined, request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  if (!policy || !origin || !policy.allowsOrigin(origin)) return false;
  response.setHeader("access-control-allow-origin", policy.credentials ? origin : "*");
  if (policy.credentials) response.setHeader("access-control-allow-credentials", "true");
  response.setHeader("vary", "Origin");
  const requestedMethod = request.headers["access-control-request-method"];
  if (request.method !== "OPTIONS" || !requestedMethod) return false;
  response.setHeader("access-control-allow-methods", requestedMethod);
  const requestedHeaders = request.headers["access-control-request-headers"];
  if (requestedHeaders) response.setHeader("access-control-allow-headers", requestedHeaders);
  response.writeHead(204).end();
  return true;
}
