import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot, startHostProcess, type HostProcess } from "./support/host-process.js";

let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess({ app: path.join(repositoryRoot, "test/fixtures/function-app-buffered") });
});

afterAll(async () => {
  await host?.stop("SIGKILL");
});

describe("an app without HTTP streaming", () => {
  it("serves under the default route prefix api, from a plain package.json main", async () => {
    expect((await fetch(`${host.url}/echo/1`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${host.url}/api/echo/1`, { method: "POST" })).status).toBe(200);
  });

  it("buffers the request body and gives an absent optional parameter as an empty string, as over gRPC", async () => {
    const response = await fetch(`${host.url}/api/echo/7`, { method: "POST", body: "hello" });
    expect(await response.json()).toEqual({ params: { id: "7", name: "" }, bytes: 5, text: "hello" });
  });

  it("buffers a generated response body and sends its length", async () => {
    const response = await fetch(`${host.url}/api/generated`);
    expect(response.headers.get("content-length")).toBe("12");
    expect(await response.text()).toBe("first,second");
  });
});
