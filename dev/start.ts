/**
 * `npm start`: the whole local platform on the default ports, data kept under .local/ so it survives restarts.
 * Prints each URL and one ready line; Ctrl-C stops every part cleanly (Cosmos writes its snapshot first).
 * `STUB_FIXTURES_FILE=<json>` overrides the Altinn stubs' fixtures (dev/stubs/fixtures.ts has the schema).
 */
import { join } from "node:path";
import { startPlatform } from "./platform/platform.js";
import { defaultPorts } from "./platform/local-environment.js";
import { projectRoot } from "./platform/project-root.js";

const verbose = process.argv.includes("--verbose");
const startedAt = Date.now();
const log = (line: string): void => {
  if (verbose || /error|fail|warn/i.test(line) || line.startsWith("functions: [")) console.log(line);
};

const stubFixturesFile = process.env.STUB_FIXTURES_FILE;
const platform = await startPlatform({
  ports: defaultPorts,
  dataDir: join(projectRoot(), ".local"),
  ...(stubFixturesFile ? { stubFixturesFile } : {}),
  log,
}).catch(
  (error: unknown) => {
    console.error(`The local platform failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

const { urls } = platform;
console.log(`Blob (Azurite)          ${urls.blob}`);
console.log(`Cosmos DB               ${urls.cosmos}`);
console.log(`Service Bus (AMQP)      ${urls.serviceBus}`);
console.log(`Altinn platform stubs   ${urls.stubs}`);
console.log(`Functions               ${urls.functions}`);
console.log(`Health                  ${urls.functions}/health`);
console.log(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: Correspondence API at ${urls.functions} (Ctrl-C to stop)`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  console.log("Stopping the local platform…");
  platform.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(String(error));
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
