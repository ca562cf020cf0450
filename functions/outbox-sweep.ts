/**
 * The outbox sweep, every 10 seconds and once at start-up: finishes initialize requests whose expansion was
 * interrupted and sends outbox messages the fast path did not (a crash between the Cosmos write and the send). Runs
 * never overlap (the host skips a tick while the previous run is busy).
 */
import { app, type InvocationContext } from "@azure/functions";
import type { SweepReport } from "../shared/use-cases/relay-outbox/relay-outbox.js";

export const outboxSweepSchedule = "*/10 * * * * *";

export interface OutboxSweepFunctionDependencies {
  sweepOutbox: () => Promise<SweepReport>;
}

export function makeOutboxSweepHandler(dependencies: OutboxSweepFunctionDependencies) {
  return async (_timer: unknown, context: InvocationContext): Promise<void> => {
    const report = await dependencies.sweepOutbox();
    if (report.requestsCompleted + report.outboxesFlushed + report.failures > 0) {
      context.log(
        `Outbox sweep: ${report.requestsCompleted} request(s) completed, ${report.outboxesFlushed} outbox(es) sent, ${report.failures} failure(s)`,
      );
    }
  };
}

export function registerOutboxSweepFunction(dependencies: OutboxSweepFunctionDependencies): void {
  app.timer("outboxSweep", {
    schedule: outboxSweepSchedule,
    runOnStartup: true,
    handler: makeOutboxSweepHandler(dependencies),
  });
}
