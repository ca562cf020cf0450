/**
 * A local Service Bus: an AMQP 1.0 broker on rhea that the real @azure/service-bus SDK talks to with the emulator
 * connection string (plain TCP, `UseDevelopmentEmulator=true`). Entities come from infra/servicebus.json and can be
 * added at runtime. State is in memory, and with `snapshotFile` also on disk: loaded at start, written while it
 * changes and on close (see snapshot-file.ts), so messages survive a restart as they do in Azure.
 */
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";
import rhea, { type SenderOptions } from "rhea";
import type { ServiceBusEntities, ServiceBusQueueDefinition, ServiceBusTopicDefinition } from "./entities.js";
import { LinkRouter } from "./link-router.js";
import { ServiceBusNamespace, type NamespaceSnapshot } from "./namespace.js";
import { encodeSnapshot, readSnapshotFile } from "./snapshot-file.js";
import { SnapshotKeeper } from "./snapshot-keeper.js";

export interface ServiceBusBrokerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Parsed infra/servicebus.json (see `loadServiceBusEntities`). */
  entities?: ServiceBusEntities;
  /** Where to keep entities and messages between runs; omit for a broker whose state dies with it (tests). */
  snapshotFile?: string;
  /** How often to write the snapshot while something changes (default 2 s). */
  snapshotIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RunningServiceBusBroker {
  port: number;
  connectionString: string;
  /** Creates a queue unless it exists (idempotent). */
  ensureQueue(definition: ServiceBusQueueDefinition): void;
  /** Creates a topic unless it exists, and any of its subscriptions that do not (idempotent). */
  ensureTopic(definition: ServiceBusTopicDefinition): void;
  /** Writes the snapshot now (no-op without a snapshot file). */
  snapshot(): Promise<void>;
  /** Closes every connection, writes a final snapshot, then stops. */
  close(): Promise<void>;
}

export function serviceBusEmulatorConnectionString(host: string, port: number): string {
  return (
    `Endpoint=sb://${host}:${port};SharedAccessKeyName=RootManageSharedAccessKey;` +
    `SharedAccessKey=local;UseDevelopmentEmulator=true`
  );
}

interface SaslServerMechanisms {
  enable_anonymous(): void;
  enable_plain(check: (username: string, password: string) => boolean): void;
}

export async function startServiceBusBroker(options: ServiceBusBrokerOptions): Promise<RunningServiceBusBroker> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? (() => undefined);
  const { snapshotFile } = options;
  // Read before anything is built: a snapshot that cannot be used stops the start before a port is taken.
  const saved = snapshotFile ? await readSnapshotFile(snapshotFile) : undefined;
  let keeper: SnapshotKeeper | undefined;
  const namespace = new ServiceBusNamespace(Date.now, () => keeper?.markChanged());
  for (const queue of options.entities?.queues ?? []) namespace.ensureQueue(queue);
  for (const topic of options.entities?.topics ?? []) namespace.ensureTopic(topic);
  if (snapshotFile && saved) restoreSnapshot(namespace, saved, snapshotFile, log);

  // A container of our own, so our event handlers never see the SDK's connections in the same process.
  const container = rhea.create_container({ id: "local-servicebus" });
  // The SDK logs in anonymously (emulator mode); other clients may use PLAIN: no credential is checked locally.
  const mechanisms = container.sasl_server_mechanisms as SaslServerMechanisms;
  mechanisms.enable_anonymous();
  mechanisms.enable_plain(() => true);

  let boundPort = options.port;
  const router = new LinkRouter(namespace, (address) => `sb://${host}:${boundPort}/${address}`, log);
  router.listen(container);

  // Abandon arrives as "modified"; rhea would report it as "released" (which must not count a delivery).
  const senderOptions: SenderOptions & { treat_modified_as_released: boolean } = { treat_modified_as_released: false };
  const server = container.listen({
    host,
    port: options.port,
    sender_options: senderOptions,
    // Sends are accepted (or rejected) by us once the message is stored.
    receiver_options: { autoaccept: false, credit_window: 1000 },
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  } catch (error) {
    // E.g. the port is taken: drop the restored state's timers with it.
    namespace.dispose();
    throw error;
  }
  boundPort = (server.address() as AddressInfo).port;
  if (snapshotFile) {
    keeper = new SnapshotKeeper(
      snapshotFile,
      () => encodeSnapshot(namespace.snapshot()),
      options.snapshotIntervalMs ?? 2000,
      log,
    );
    // The restore changed state (locks held at the last snapshot were counted): written on the first tick.
    if (saved) keeper.markChanged();
  }
  log(`Service Bus broker listening on ${host}:${boundPort}`);

  return {
    port: boundPort,
    connectionString: serviceBusEmulatorConnectionString(host, boundPort),
    ensureQueue: (definition) => namespace.ensureQueue(definition),
    ensureTopic: (definition) => namespace.ensureTopic(definition),
    snapshot: async () => keeper?.write(),
    close: async () => {
      keeper?.stop();
      for (const connection of router.openConnections()) connection.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Give the close frames a moment to leave, then cut whatever is still connected.
      const cutOff = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, 100);
      for (const socket of sockets) socket.end();
      await closed;
      clearTimeout(cutOff);
      try {
        // After the connections are gone, so the snapshot holds what their links left behind.
        await keeper?.write();
      } finally {
        namespace.dispose();
      }
    },
  };
}

function restoreSnapshot(
  namespace: ServiceBusNamespace,
  saved: NamespaceSnapshot,
  file: string,
  log: (line: string) => void,
): void {
  try {
    namespace.restore(saved);
  } catch (error) {
    namespace.dispose();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The Service Bus snapshot ${file} cannot be restored: ${reason}`);
  }
  const messages = saved.stores.reduce((count, store) => count + store.messages.length, 0);
  const scheduled = saved.publishers.reduce((count, publisher) => count + publisher.state.scheduled.length, 0);
  log(`service bus: restored ${messages} messages and ${scheduled} scheduled from ${file}`);
}
