import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, startHostProcess, waitFor, type HostProcess } from "./support/host-process.js";

interface Observations {
  timerRuns: {
    startupTimer: Array<{ at: string; functionName: string; timer: Record<string, unknown> }>;
    slowTimer: Array<{ startedAt: string; endedAt: string; isPastDue: boolean }>;
    retryingTimer: Array<{ retryCount: number; maxRetryCount: number }>;
  };
  slowTimerConcurrency: { current: number; max: number };
}

let host: HostProcess;
let startedAt: number;

beforeAll(async () => {
  startedAt = Date.now();
  host = await startHostProcess();
});

afterAll(async () => {
  await host?.stop("SIGKILL");
});

const observations = () => getJson<Observations>(`${host.url}/observations`);

describe("timer triggers", () => {
  it("runs a runOnStartup timer once at startup with the host's Timer object", async () => {
    const runs = await waitFor(async () => {
      const { startupTimer } = (await observations()).timerRuns;
      return startupTimer.length > 0 ? startupTimer : undefined;
    }, "the startup run");
    // The schedule (from %FIXTURE_STARTUP_SCHEDULE%) fires once a year, on 1 January: this run is the startup one.
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run?.functionName).toBe("startupTimer");
    expect(Date.parse(run?.at ?? "")).toBeGreaterThanOrEqual(startedAt);
    expect(run?.timer).toEqual({
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: "0001-01-01T00:00:00.000Z", next: expect.any(String), lastUpdated: expect.any(String) },
    });
    const next = new Date((run?.timer.scheduleStatus as { next: string }).next);
    expect([next.getMonth(), next.getDate(), next.getHours(), next.getMinutes(), next.getSeconds()]).toEqual([0, 1, 0, 0, 0]);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it("fires a six-field schedule every second without ever overlapping runs that take longer", async () => {
    const runs = await waitFor(async () => {
      const { slowTimer } = (await observations()).timerRuns;
      return slowTimer.length >= 3 ? slowTimer : undefined;
    }, "three runs of the slow timer");
    const { slowTimerConcurrency } = await observations();
    expect(slowTimerConcurrency.max).toBe(1);
    for (let index = 1; index < runs.length; index++) {
      const previous = runs[index - 1] as { endedAt: string };
      const current = runs[index] as { startedAt: string };
      expect(Date.parse(current.startedAt)).toBeGreaterThanOrEqual(Date.parse(previous.endedAt));
    }
    expect(runs.every((run) => run.isPastDue === false)).toBe(true);
    expect(host.output.filter((line) => line.startsWith("[slowTimer] Executed 'Functions.slowTimer' (Succeeded")).length).toBeGreaterThanOrEqual(3);
  });

  it("re-runs a failing timer per its retry policy (maxRetryCount 2: three attempts), passing a retryContext", async () => {
    const failed = (line: string) => line.startsWith("[retryingTimer] ERROR: Executed 'Functions.retryingTimer' (Failed");
    await waitFor(async () => (host.output.filter(failed).length >= 3 ? true : undefined), "three failed attempts");
    // Retries follow each other without delay here, so a fourth attempt would already show.
    expect((await observations()).timerRuns.retryingTimer).toEqual([
      { retryCount: 0, maxRetryCount: 2 },
      { retryCount: 1, maxRetryCount: 2 },
      { retryCount: 2, maxRetryCount: 2 },
    ]);
    expect(host.output.filter(failed)).toHaveLength(3);
  });
});
