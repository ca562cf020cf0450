/**
 * What the Altinn adapter tests share: a stub server of their own (so faults and recordings stay private to the
 * file), a signing key in a temp folder, the app's config pointed at both, a fetch that records every request, and
 * callers authenticated from the stub's real tokens by the app's real authenticator.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { expect } from "vitest";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";
import type { StubFixtures } from "../../dev/stubs/fixtures.js";
import { startStubServer, type RunningStubServer } from "../../dev/stubs/server.js";
import { parseConfig, type Config } from "../../shared/config/config.js";
import type { Caller } from "../../shared/domain/caller.js";
import { JwtAuthenticator } from "../../shared/http/authentication/jwt-authenticator.js";

export const serviceOwnerOrgNumber = "991825827";
export const reservedNationalId = "08900499559";
/** Valid-looking national identity numbers that are not reserved in the stub's fixtures. */
export const personA = "26818099001";
export const personB = "15057612336";
export const otherOrgNumber = "313367002";

export interface RecordedRequest {
  method: string;
  url: URL;
  body: string | undefined;
  headers: Headers;
}

export interface RecordingFetch {
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  requests: RecordedRequest[];
  /** Requests whose path contains `fragment`. */
  to(fragment: string): RecordedRequest[];
  clear(): void;
}

export function recordingFetch(): RecordingFetch {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: (input, init) => {
      requests.push({
        method: init?.method ?? "GET",
        url: new URL(String(input)),
        body: typeof init?.body === "string" ? init.body : undefined,
        headers: new Headers(init?.headers),
      });
      return fetch(input, init);
    },
    to: (fragment) => requests.filter((request) => request.url.pathname.includes(fragment)),
    clear: () => {
      requests.length = 0;
    },
  };
}

export interface AltinnTestBed {
  stubs: RunningStubServer;
  config: Config;
  keyFolder: string;
  close(): Promise<void>;
}

export async function startAltinnTestBed(
  options: { fixtures?: StubFixtures; keyFormat?: "jwk" | "pem" } = {},
): Promise<AltinnTestBed> {
  const stubs = await startStubServer({
    port: 0,
    apiBaseUrl: "http://127.0.0.1:7071",
    ...(options.fixtures ? { fixtures: options.fixtures } : {}),
  });
  const keyFolder = await mkdtemp(join(tmpdir(), "altinn-adapter-test-"));
  const keyFile = join(keyFolder, options.keyFormat === "pem" ? "key.pem" : "key.json");
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  await writeFile(
    keyFile,
    options.keyFormat === "pem"
      ? await exportPKCS8(privateKey)
      : JSON.stringify({ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "RS256" }),
  );
  const stubPort = Number(new URL(stubs.url).port);
  const config = parseConfig(localAppSettings({ ...defaultPorts, stubs: stubPort }, keyFile));
  return {
    stubs,
    config,
    keyFolder,
    close: async () => {
      await stubs.close();
      await rm(keyFolder, { recursive: true, force: true });
    },
  };
}

export async function stubToken(stubs: RunningStubServer, path: string, query: Record<string, string>): Promise<string> {
  const response = await fetch(`${stubs.url}${path}?${new URLSearchParams({ env: "local", ...query })}`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

/** The Caller the API would see for this token: the real authenticator against the stub's discovery and JWKS. */
export async function callerOf(config: Config, token: string): Promise<Caller> {
  const outcome = await new JwtAuthenticator(config.issuers).authenticate(token);
  if (!outcome.ok) throw new Error(`The stub's token did not authenticate: ${outcome.failure} ${outcome.detail}`);
  return outcome.caller;
}

export const enterpriseCaller = async (bed: AltinnTestBed, orgNo: string, scopes: string): Promise<Caller> =>
  callerOf(bed.config, await stubToken(bed.stubs, "/api/GetEnterpriseToken", { orgNo, scopes }));

export const personCaller = async (bed: AltinnTestBed, pid: string, extra: Record<string, string> = {}): Promise<Caller> =>
  callerOf(
    bed.config,
    await stubToken(bed.stubs, "/api/GetPersonalToken", { pid, scopes: "altinn:correspondence.read", ...extra }),
  );

export async function injectFault(stubs: RunningStubServer, fault: { service: string; status: number; count?: number }): Promise<void> {
  const response = await fetch(`${stubs.url}/_stub/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rate: 1, ...fault }),
  });
  expect(response.ok).toBe(true);
}

export async function clearFaults(stubs: RunningStubServer): Promise<void> {
  await fetch(`${stubs.url}/_stub/faults`, { method: "DELETE" });
}
