/**
 * `npm run bench`: each benchmark times one of our operations against the raw emulated service it is built on, in
 * the same run on the same machine, and reports the ratio — absolute numbers on a shared 2-core box mean little, the
 * ratio says what our layer costs. Starts its own platform on free ports (data in memory).
 *
 *   npm run bench                    all benchmarks, 200 iterations each
 *   npm run bench -- --iterations 50
 */
import { parseArgs } from "node:util";
import { freePlatformPorts } from "../platform/free-ports.js";
import { startPlatform } from "../platform/platform.js";
import { benchmarks } from "./benchmarks.js";
import { measure, type LatencySummary } from "./measure.js";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "200" } } });
const iterations = Number(values.iterations);

const platform = await startPlatform({
  ports: await freePlatformPorts(),
  log: () => undefined,
});

const format = (summary: LatencySummary): string => `${summary.p50.toFixed(2)} / ${summary.p95.toFixed(2)}`;
const rows: string[] = [];
try {
  for (const benchmark of benchmarks) {
    const session = await benchmark.prepare(platform);
    try {
      const ours = await measure(iterations, session.ours);
      const raw = await measure(iterations, session.raw);
      rows.push(
        `| ${benchmark.name} | ${format(ours)} | ${benchmark.baseline} | ${format(raw)} | ${(ours.p50 / raw.p50).toFixed(2)} |`,
      );
      console.log(rows.at(-1));
    } finally {
      await session.close();
    }
  }
} finally {
  await platform.close();
}

console.log(`\n${iterations} sequential iterations each (after warm-up); latencies in ms as p50 / p95.\n`);
console.log("| operation | ours p50 / p95 | baseline (raw emulated service) | raw p50 / p95 | ratio p50 |");
console.log("|---|---|---|---|---|");
for (const row of rows) console.log(row);
