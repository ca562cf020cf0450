/**
 * Runs a timer-triggered function on its schedule. As in the host, the next occurrence is computed only after a run
 * has finished, so runs of one timer never overlap (occurrences missed meanwhile are skipped); `runOnStartup` runs it
 * once before the schedule starts; a `retry` policy (fixedDelay / exponentialBackoff) re-runs a failed invocation.
 * The handler receives the host's Timer object: { schedule: { adjustForDST }, scheduleStatus: { last, next,
 * lastUpdated }, isPastDue }. Nothing is persisted locally, so `isPastDue` is always false and the first
 * `scheduleStatus.last` is DateTime.MinValue, as for a timer that never ran.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { RetryContext, Timer } from "@azure/functions";
import { resolveAppSettingExpressions } from "./app-config.js";
import type { CoreRetryOptions } from "./core-api.js";
import type { FunctionInvoker, HostedFunction } from "./invocation.js";
import type { HostLogger } from "./logger.js";
import { parseTimerSchedule } from "./timer-schedule.js";

/** .NET DateTime.MinValue: what the host reports as the last run of a timer that never ran. */
const neverRan = "0001-01-01T00:00:00.000Z";
/** setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained. */
const longestTimeout = 2_147_483_647;

export interface RunningTimer {
  stop(): Promise<void>;
}

export function startTimer(hosted: HostedFunction, invoker: FunctionInvoker, logger: HostLogger): RunningTimer {
  const schedule = parseTimerSchedule(resolveAppSettingExpressions(String(hosted.trigger.schedule)));
  const useMonitor = hosted.trigger.useMonitor !== false;
  const stopping = new AbortController();
  let last = neverRan;
  let currentRun: Promise<void> = Promise.resolve();

  const run = async (reason: string) => {
    const next = schedule.nextAfter(new Date());
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: schedule.adjustForDST },
      scheduleStatus: { last, next: next?.toISOString() ?? "", lastUpdated: new Date().toISOString() },
    };
    // Without the monitor the host sends no schedule status at all.
    const input: Partial<Timer> = useMonitor ? timer : { isPastDue: timer.isPastDue, schedule: timer.schedule };
    await invokeWithRetry(hosted, input, reason, invoker, stopping.signal);
    last = new Date().toISOString();
  };

  const scheduleNext = async () => {
    while (!stopping.signal.aborted) {
      const next = schedule.nextAfter(new Date());
      if (!next) {
        logger.write("information", hosted.name, `The schedule has no further occurrences.`);
        return;
      }
      logger.write("debug", hosted.name, `Next run at ${next.toISOString()}`);
      let remaining = next.getTime() - Date.now();
      while (remaining > 0) {
        const slept = await sleep(Math.min(remaining, longestTimeout), true, { signal: stopping.signal }).catch(() => false);
        if (!slept) return;
        remaining = next.getTime() - Date.now();
      }
      currentRun = run(`Timer fired at ${new Date().toISOString()}`);
      await currentRun;
    }
  };

  const loop = (async () => {
    if (hosted.trigger.runOnStartup === true) {
      currentRun = run(`Timer fired at ${new Date().toISOString()} (run on startup)`);
      await currentRun;
    }
    await scheduleNext();
  })();

  return {
    async stop() {
      stopping.abort();
      await Promise.allSettled([loop, currentRun]);
    },
  };
}

async function invokeWithRetry(
  hosted: HostedFunction,
  input: unknown,
  reason: string,
  invoker: FunctionInvoker,
  stopping: AbortSignal,
): Promise<void> {
  const retry = hosted.retry;
  const maxRetryCount = retry?.maxRetryCount ?? 0;
  for (let retryCount = 0; ; retryCount++) {
    const retryContext: RetryContext | undefined = retry ? { retryCount, maxRetryCount } : undefined;
    try {
      await invoker.invoke(hosted, { triggerInput: input, reason, retryContext });
      return;
    } catch {
      // The invoker has logged the failure; a timer failure never stops the schedule.
      const exhausted = maxRetryCount !== -1 && retryCount >= maxRetryCount;
      if (!retry || exhausted || stopping.aborted) return;
      const resumed = await sleep(retryDelay(retry, retryCount), true, { signal: stopping }).catch(() => false);
      if (!resumed) return;
    }
  }
}

function retryDelay(retry: CoreRetryOptions, retryCount: number): number {
  const seconds = (duration: { seconds?: number } | undefined) => (duration?.seconds ?? 0) * 1000;
  if (retry.retryStrategy === "exponentialBackoff") {
    return Math.min(seconds(retry.minimumInterval) * 2 ** retryCount, seconds(retry.maximumInterval));
  }
  return seconds(retry.delayInterval);
}
