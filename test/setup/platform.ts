/**
 * Vitest global setup: the same local platform `npm start` runs — Azurite, the Cosmos server, the Service Bus broker,
 * the Altinn stubs and the Functions dev host with the real function app — on free ports and with data in memory, so
 * a test run never collides with a running `npm start`. Tests reach it through `inject("platform")`.
 * Set PLATFORM_LOG=1 to see the platform's output.
 */
import type { TestProject } from "vitest/node";
import { freePlatformPorts } from "../../dev/platform/free-ports.js";
import { startPlatform } from "../../dev/platform/platform.js";

export interface ProvidedPlatform {
  urls: { blob: string; cosmos: string; serviceBus: string; stubs: string; functions: string };
  appSettings: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    platform: ProvidedPlatform;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const verbose = process.env.PLATFORM_LOG === "1";
  // Without PLATFORM_LOG, an unexpected error behind a 500 is still shown (with the lines of its stack that follow),
  // so a failure in CI says why; tests that inject faults on purpose show theirs too.
  let stackLinesToShow = 0;
  const log = (line: string): void => {
    if (/Unhandled error/.test(line)) stackLinesToShow = 20;
    if (verbose || stackLinesToShow > 0) {
      stackLinesToShow = Math.max(0, stackLinesToShow - 1);
      console.log(line);
    }
  };
  // A port found free can be taken by another process before Azurite binds it (Azurite cannot listen on port 0);
  // one retry on fresh ports covers that race.
  const platform = await startPlatform({ ports: await freePlatformPorts(), log }).catch(async (error: unknown) => {
    console.warn(`The local platform failed to start (${String(error)}); retrying on other ports`);
    return startPlatform({ ports: await freePlatformPorts(), log });
  });
  project.provide("platform", { urls: platform.urls, appSettings: platform.appSettings });
  return () => platform.close();
}
