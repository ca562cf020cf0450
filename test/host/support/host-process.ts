/**
 * Runs the dev host in a child process, as it is meant to run (the require hook and process.env are process-wide):
 * through tsx, so the tests need no build. Resolves once the host prints its ready line.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const fixtureApp = path.join(repositoryRoot, "test/fixtures/function-app");

export interface HostProcess {
  url: string;
  pid: number;
  /** Every stdout/stderr line so far. */
  output: string[];
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface HostProcessOptions {
  env?: Record<string, string>;
  app?: string;
  readyTimeoutMs?: number;
}

const readyLine = /^Functions host listening on (http:\/\/\S+)$/;

export function startHostProcess(options: HostProcessOptions = {}): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repositoryRoot, "dev/host/main.ts"), "--app", options.app ?? fixtureApp, "--port", "0"],
    { cwd: repositoryRoot, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };

  return new Promise<HostProcess>((resolve, reject) => {
    const timeout = setTimeout(() => {
      void stop("SIGKILL");
      reject(new Error(`The host did not become ready:\n${output.join("\n")}`));
    }, options.readyTimeoutMs ?? 30_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        const ready = readyLine.exec(line);
        if (ready) {
          clearTimeout(timeout);
          resolve({ url: ready[1] as string, pid: child.pid as number, output, stop });
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timeout);
      reject(new Error(`The host exited (${code}) before it was ready:\n${output.join("\n")}`));
    });
  });
}

/** Polls until `probe` returns something other than undefined. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, description: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}
