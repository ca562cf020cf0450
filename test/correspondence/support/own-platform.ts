/**
 * A whole platform of a test file's own (startPlatform on free ports, data in memory), for tests whose stub fixtures or
 * injected faults must not reach other files, with the few calls those tests all make on it.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { freePlatformPorts } from "../../../dev/platform/free-ports.js";
import { startPlatform, type RunningPlatform } from "../../../dev/platform/platform.js";
import { organisationUrn } from "./api-client.js";
import { publishingProbes, type PublishingProbes } from "./publishing-probes.js";

export interface OwnPlatformOptions {
  /** Stub fixture overrides (dev/stubs/fixtures.ts); a list given here replaces the default list. */
  fixtures?: Record<string, unknown>;
  appSettings?: Record<string, string>;
}

export interface OwnPlatform {
  platform: RunningPlatform;
  probes: PublishingProbes;
  /** A token from the stub's test token generator (`path` e.g. `/api/GetEnterpriseToken`). */
  token(path: string, query: Record<string, string>): Promise<string>;
  /** The service owner of every default resource (991825827, ttd), with write and serviceowner scopes. */
  ownerToken(): Promise<string>;
  /** Sends one correspondence on `resourceId` to the organisation and waits until it is published. */
  publishedTo(orgNo: string, resourceId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startOwnPlatform(options: OwnPlatformOptions = {}): Promise<OwnPlatform> {
  const fixturesDir = options.fixtures ? await mkdtemp(join(tmpdir(), "own-platform-")) : undefined;
  const stubFixturesFile = fixturesDir ? join(fixturesDir, "fixtures.json") : undefined;
  if (stubFixturesFile) await writeFile(stubFixturesFile, JSON.stringify(options.fixtures));
  const platform = await startPlatform({
    ports: await freePlatformPorts(),
    ...(stubFixturesFile ? { stubFixturesFile } : {}),
    ...(options.appSettings ? { appSettings: options.appSettings } : {}),
    log: () => undefined,
  });
  const probes = publishingProbes(platform.appSettings);

  const token = async (path: string, query: Record<string, string>): Promise<string> => {
    const response = await fetch(`${platform.urls.stubs}${path}?${new URLSearchParams({ env: "local", ...query })}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const ownerToken = (): Promise<string> =>
    token("/api/GetEnterpriseToken", { scopes: "altinn:correspondence.write altinn:serviceowner", org: "ttd", orgNo: "991825827" });

  return {
    platform,
    probes,
    token,
    ownerToken,
    async publishedTo(orgNo, resourceId) {
      const response = await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
        method: "POST",
        headers: { authorization: `Bearer ${await ownerToken()}`, "content-type": "application/json" },
        body: JSON.stringify({
          correspondence: {
            resourceId,
            sendersReference: `ref-${randomUUID()}`,
            content: { language: "nb", messageTitle: "Tittel", messageSummary: "", messageBody: "Brødtekst" },
          },
          recipients: [organisationUrn(orgNo)],
        }),
      });
      expect(response.status).toBe(200);
      const { correspondences } = (await response.json()) as { correspondences: Array<{ correspondenceId: string }> };
      const id = correspondences[0]!.correspondenceId;
      await probes.untilStatus(id, "Published");
      return id;
    },
    async close() {
      probes.close();
      await platform.close();
      if (fixturesDir) await rm(fixturesDir, { recursive: true, force: true });
    },
  };
}
