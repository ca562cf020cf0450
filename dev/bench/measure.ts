/** Latency sampling for the benchmarks: sequential calls after a warm-up, reported as percentiles. */
export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  mean: number;
}

export async function measure(iterations: number, operation: (iteration: number) => Promise<void>): Promise<LatencySummary> {
  const warmUp = Math.max(5, Math.floor(iterations / 10));
  for (let iteration = 0; iteration < warmUp; iteration++) await operation(-1 - iteration);
  const durations: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    const started = process.hrtime.bigint();
    await operation(iteration);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  durations.sort((a, b) => a - b);
  const at = (fraction: number): number => durations[Math.min(durations.length - 1, Math.floor(fraction * durations.length))] ?? 0;
  return {
    samples: durations.length,
    p50: at(0.5),
    p95: at(0.95),
    mean: durations.reduce((sum, value) => sum + value, 0) / durations.length,
  };
}
