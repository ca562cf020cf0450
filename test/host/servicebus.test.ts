import { ServiceBusClient, type ServiceBusReceiver } from "@azure/service-bus";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { startServiceBusBroker, type RunningServiceBusBroker } from "../../dev/servicebus/broker.js";
import { getJson, startHostProcess, waitFor, type HostProcess } from "./support/host-process.js";

interface Recorded {
  message: unknown;
  triggerMetadata: Record<string, unknown>;
}
interface Observations {
  serviceBus: {
    recorded: Recorded[];
    failed: Array<{ message: unknown; deliveryCount: number }>;
    topic: Recorded[];
    batches: Array<{ messages: unknown[]; messageIds: string[] }>;
    slow: Array<{ message: unknown; deliveryCount: number }>;
  };
}

const maxDeliveryCount = 3;
let broker: RunningServiceBusBroker;
let client: ServiceBusClient;
let host: HostProcess;
const receivers: ServiceBusReceiver[] = [];

beforeAll(async () => {
  broker = await startServiceBusBroker({
    port: 0,
    entities: {
      queues: [
        { name: "record-queue" },
        { name: "fail-queue", maxDeliveryCount },
        { name: "batch-queue" },
        // Shorter than the slow handler takes: only lock renewal keeps the message locked until it completes.
        { name: "slow-queue", lockDuration: "PT3S", maxDeliveryCount: 1 },
      ],
      topics: [{ name: "record-topic", subscriptions: [{ name: "record-subscription" }] }],
    },
  });
  client = new ServiceBusClient(broker.connectionString);
  host = await startHostProcess({ env: { FIXTURE_SERVICEBUS: broker.connectionString, "AzureWebJobs.slowTimer.Disabled": "true" } });
});

afterAll(async () => {
  await host?.stop("SIGKILL");
  await Promise.allSettled(receivers.map((receiver) => receiver.close()));
  await client?.close();
  await broker?.close();
});

beforeEach(() => {
  // The host's log is the first thing to read when a trigger test fails.
  onTestFailed(() => console.error(`Host output (last lines):\n${host.output.slice(-80).join("\n")}`));
});

const observations = async () => (await getJson<Observations>(`${host.url}/observations`)).serviceBus;

function peekReceiver(queue: string, deadLetter = false): ServiceBusReceiver {
  const receiver = client.createReceiver(queue, deadLetter ? { subQueueType: "deadLetter" } : {});
  receivers.push(receiver);
  return receiver;
}

/** Polls the host's log for a line. */
function logLine(predicate: (line: string) => boolean, description: string): Promise<string> {
  return waitFor(async () => host.output.find(predicate), description);
}

