/**
 * The whole local platform as one process tree: Azurite (child), the Cosmos server, the Service Bus broker and the
 * Altinn stubs (in this process), and the Functions dev host (child, because it hooks `require` and owns its
 * environment the way the real worker does). Used by `npm start` on the default ports with data under .local/, and by
 * the test global setup on free ports with data in memory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { startAzurite, type RunningAzurite } from "../blob/azurite.js";
import { startLocalCosmos, type RunningLocalCosmos } from "../cosmos/local-cosmos-server.js";
import { startServiceBusBroker, type RunningServiceBusBroker } from "../servicebus/broker.js";
import { loadServiceBusEntities } from "../servicebus/entities.js";
import { startStubServer, type RunningStubServer } from "../stubs/server.js";
import { bootstrap } from "./bootstrap.js";
import { stopChild } from "./child-process.js";
import { infraFile, loadCosmosDefinitions, loadStorageDefinitions } from "./infra-definitions.js";
import { localAppSettings, localHost, type PlatformPorts } from "./local-environment.js";
import { projectRoot } from "./project-root.js";

export interface PlatformOptions {
  ports: PlatformPorts;
  /** Folder for Blob and Cosmos data that survives restarts; omit to keep all data in memory. */
  dataDir?: string;
  /** Extra app settings for the function app (tests use this for e.g. shorter timings). */
  appSettings?: Record<string, string>;
  /** Fixture overrides for the Altinn stubs. */
  stubFixturesFile?: string;
  log: (line: string) => void;
}

export interface RunningPlatform {
  ports: PlatformPorts;
  urls: { blob: string; cosmos: string; serviceBus: string; stubs: string; functions: string };
  /** The function app's settings: what a test needs to reach the same Cosmos, Blob and Service Bus. */
  appSettings: Record<string, string>;
  close(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { ports, log } = options;
  const started: Array<{ name: string; close(): Promise<void> }> = [];
  const signingKey = await ensureSigningKey(options.dataDir);
  if (signingKey.temporary) started.push({ name: "signing key", close: () => rm(dirname(signingKey.file), { recursive: true, force: true }) });
  const appSettings = { ...localAppSettings(ports, signingKey.file), ...options.appSettings };
  const closeAll = async (): Promise<void> => {
    for (const service of started.reverse()) {
      await service.close().catch((error: unknown) => log(`${service.name}: failed to stop: ${String(error)}`));
    }
  };

  try {
    // Started side by side; whatever did start is stopped again if another part fails (e.g. a corrupt snapshot).
    const starting = [
      startAzurite({ host: localHost, port: ports.blob, ...optionalLocation(options.dataDir, "blob"), log: quiet }),
      startLocalCosmos({ host: localHost, port: ports.cosmos, ...optionalSnapshot(options.dataDir), log }),
      startServiceBusBroker({
        host: localHost,
        port: ports.serviceBus,
        ...(options.dataDir ? { snapshotFile: join(options.dataDir, "servicebus", "snapshot.json") } : {}),
        log,
      }),
      startStubServer({
        host: localHost,
        port: ports.stubs,
        apiBaseUrl: appSettings.PUBLIC_BASE_URL ?? `http://${localHost}:${ports.functions}`,
        ...(options.stubFixturesFile ? { fixturesFile: options.stubFixturesFile } : {}),
      }),
    ] as const;
    const names = ["azurite", "cosmos", "service bus", "stubs"] as const;
    const outcomes = await Promise.allSettled(starting);
    outcomes.forEach((outcome, index) => {
      if (outcome.status === "fulfilled") started.push(named(names[index]!, outcome.value));
    });
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failure) throw failure.reason;
    const [azurite, cosmos, broker, stubs] = await Promise.all(starting);

    await bootstrap(
      { cosmosConnectionString: cosmos.connectionString, blobConnectionString: azurite.connectionString, serviceBus: broker },
      {
        cosmos: loadCosmosDefinitions(),
        storage: loadStorageDefinitions(),
        serviceBus: loadServiceBusEntities(infraFile("servicebus.json")),
      },
    );

    const host = await startFunctionHostProcess(ports.functions, appSettings, log);
    started.push({ name: "functions host", close: () => stopChild(host, "SIGTERM", 15_000) });

    return {
      ports,
      urls: urlsOf(ports, azurite, cosmos, broker, stubs),
      appSettings,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The private key our Maskinporten client signs its assertions with (the stub accepts any RS256 key for a client
 * without a registered one). `npm start` keeps it under the data folder so it survives restarts, as a registered
 * key would; tests get a fresh one in a temp folder, removed on close. Only the path goes into the app settings.
 */
async function ensureSigningKey(dataDir: string | undefined): Promise<{ file: string; temporary: boolean }> {
  const file = dataDir
    ? join(dataDir, "maskinporten-signing-key.json")
    : join(await mkdtemp(join(tmpdir(), "correspondence-signing-key-")), "maskinporten-signing-key.json");
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  }
  return { file, temporary: dataDir === undefined };
}

function quiet(): void {}

function named(name: string, service: { close(): Promise<void> }): { name: string; close(): Promise<void> } {
  return { name, close: () => service.close() };
}

function optionalLocation(dataDir: string | undefined, folder: string): { location?: string } {
  return dataDir ? { location: join(dataDir, folder) } : {};
}

function optionalSnapshot(dataDir: string | undefined): { snapshotFile?: string } {
  return dataDir ? { snapshotFile: join(dataDir, "cosmos", "snapshot.json") } : {};
}

function urlsOf(
  ports: PlatformPorts,
  azurite: RunningAzurite,
  cosmos: RunningLocalCosmos,
  broker: RunningServiceBusBroker,
  stubs: RunningStubServer,
): RunningPlatform["urls"] {
  return {
    blob: `http://${localHost}:${azurite.port}/devstoreaccount1`,
    cosmos: cosmos.endpoint,
    serviceBus: `amqp://${localHost}:${broker.port}`,
    stubs: stubs.url,
    functions: `http://${localHost}:${ports.functions}`,
  };
}

/** Runs the compiled dev host as a child process and waits for its ready line. */
function startFunctionHostProcess(port: number, appSettings: Record<string, string>, log: (line: string) => void): Promise<ChildProcess> {
  const root = projectRoot();
  const child = spawn(process.execPath, [join(root, "dist", "dev", "host", "main.js"), "--app", root, "--port", String(port)], {
    cwd: root,
    env: { ...process.env, ...appSettings },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    let buffered = "";
    const onLine = (line: string): void => {
      log(`functions: ${line}`);
      if (!ready && /^Functions host listening on /.test(line)) {
        ready = true;
        resolve(child);
      }
    };
    const splitLines = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) onLine(line.trimEnd());
    };
    child.stdout?.on("data", splitLines);
    child.stderr?.on("data", splitLines);
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`The Functions host exited with code ${code} before it was ready`));
    });
  });
}
