/**
 * The local Cosmos DB: @vercel/cosmosdb-server over plain HTTP (its bundled TLS certificate expired), reached through
 * the real @azure/cosmos SDK. Two things make it usable as a development database:
 *  - it advertises https:// read/write locations, which the SDK's endpoint discovery would then switch to; we rewrite
 *    the database-account answer to http:// so an unmodified CosmosClient works against it;
 *  - it keeps data in memory only; we snapshot it to a file (periodically while it changes, and on close) and load
 *    the snapshot at start, so local data survives a restart.
 */
import { createHttpServer } from "@vercel/cosmosdb-server";
import { CosmosClient } from "@azure/cosmos";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cosmosConnectionString } from "../platform/local-environment.js";
import { readSnapshot, restoreSnapshot, takeSnapshot, writeSnapshot } from "./snapshot.js";

export interface LocalCosmosOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Where to keep the data between runs; omit for a throw-away in-memory database (tests). */
  snapshotFile?: string;
  /** How often to write the snapshot while data changes. */
  snapshotIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RunningLocalCosmos {
  port: number;
  endpoint: string;
  connectionString: string;
  /** Writes the snapshot now (no-op without a snapshot file). */
  snapshot(): Promise<void>;
  /** Writes a final snapshot, then stops the server. */
  close(): Promise<void>;
}

export async function startLocalCosmos(options: LocalCosmosOptions): Promise<RunningLocalCosmos> {
  const host = options.host ?? "127.0.0.1";
  const server = createHttpServer({ keepAlive: true });
  let changedSinceSnapshot = false;
  interceptRequests(server, (req) => {
    if (isWrite(req)) changedSinceSnapshot = true;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}/`;
  const connectionString = cosmosConnectionString(port).replace("127.0.0.1", host);
  const client = new CosmosClient(connectionString);

  const snapshotFile = options.snapshotFile;
  if (snapshotFile) {
    const snapshot = await readSnapshot(snapshotFile);
    if (snapshot) {
      const count = await restoreSnapshot(client, snapshot);
      options.log?.(`cosmos: restored ${count} items from ${snapshotFile}`);
    }
  }
  changedSinceSnapshot = false;

  let snapshotInFlight: Promise<void> = Promise.resolve();
  const snapshot = async (): Promise<void> => {
    if (!snapshotFile) return;
    // Chain snapshots so two writers never interleave on the same file; a failed write must not stop later ones.
    snapshotInFlight = snapshotInFlight.catch(() => undefined).then(async () => {
      changedSinceSnapshot = false;
      await writeSnapshot(snapshotFile, await takeSnapshot(client));
    });
    return snapshotInFlight;
  };
  const timer = setInterval(() => {
    if (changedSinceSnapshot) {
      snapshot().catch((error: unknown) => options.log?.(`cosmos: snapshot failed: ${String(error)}`));
    }
  }, options.snapshotIntervalMs ?? 2000);
  timer.unref();

  return {
    port,
    endpoint,
    connectionString,
    snapshot,
    close: async () => {
      clearInterval(timer);
      await snapshot();
      client.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Any request that can change data: everything except reads and queries (queries are POSTs with a header). */
function isWrite(req: IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  return req.headers["x-ms-documentdb-isquery"] !== "true" && req.headers["x-ms-cosmos-is-query-plan-request"] !== "True";
}

/**
 * Puts our own listener in front of the server's: it observes each request and rewrites the database-account
 * document (GET /) so that the locations it advertises use the scheme we actually serve.
 */
function interceptRequests(server: Server, observe: (req: IncomingMessage) => void): void {
  const original = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    observe(req);
    if (req.method === "GET" && (req.url === "/" || req.url === "")) rewriteAccountLocations(res);
    for (const listener of original) listener(req, res);
  });
}

function rewriteAccountLocations(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string") chunk = chunk.replaceAll('"https://', '"http://');
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
}