describe("Service Bus triggers", () => {
  it("hands the body and the extension's triggerMetadata to the function, then completes the message", async () => {
    await client.createSender("record-queue").sendMessages({
      body: { orderId: 1, Nested: { Value: 2 } },
      messageId: "record-1",
      contentType: "application/json",
      correlationId: "correlation-1",
      subject: "order-created",
      to: "someone",
      replyTo: "replies",
      applicationProperties: { TenantId: "tenant-1", attempt: 3 },
    });
    const [recorded] = await waitFor(async () => {
      const { recorded } = await observations();
      return recorded.length > 0 ? recorded : undefined;
    }, "the recording function");

    expect(recorded?.message).toEqual({ orderId: 1, Nested: { Value: 2 } });
    const metadata = recorded?.triggerMetadata ?? {};
    expect(metadata).toMatchObject({
      messageId: "record-1",
      deliveryCount: 1,
      contentType: "application/json",
      correlationId: "correlation-1",
      subject: "order-created",
      label: "order-created",
      to: "someone",
      replyTo: "replies",
      // The library camel-cases keys of triggerMetadata values too.
      applicationProperties: { tenantId: "tenant-1", attempt: 3 },
      userProperties: { tenantId: "tenant-1", attempt: 3 },
      sys: { methodName: "recordQueueMessage" },
    });
    expect(metadata.sequenceNumber).toEqual(expect.any(Number));
    expect(metadata.lockToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const key of ["enqueuedTimeUtc", "enqueuedTime", "expiresAtUtc", "expiresAt"]) {
      expect(Date.parse(String(metadata[key]))).not.toBeNaN();
    }

    await logLine((line) => line.startsWith("[recordQueueMessage] Executed 'Functions.recordQueueMessage' (Succeeded"), "success");
    const queue = peekReceiver("record-queue");
    await waitFor(async () => ((await queue.peekMessages(10)).length === 0 ? true : undefined), "the message to be completed");
    expect(await peekReceiver("record-queue", true).peekMessages(10)).toEqual([]);
  });

  it("binds text bodies as strings and non-text bodies as Buffers", async () => {
    const sender = client.createSender("record-queue");
    await sender.sendMessages({ body: "plain text", messageId: "text-1" });
    await sender.sendMessages({ body: Buffer.from([0xff, 0xfe, 0x00, 0x01]), messageId: "binary-1" });
    const byId = await waitFor(async () => {
      const entries = new Map((await observations()).recorded.map((entry) => [entry.triggerMetadata.messageId, entry.message]));
      return entries.has("text-1") && entries.has("binary-1") ? entries : undefined;
    }, "the text and binary messages");
    expect(byId.get("text-1")).toBe("plain text");
    // A Buffer crosses the observations endpoint as its JSON form.
    expect(byId.get("binary-1")).toEqual({ type: "Buffer", data: [0xff, 0xfe, 0x00, 0x01] });
  });

  it("abandons when the function throws, so the broker retries and dead-letters after maxDeliveryCount", async () => {
    await client.createSender("fail-queue").sendMessages({ body: { doomed: true }, messageId: "fail-1" });
    const deadLetters = peekReceiver("fail-queue", true);
    const [dead] = await waitFor(async () => {
      const peeked = await deadLetters.peekMessages(1);
      return peeked.length > 0 ? peeked : undefined;
    }, "the dead-lettered message");

    expect(dead?.messageId).toBe("fail-1");
    expect(dead?.deadLetterReason).toBe("MaxDeliveryCountExceeded");
    expect(dead?.deliveryCount).toBe(maxDeliveryCount);
    const { failed } = await observations();
    expect(failed.map((attempt) => attempt.deliveryCount)).toEqual([1, 2, 3]);
    expect(await peekReceiver("fail-queue").peekMessages(10)).toEqual([]);
    expect(host.output.filter((line) => line.startsWith("[failQueueMessage] ERROR: Executed 'Functions.failQueueMessage' (Failed"))).toHaveLength(3);
  });

  it("triggers on a topic subscription", async () => {
    await client.createSender("record-topic").sendMessages({ body: { event: "published" }, messageId: "topic-1" });
    const [received] = await waitFor(async () => {
      const { topic } = await observations();
      return topic.length > 0 ? topic : undefined;
    }, "the topic function");
    expect(received?.message).toEqual({ event: "published" });
    expect(received?.triggerMetadata).toMatchObject({ messageId: "topic-1", deliveryCount: 1 });
    const subscription = client.createReceiver("record-topic", "record-subscription");
    receivers.push(subscription);
    await waitFor(async () => ((await subscription.peekMessages(10)).length === 0 ? true : undefined), "the topic message to be completed");
  });

  it("hands cardinality-many functions batches with array metadata", async () => {
    await client.createSender("batch-queue").sendMessages([
      { body: { n: 1 }, messageId: "batch-1" },
      { body: { n: 2 }, messageId: "batch-2" },
      { body: { n: 3 }, messageId: "batch-3" },
    ]);
    const batches = await waitFor(async () => {
      const { batches } = await observations();
      return batches.flatMap((batch) => batch.messages).length >= 3 ? batches : undefined;
    }, "the batch function");
    for (const batch of batches) expect(batch.messageIds).toHaveLength(batch.messages.length);
    expect(batches.flatMap((batch) => batch.messages)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(batches.flatMap((batch) => batch.messageIds)).toEqual(["batch-1", "batch-2", "batch-3"]);
    const queue = peekReceiver("batch-queue");
    await waitFor(async () => ((await queue.peekMessages(10)).length === 0 ? true : undefined), "the batch to be completed");
  });

  it("renews the lock while a function runs longer than the lock duration", async () => {
    await client.createSender("slow-queue").sendMessages({ body: { sleepMs: 4000 }, messageId: "slow-1" });
    await logLine((line) => line.startsWith("[slowQueueMessage] Executed 'Functions.slowQueueMessage' (Succeeded"), "the slow function");
    const queue = peekReceiver("slow-queue");
    await waitFor(async () => ((await queue.peekMessages(10)).length === 0 ? true : undefined), "the slow message to be completed");
    // maxDeliveryCount 1: had the lock lapsed, the message would have been redelivered or dead-lettered.
    expect((await observations()).slow).toEqual([{ message: { sleepMs: 4000 }, deliveryCount: 1 }]);
    expect(await peekReceiver("slow-queue", true).peekMessages(10)).toEqual([]);
    expect(host.output.some((line) => line.includes("Could not complete"))).toBe(false);
  });

  it("on SIGTERM lets the running invocation finish and complete its message before exiting", async () => {
    const executing = (line: string) => line.startsWith("[slowQueueMessage] Executing 'Functions.slowQueueMessage'");
    const executionsBefore = host.output.filter(executing).length;
    await client.createSender("slow-queue").sendMessages({ body: { sleepMs: 1500 }, messageId: "slow-2" });
    await waitFor(async () => (host.output.filter(executing).length > executionsBefore ? true : undefined), "the second slow invocation");

    expect(await host.stop("SIGTERM")).toBe(0);
    const succeeded = host.output.filter((line) => line.startsWith("[slowQueueMessage] Executed 'Functions.slowQueueMessage' (Succeeded"));
    expect(succeeded).toHaveLength(2);
    expect(await peekReceiver("slow-queue").peekMessages(10)).toEqual([]);
    expect(await peekReceiver("slow-queue", true).peekMessages(10)).toEqual([]);
  });
});
