/**
 * A local Service Bus: an AMQP 1.0 broker on rhea that the real @azure/service-bus SDK talks to with the emulator
 * connection string (plain TCP, `UseDevelopmentEmulator=true`). Entities come from infra/servicebus.json and can be
 * added at runtime. State is in memory only.
 */
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";
import rhea, { type SenderOptions } from "rhea";
import type { ServiceBusEntities, ServiceBusQueueDefinition, ServiceBusTopicDefinition } from "./entities.js";
import { LinkRouter } from "./link-router.js";
import { ServiceBusNamespace } from "./namespace.js";

export interface ServiceBusBrokerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Parsed infra/servicebus.json (see `loadServiceBusEntities`). */
  entities?: ServiceBusEntities;
  log?: (line: string) => void;
}

export interface RunningServiceBusBroker {
  port: number;
  connectionString: string;
  /** Creates a queue unless it exists (idempotent). */
  ensureQueue(definition: ServiceBusQueueDefinition): void;
  /** Creates a topic unless it exists, and any of its subscriptions that do not (idempotent). */
  ensureTopic(definition: ServiceBusTopicDefinition): void;
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
  const namespace = new ServiceBusNamespace();
  for (const queue of options.entities?.queues ?? []) namespace.ensureQueue(queue);
  for (const topic of options.entities?.topics ?? []) namespace.ensureTopic(topic);

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
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  boundPort = (server.address() as AddressInfo).port;
  log(`Service Bus broker listening on ${host}:${boundPort}`);

  return {
    port: boundPort,
    connectionString: serviceBusEmulatorConnectionString(host, boundPort),
    ensureQueue: (definition) => namespace.ensureQueue(definition),
    ensureTopic: (definition) => namespace.ensureTopic(definition),
    close: async () => {
      for (const connection of router.openConnections()) connection.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Give the close frames a moment to leave, then cut whatever is still connected.
      const cutOff = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, 100);
      for (const socket of sockets) socket.end();
      await closed;
      clearTimeout(cutOff);
      namespace.dispose();
    },
  };
}
