import { describe, expect, it } from "vitest";
import { CheckHealth } from "../../shared/use-cases/check-health/check-health.js";
import { failingProbe, hangingProbe, healthyProbe } from "./support/probes.js";

describe("CheckHealth", () => {
  it("is Healthy when every dependency answers, with a state per dependency", async () => {
    const report = await new CheckHealth([healthyProbe("cosmos"), healthyProbe("blob"), healthyProbe("serviceBus")], {
      timeoutMs: 1000,
    }).execute();
    expect(report.status).toBe("Healthy");
    expect(report.message).toBe("Environment properly configured and all dependencies are accessible");
    expect(Object.keys(report.dependencies)).toEqual(["cosmos", "blob", "serviceBus"]);
    for (const dependency of Object.values(report.dependencies)) {
      expect(dependency).toEqual({ status: "Healthy", durationMs: expect.any(Number) });
    }
  });

  it("is Unhealthy when one dependency fails, naming it and its error", async () => {
    const report = await new CheckHealth(
      [healthyProbe("cosmos"), failingProbe("blob", new Error("ContainerNotFound")), healthyProbe("serviceBus")],
      { timeoutMs: 1000 },
    ).execute();
    expect(report.status).toBe("Unhealthy");
    expect(report.message).toBe("Health check failed: blob unavailable");
    expect(report.dependencies.blob).toEqual({
      status: "Unhealthy",
      durationMs: expect.any(Number),
      error: "Error: ContainerNotFound",
    });
    expect(report.dependencies.cosmos?.status).toBe("Healthy");
  });

  it("gives up on a dependency that hangs at its deadline, and aborts it", async () => {
    const hanging = hangingProbe("serviceBus");
    const started = performance.now();
    const report = await new CheckHealth([healthyProbe("cosmos"), hanging], { timeoutMs: 100 }).execute();
    const elapsed = performance.now() - started;

    expect(report.status).toBe("Unhealthy");
    expect(report.dependencies.serviceBus).toMatchObject({ status: "Unhealthy", error: "ProbeTimeoutError: No answer within 100 ms" });
    expect(report.dependencies.serviceBus?.durationMs).toBeGreaterThanOrEqual(95);
    expect(hanging.aborted()).toBe(true);
    expect(elapsed).toBeLessThan(1000);
  });

  it("runs the probes in parallel", async () => {
    const slow = (name: string) => ({
      name,
      check: () => new Promise<void>((resolve) => setTimeout(resolve, 150)),
    });
    const started = performance.now();
    const report = await new CheckHealth([slow("a"), slow("b"), slow("c")], { timeoutMs: 1000 }).execute();
    expect(report.status).toBe("Healthy");
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("measures duration with the injected clock", async () => {
    let now = 1000;
    const probe = { name: "cosmos", check: async () => void (now += 42) };
    const report = await new CheckHealth([probe], { timeoutMs: 1000, now: () => now }).execute();
    expect(report.dependencies.cosmos?.durationMs).toBe(42);
  });

  it("shortens long error texts", async () => {
    const report = await new CheckHealth([failingProbe("cosmos", new Error("x".repeat(1000)))], {
      timeoutMs: 1000,
    }).execute();
    expect(report.dependencies.cosmos?.error).toHaveLength(200);
  });
});
