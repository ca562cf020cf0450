/** functions/index.ts, loaded as the worker loads it: configuration first, then one registration per function. */
import type { HttpFunctionOptions } from "@azure/functions";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";

const registered = vi.hoisted(() => ({ http: new Map<string, unknown>(), setup: [] as unknown[] }));

vi.mock("@azure/functions", async (importOriginal) => {
  const original = await importOriginal<typeof import("@azure/functions")>();
  return {
    ...original,
    app: {
      ...original.app,
      setup: (options: unknown) => registered.setup.push(options),
      http: (name: string, options: unknown) => registered.http.set(name, options),
      hook: { ...original.app.hook, appTerminate: () => ({ dispose: () => undefined }) },
    },
  };
});

beforeEach(() => {
  vi.resetModules();
  registered.http.clear();
  registered.setup.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function stubEnvironment(settings: Record<string, string>): void {
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
}

describe("functions/index.ts", () => {
  it("enables HTTP streaming and registers /health, /healthz and /whoami", async () => {
    stubEnvironment(localAppSettings(defaultPorts));
    await import("../../functions/index.js");

    expect(registered.setup).toEqual([{ enableHttpStream: true }]);
    expect([...registered.http.keys()]).toEqual(expect.arrayContaining(["health", "healthz", "whoami"]));
    for (const name of ["health", "healthz", "whoami"]) {
      expect(registered.http.get(name)).toMatchObject({ route: name, methods: ["GET"], authLevel: "anonymous" });
    }
    // Every other HTTP function is one of the API's, anonymous to the host (the bearer token is the gate).
    for (const [name, options] of registered.http) {
      expect(options, name).toMatchObject({ authLevel: "anonymous" });
      expect(typeof (options as HttpFunctionOptions).handler).toBe("function");
    }
  });

  it("fails loudly on a bad configuration, logging every problem and registering nothing", async () => {
    stubEnvironment({ ...localAppSettings(defaultPorts), PUBLIC_BASE_URL: "not-a-url", ALTINN_TOKEN_ISSUER: "" });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);

    // A fresh module graph per test, so the error is an instance of that graph's ConfigError, not of ours.
    await expect(import("../../functions/index.js")).rejects.toMatchObject({
      name: "ConfigError",
      issues: [expect.stringContaining("PUBLIC_BASE_URL"), expect.stringContaining("ALTINN_TOKEN_ISSUER")],
    });

    const lines = logged.mock.calls.map(([line]) => String(line));
    expect(lines.filter((line) => line.startsWith("Configuration problem: "))).toHaveLength(2);
    expect(lines.some((line) => line.includes("PUBLIC_BASE_URL"))).toBe(true);
    expect(lines.some((line) => line.includes("ALTINN_TOKEN_ISSUER"))).toBe(true);
    expect(registered.http.size).toBe(0);
  });
});
