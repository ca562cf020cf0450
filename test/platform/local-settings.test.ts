/**
 * local.settings.json is what Core Tools-style hosts read; the platform computes the same settings for any ports.
 * They must not drift apart, or `npm start` and the tests would run the app differently.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";

describe("local.settings.json", () => {
  it("holds exactly the platform's app settings for the default ports", () => {
    const file = JSON.parse(readFileSync(new URL("../../local.settings.json", import.meta.url), "utf8")) as {
      Values: Record<string, string>;
      Host: { LocalHttpPort: number };
    };
    expect(file.Values).toEqual(localAppSettings(defaultPorts));
    expect(file.Host.LocalHttpPort).toBe(defaultPorts.functions);
  });
});
