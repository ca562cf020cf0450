/**
 * Blob Storage locally: Azurite's blob service as a child process (it cannot be `require`d: it wants `vscode`).
 * `--skipApiVersionCheck` is needed because the current SDK speaks a newer API version than Azurite knows.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { blobConnectionString } from "../platform/local-environment.js";
import { stopChild } from "../platform/child-process.js";

export interface AzuriteOptions {
  host?: string;
  port: number;
  /** Folder for Azurite's data; omit to keep everything in memory (tests). */
  location?: string;
  log?: (line: string) => void;
}

export interface RunningAzurite {
  port: number;
  connectionString: string;
  close(): Promise<void>;
}

function azuriteBlobEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("azurite/package.json")), "dist", "src", "blob", "main.js");
}

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const host = options.host ?? "127.0.0.1";
  const args = [
    azuriteBlobEntry(),
    "--blobHost",
    host,
    "--blobPort",
    String(options.port),
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--loose",
    ...(options.location ? ["--location", options.location] : ["--inMemoryPersistence"]),
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  await waitForListening(child, options.log);
  return {
    port: options.port,
    connectionString: blobConnectionString(options.port).replace("127.0.0.1", host),
    close: () => stopChild(child, "SIGINT", 10_000),
  };
}

function waitForListening(child: ChildProcess, log: ((line: string) => void) | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split("\n").filter((l) => l.trim())) log?.(`azurite: ${line.trim()}`);
      if (/successfully listens/i.test(output)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    };
    const cleanup = (): void => {
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      // Keep draining output so the child never blocks on a full pipe.
      child.stdout?.on("data", (chunk: Buffer) => log?.(`azurite: ${chunk.toString().trim()}`));
      child.stderr?.on("data", (chunk: Buffer) => log?.(`azurite: ${chunk.toString().trim()}`));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}
