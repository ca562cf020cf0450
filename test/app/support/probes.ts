import type { HealthProbe } from "../../../shared/domain/health-probe.js";

export function healthyProbe(name: string): HealthProbe {
  return { name, check: async () => undefined };
}

export function failingProbe(name: string, error: Error): HealthProbe {
  return {
    name,
    check: async () => {
      throw error;
    },
  };
}

/** Never answers on its own; records whether the use case aborted it. */
export function hangingProbe(name: string): HealthProbe & { aborted: () => boolean } {
  let signalSeen: AbortSignal | undefined;
  return {
    name,
    check: (signal) => {
      signalSeen = signal;
      return new Promise<void>(() => undefined);
    },
    aborted: () => signalSeen?.aborted ?? false,
  };
}
