/**
 * Shared set-up for the broker contract tests: an in-process broker on a free port, a real SDK client, and small
 * polling helpers (the tests wait for conditions, never for guessed amounts of time).
 */
import {
  ServiceBusClient,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusReceiverOptions,
} from "@azure/service-bus";
import { startServiceBusBroker, type RunningServiceBusBroker } from "../../../dev/servicebus/broker.js";
import type { ServiceBusEntities, ServiceBusQueueDefinition } from "../../../dev/servicebus/entities.js";

export interface BrokerFixture {
  broker: RunningServiceBusBroker;
  client: ServiceBusClient;
  /** Creates a queue of its own for one test (names are unique per call). */
  newQueue(settings?: Omit<ServiceBusQueueDefinition, "name">): string;
  close(): Promise<void>;
}

let queueCounter = 0;

export async function startBrokerFixture(entities: ServiceBusEntities = {}): Promise<BrokerFixture> {
  const broker = await startServiceBusBroker({ port: 0, entities });
  const client = new ServiceBusClient(broker.connectionString);
  return {
    broker,
    client,
    newQueue(settings = {}) {
      queueCounter += 1;
      const name = `test-queue-${queueCounter}`;
      broker.ensureQueue({ name, ...settings });
      return name;
    },
    async close() {
      await client.close();
      await broker.close();
    },
  };
}

/**
 * A receiver that does not renew locks behind the test's back: the SDK renews automatically by default, which
 * would hide lock expiry.
 */
export function receiverWithoutAutoRenewal(
  client: ServiceBusClient,
  queue: string,
  options: ServiceBusReceiverOptions = {},
): ServiceBusReceiver {
  return client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0, ...options });
}

/** Receives exactly one message or fails. */
export async function receiveOne(
  receiver: ServiceBusReceiver,
  maxWaitTimeInMs = 3000,
): Promise<ServiceBusReceivedMessage> {
  const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs });
  if (!message) throw new Error(`no message arrived within ${maxWaitTimeInMs} ms`);
  return message;
}

/** Receives until `count` messages arrived (or the time is up), returning what arrived. */
export async function receiveCount(
  receiver: ServiceBusReceiver,
  count: number,
  maxWaitTimeInMs = 3000,
): Promise<ServiceBusReceivedMessage[]> {
  const deadline = Date.now() + maxWaitTimeInMs;
  const received: ServiceBusReceivedMessage[] = [];
  while (received.length < count && Date.now() < deadline) {
    const batch = await receiver.receiveMessages(count - received.length, {
      maxWaitTimeInMs: Math.max(1, deadline - Date.now()),
    });
    received.push(...batch);
  }
  return received;
}

/** Resolves once `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the clock passes `epochMs` (a deadline the broker itself reported, not a guess). */
export async function waitUntilTime(epochMs: number): Promise<void> {
  await waitUntil(() => Date.now() > epochMs, Math.max(0, epochMs - Date.now()) + 1000, "deadline");
}

/** The SDK's sequence numbers are `Long`s (64-bit); checked by shape, as `long` is not our dependency. */
export function isLong(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "high" in value &&
    "low" in value &&
    "unsigned" in value &&
    typeof (value as { toString: unknown }).toString === "function"
  );
}

export function sequenceNumberOf(message: ServiceBusReceivedMessage): bigint {
  if (!message.sequenceNumber) throw new Error("message without a sequence number");
  return BigInt(message.sequenceNumber.toString());
}

export async function expectRejection(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error: unknown) {
    return error;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
