import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyAppSettings, parseTimeSpan, readFunctionAppConfig, resolveAppSettingExpressions } from "../../dev/host/app-config.js";
import { expandBraces, expandGlob } from "../../dev/host/glob.js";
import { parseTimerSchedule } from "../../dev/host/timer-schedule.js";

async function appDirectory(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "dev-host-app-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

const touchedVariables = ["DEV_HOST_TEST_A", "DEV_HOST_TEST_B", "DEV_HOST_TEST_C"];
afterEach(() => {
  for (const name of touchedVariables) delete process.env[name];
});

describe("function app directory", () => {
  it("expands package.json main as a glob, and reads the route prefix (default api)", async () => {
    const root = await appDirectory({
      "host.json": "{}",
      "package.json": JSON.stringify({ main: "dist/{functions,extra}/*.js" }),
      "dist/functions/b.js": "",
      "dist/functions/a.js": "",
      "dist/functions/a.js.map": "",
      "dist/functions/.hidden.js": "",
      "dist/extra/c.js": "",
    });
    const config = await readFunctionAppConfig(root);
    expect(config.entryFiles.map((file) => path.relative(root, file))).toEqual(["dist/extra/c.js", "dist/functions/a.js", "dist/functions/b.js"]);
    expect(config.routePrefix).toBe("api");
  });

  it("supports ** and plain file names, and refuses a main that matches nothing or a directory without host.json", async () => {
    const root = await appDirectory({ "host.json": '{"extensions":{"http":{"routePrefix":"/v1/"}}}', "src/x/deep/f.js": "", "index.js": "" });
    expect((await expandGlob("src/**/*.js", root)).map((file) => path.relative(root, file))).toEqual(["src/x/deep/f.js"]);
    expect((await readFunctionAppConfig(root)).entryFiles).toEqual([path.join(root, "index.js")]);
    expect((await readFunctionAppConfig(root)).routePrefix).toBe("v1");
    await writeFile(path.join(root, "package.json"), JSON.stringify({ main: "dist/*.js" }));
    await expect(readFunctionAppConfig(root)).rejects.toThrow(/matches no file/);
    await expect(readFunctionAppConfig(path.join(root, "src"))).rejects.toThrow(/No host.json/);
  });

  it("expands nested braces", () => {
    expect(expandBraces("a/{b,c{d,e}}/f")).toEqual(["a/b/f", "a/cd/f", "a/ce/f"]);
  });
});

describe("app settings", () => {
  it("never lets local.settings.json override a variable that is already set; explicit ones always apply", () => {
    process.env.DEV_HOST_TEST_A = "from-environment";
    applyAppSettings({ Values: { DEV_HOST_TEST_A: "local", DEV_HOST_TEST_B: "local", DEV_HOST_TEST_C: 5 } }, { DEV_HOST_TEST_B: "explicit" });
    expect([process.env.DEV_HOST_TEST_A, process.env.DEV_HOST_TEST_B, process.env.DEV_HOST_TEST_C]).toEqual(["from-environment", "explicit", "5"]);
  });

  it("resolves %setting% expressions and names a missing one", () => {
    process.env.DEV_HOST_TEST_A = "orders";
    expect(resolveAppSettingExpressions("%DEV_HOST_TEST_A%-dlq")).toBe("orders-dlq");
    expect(() => resolveAppSettingExpressions("%DEV_HOST_TEST_MISSING%")).toThrow(/DEV_HOST_TEST_MISSING/);
  });

  it("parses .NET TimeSpans", () => {
    expect(parseTimeSpan("00:05:00")).toBe(300_000);
    expect(parseTimeSpan("1.02:00:30.5")).toBe(((24 + 2) * 3600 + 30) * 1000 + 500);
    expect(() => parseTimeSpan("5 minutes")).toThrow(/TimeSpan/);
  });
});

describe("timer schedules", () => {
  it("evaluates six-field NCRONTAB with seconds", () => {
    const everyFiveSeconds = parseTimerSchedule("*/5 * * * * *", "UTC");
    expect(everyFiveSeconds.nextAfter(new Date("2024-03-01T10:00:02Z"))?.toISOString()).toBe("2024-03-01T10:00:05.000Z");
    expect(everyFiveSeconds.adjustForDST).toBe(true);
  });

  it("requires both day-of-month and day-of-week when both are given, as NCrontab does", () => {
    // Friday the 13th at noon.
    const schedule = parseTimerSchedule("0 0 12 13 * 5", "UTC");
    expect(schedule.nextAfter(new Date("2024-01-01T00:00:00Z"))?.toISOString()).toBe("2024-09-13T12:00:00.000Z");
  });

  it("accepts a TimeSpan as a constant interval and rejects five-field cron", () => {
    const schedule = parseTimerSchedule("00:00:30");
    expect(schedule.nextAfter(new Date("2024-01-01T00:00:00Z"))?.toISOString()).toBe("2024-01-01T00:00:30.000Z");
    expect(schedule.adjustForDST).toBe(false);
    expect(() => parseTimerSchedule("*/5 * * * *")).toThrow(/six-field/);
  });
});
