/**
 * CLI of the Functions dev host: `node dist/dev/host/main.js --app <dir> [--port <n>] [--host <address>]`.
 * Port defaults to local.settings.json Host.LocalHttpPort, else 7071; 0 picks a free one. Prints
 * "Functions host listening on <url>" once every trigger is up, then the functions. SIGINT/SIGTERM stop it cleanly:
 * triggers stop, running invocations finish and settle, appTerminate hooks run. A second signal exits at once.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startFunctionHost, type RunningFunctionHost } from "./function-host.js";

function defaultPort(appDir: string): number {
  try {
    const settings = JSON.parse(readFileSync(path.join(appDir, "local.settings.json"), "utf8")) as { Host?: { LocalHttpPort?: unknown } };
    return typeof settings.Host?.LocalHttpPort === "number" ? settings.Host.LocalHttpPort : 7071;
  } catch {
    return 7071;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { app: { type: "string", default: "." }, port: { type: "string" }, host: { type: "string", default: "127.0.0.1" } },
  });
  const appDir = path.resolve(values.app);
  const port = values.port === undefined ? defaultPort(appDir) : Number(values.port);
  if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got "${values.port}".`);

  const host: RunningFunctionHost = await startFunctionHost({ appDir, port, host: values.host });
  process.stdout.write(`Functions host listening on ${host.url}\n`);
  process.stdout.write(`Functions:\n`);
  for (const fn of host.functions) {
    const detail = fn.route === undefined ? fn.trigger : `[${fn.methods?.join(",") ?? "ALL"}] ${host.url}${fn.route}`;
    process.stdout.write(`  ${fn.name}: ${detail}\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C means "now": skip waiting for running invocations.
      process.stderr.write(`Received ${signal} again, exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the Functions host\n`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Functions host stopped with an error: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Functions host failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
