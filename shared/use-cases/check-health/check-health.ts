/**
 * Health: ask every dependency at once, each with its own deadline, so that a dependency that hangs makes the report
 * Unhealthy within the deadline instead of holding the probe request until the platform gives up.
 */
import type { HealthProbe } from "../../domain/health-probe.js";

export type HealthStatus = "Healthy" | "Unhealthy";

export interface DependencyHealth {
  status: HealthStatus;
  durationMs: number;
  /** A short reason; present only when Unhealthy. */
  error?: string;
}

export interface HealthReport {
  status: HealthStatus;
  message: string;
  dependencies: Record<string, DependencyHealth>;
}

export interface CheckHealthOptions {
  /** Deadline per probe. */
  timeoutMs: number;
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
}

const healthyMessage = "Environment properly configured and all dependencies are accessible";
/** Longest reason we echo; health is anonymous, so keep it to a hint and leave details to the logs. */
const maxReasonLength = 200;

class ProbeTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms`);
    this.name = "ProbeTimeoutError";
  }
}

export class CheckHealth {
  private readonly now: () => number;

  constructor(
    private readonly probes: readonly HealthProbe[],
    private readonly options: CheckHealthOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  async execute(): Promise<HealthReport> {
    const results = await Promise.all(this.probes.map(async (probe) => [probe.name, await this.run(probe)] as const));
    const dependencies = Object.fromEntries(results);
    const unhealthy = results.filter(([, health]) => health.status === "Unhealthy").map(([name]) => name);
    if (unhealthy.length === 0) return { status: "Healthy", message: healthyMessage, dependencies };
    return {
      status: "Unhealthy",
      message: `Health check failed: ${unhealthy.join(", ")} unavailable`,
      dependencies,
    };
  }

  private async run(probe: HealthProbe): Promise<DependencyHealth> {
    const started = this.now();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const timeout = new ProbeTimeoutError(this.options.timeoutMs);
        abort.abort(timeout);
        reject(timeout);
      }, this.options.timeoutMs);
    });
    try {
      // A probe that ignores the signal still loses the race; its late result is dropped.
      await Promise.race([probe.check(abort.signal), deadline]);
      return { status: "Healthy", durationMs: this.elapsedSince(started) };
    } catch (error) {
      return { status: "Unhealthy", durationMs: this.elapsedSince(started), error: describeFailure(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private elapsedSince(started: number): number {
    return Math.round(this.now() - started);
  }
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > maxReasonLength ? `${text.slice(0, maxReasonLength - 1)}…` : text;
}
