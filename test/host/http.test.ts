import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHostProcess, type HostProcess } from "./support/host-process.js";

let host: HostProcess;
let terminateFile: string;

beforeAll(async () => {
  terminateFile = path.join(await mkdtemp(path.join(tmpdir(), "dev-host-")), "terminated.txt");
  host = await startHostProcess({
    env: {
      FIXTURE_OVERRIDDEN: "from-environment",
      FIXTURE_TERMINATE_FILE: terminateFile,
      // Keeps this file's output quiet, and shows the host honours the setting.
      "AzureWebJobs.slowTimer.Disabled": "true",
    },
  });
});

afterAll(async () => {
  await host?.stop("SIGKILL");
});

async function call(route: string, init?: RequestInit): Promise<Response> {
  return fetch(`${host.url}${route}`, init);
}

describe("HTTP triggers", () => {
  it("passes method, url, params, query, headers and body to the handler and runs the invocation hooks", async () => {
    const response = await call("/echo/42/alice?colour=blue", { method: "POST", headers: { "x-test": "yes" }, body: "the body" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-function")).toBe("echo");
    expect(response.headers.get("x-post-invocation")).toBe("ran");
    const echoed = (await response.json()) as Record<string, unknown>;
    expect(echoed).toMatchObject({
      method: "POST",
      url: `${host.url}/echo/42/alice?colour=blue`,
      params: { id: "42", name: "alice" },
      query: { colour: "blue" },
      header: "yes",
      body: "the body",
      triggerType: "httpTrigger",
      preInvocationRan: true,
      appStarted: true,
    });
    expect(echoed.invocationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("leaves an absent optional parameter out of params", async () => {
    const echoed = (await (await call("/echo/7")).json()) as { params: Record<string, string> };
    expect(echoed.params).toEqual({ id: "7" });
  });

  it("routes by template: literals first, then constraints, catch-all, regex, default route = function name", async () => {
    const which = async (route: string) => {
      const response = await call(route);
      return response.status === 200 ? ((await response.json()) as { which: string; params: Record<string, string> }) : response.status;
    };
    expect(await which("/things/special")).toEqual({ which: "thingLiteral", params: {} });
    expect(await which("/things/other")).toEqual({ which: "thingParam", params: { id: "other" } });
    expect(await which("/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).toMatchObject({ which: "itemGuid" });
    expect(await which("/items/abc")).toMatchObject({ which: "itemAlpha", params: { name: "abc" } });
    expect(await which("/items/abc123")).toMatchObject({ which: "itemAny", params: { value: "abc123" } });
    expect(await which("/files/a/b/c.txt")).toEqual({ which: "files", params: { path: "a/b/c.txt" } });
    expect(await which("/codes/AB12")).toEqual({ which: "code", params: { code: "AB12" } });
    expect(await which("/codes/A12")).toBe(404);
    expect(await which("/Items/ABC/")).toMatchObject({ which: "itemAlpha" });
    expect(await (await call("/defaultroute")).text()).toBe("default route");
  });

  it("answers 404 for an unknown path and, like the Functions host, for a method the function does not accept", async () => {
    expect((await call("/no/such/route")).status).toBe(404);
    expect((await call("/echo/not-an-int")).status).toBe(404);
    expect((await call("/only-get")).status).toBe(200);
    const wrongMethod = await call("/only-get", { method: "POST", body: "x" });
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.text()).toBe("");
  });

  it("answers 500 with an empty body when the function throws, and logs the error under the function name", async () => {
    const response = await call("/throws");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("");
    expect(host.output.some((line) => line.startsWith("[throws] ERROR:") && line.includes("boom from the fixture"))).toBe(true);
    expect(host.output.some((line) => line.startsWith("[throws] ERROR: Executed 'Functions.throws' (Failed"))).toBe(true);
  });

  it("writes every response shape: HttpResponseInit with jsonBody and cookies, text, Buffer, HttpResponse, nothing, 204", async () => {
    const json = await call("/shapes/json");
    expect(json.status).toBe(201);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(json.headers.get("x-shape")).toBe("json");
    expect(json.headers.get("set-cookie")).toBe("session=a%20b; Max-Age=60; Path=/; HttpOnly; SameSite=Lax");
    expect(await json.json()).toEqual({ ok: true });

    const text = await call("/shapes/text");
    expect([text.status, await text.text()]).toEqual([200, "plain text"]);
    const buffer = await call("/shapes/buffer");
    expect([...new Uint8Array(await buffer.arrayBuffer())]).toEqual([1, 2, 3, 4]);
    const httpResponse = await call("/shapes/http-response");
    expect([httpResponse.status, httpResponse.headers.get("x-shape"), await httpResponse.text()]).toEqual([202, "http-response", "accepted"]);
    const nothing = await call("/shapes/nothing");
    expect([nothing.status, await nothing.text()]).toEqual([200, ""]);
    expect((await call("/shapes/no-content")).status).toBe(204);
  });

  it("takes local.settings.json Values without overriding variables that are already set", async () => {
    const settings = await (await call("/settings")).json();
    expect(settings).toEqual({ greeting: "from-local-settings", overridden: "from-environment" });
  });

  it("applies Host.CORS from local.settings.json, preflight included", async () => {
    const simple = await call("/settings", { headers: { origin: "http://localhost:3000" } });
    expect(simple.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await call("/echo/1", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "PUT", "access-control-request-headers": "x-test" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("PUT");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("x-test");
  });

  it("serves the host's home page and status endpoint", async () => {
    expect((await call("/")).status).toBe(200);
    expect(await (await call("/admin/host/status")).json()).toMatchObject({ state: "Running" });
  });

  it("keeps running when a listener cannot start, and skips disabled functions", async () => {
    expect(host.output).toContain(
      "[host] ERROR: The listener for function 'Functions.recordQueueMessage' was unable to start. " +
        "Service Bus account connection string 'FIXTURE_SERVICEBUS' does not exist. Make sure that it is a defined App Setting.",
    );
    expect(host.output).toContain("[host] Function 'Functions.slowTimer' is disabled.");
    expect(host.output.some((line) => line.startsWith("  slowTimer:"))).toBe(false);
  });

  it("stops cleanly on SIGTERM and runs the appTerminate hooks", async () => {
    expect(await host.stop("SIGTERM")).toBe(0);
    expect(await readFile(terminateFile, "utf8")).toBe("appTerminate ran");
  });
});
