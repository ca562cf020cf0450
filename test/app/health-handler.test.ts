import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it, vi } from "vitest";
import { makeHealthHandler } from "../../functions/health.js";
import { CheckHealth } from "../../shared/use-cases/check-health/check-health.js";
import { responseOf } from "./support/http.js";
import { failingProbe, hangingProbe, healthyProbe } from "./support/probes.js";

function request(path: string): HttpRequest {
  return new HttpRequest({ method: "GET", url: `http://127.0.0.1:7071/${path}` });
}

describe("GET /health", () => {
  it("answers 200 {status, message, dependencies} when all dependencies are up", async () => {
    const handler = makeHealthHandler({
      checkHealth: new CheckHealth([healthyProbe("cosmos"), healthyProbe("blob"), healthyProbe("serviceBus")], {
        timeoutMs: 500,
      }),
    });
    const response = await responseOf(await handler(request("health"), new InvocationContext()));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      status: "Healthy",
      message: "Environment properly configured and all dependencies are accessible",
      dependencies: {
        cosmos: { status: "Healthy", durationMs: expect.any(Number) },
        blob: { status: "Healthy", durationMs: expect.any(Number) },
        serviceBus: { status: "Healthy", durationMs: expect.any(Number) },
      },
    });
  });

  it("answers 503 when a dependency is down or hangs, and logs why", async () => {
    const context = new InvocationContext();
    const warned = vi.spyOn(context, "warn").mockImplementation(() => undefined);
    const handler = makeHealthHandler({
      checkHealth: new CheckHealth(
        [failingProbe("cosmos", new Error("ECONNREFUSED")), healthyProbe("blob"), hangingProbe("serviceBus")],
        { timeoutMs: 100 },
      ),
    });
    const response = await responseOf(await handler(request("healthz"), context));

    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; message: string; dependencies: Record<string, { status: string }> };
    expect(body.status).toBe("Unhealthy");
    expect(body.message).toBe("Health check failed: cosmos, serviceBus unavailable");
    expect(body.dependencies.cosmos?.status).toBe("Unhealthy");
    expect(body.dependencies.blob?.status).toBe("Healthy");
    expect(body.dependencies.serviceBus?.status).toBe("Unhealthy");
    expect(warned).toHaveBeenCalledOnce();
  });
});
