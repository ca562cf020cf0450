/**
 * Contract: with a snapshot file the broker is durable, as Azure Service Bus is. Messages (active, scheduled,
 * deferred, dead-lettered, on topic subscriptions), sequence counters and duplicate-detection history survive a
 * restart; a message that was locked comes back unlocked with the attempt counted; a missing file is an empty
 * broker and an unreadable one stops the start. Everything is checked through the real SDK after the restart.
 */
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import rhea from "rhea";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startServiceBusBroker,
  type RunningServiceBusBroker,
  type ServiceBusBrokerOptions,
} from "../../dev/servicebus/broker.js";
import {
  receiveCount,
  receiveOne,
  receiverWithoutAutoRenewal,
  sequenceNumberOf,
  waitUntil,
} from "./support/broker-fixture.js";
import { connectRaw, openReceiver, withTimeout } from "./support/raw-amqp.js";

type AmqpAnnotatedMessage = ServiceBusReceivedMessage["_rawAmqpMessage"];

interface RunningPair {
  broker: RunningServiceBusBroker;
  client: ServiceBusClient;
  close(): Promise<void>;
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "servicebus-snapshot-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function startOn(snapshotFile: string, options: Partial<ServiceBusBrokerOptions> = {}): Promise<RunningPair> {
  const broker = await startServiceBusBroker({ port: 0, snapshotFile, ...options });
  const client = new ServiceBusClient(broker.connectionString);
  return {
    broker,
    client,
    async close() {
      await client.close();
      await broker.close();
    },
  };
}

/** What the test remembers of a message from before the restart. */
function identity(message: ServiceBusReceivedMessage): { sequenceNumber: bigint; enqueuedAt: number | undefined } {
  return { sequenceNumber: sequenceNumberOf(message), enqueuedAt: message.enqueuedTimeUtc?.getTime() };
}

describe("a broker restarted on its snapshot file", () => {
  it("keeps every kind of message with its content, sequence number and history", async () => {
    const file = join(folder, "restart", "snapshot.json");
    const before = await startOn(file);
    before.broker.ensureQueue({ name: "orders", requiresDuplicateDetection: true });
    before.broker.ensureQueue({ name: "typed" });
    before.broker.ensureTopic({ name: "events", subscriptions: [{ name: "audit" }] });
    const sender = before.client.createSender("orders");

    await sender.sendMessages([
      { messageId: "poison", body: { kind: "poison" } },
      { messageId: "in-flight", body: "held under a lock" },
      { messageId: "set-aside", body: "deferred" },
    ]);
    const receiver = receiverWithoutAutoRenewal(before.client, "orders");
    const [poison, inFlight, setAside] = await receiveCount(receiver, 3);
    expect([poison?.messageId, inFlight?.messageId, setAside?.messageId]).toEqual(["poison", "in-flight", "set-aside"]);
    if (!poison || !inFlight || !setAside) throw new Error("unreachable");
    await receiver.deadLetterMessage(poison, { deadLetterReason: "Unprocessable", deadLetterErrorDescription: "bad" });
    await receiver.deferMessage(setAside);
    // in-flight stays locked and unsettled.

    const sentAt = new Date(1_700_000_000_123);
    await sender.sendMessages({
      messageId: "active",
      body: Buffer.from([0, 1, 2, 254, 255]),
      contentType: "application/octet-stream",
      subject: "binary",
      correlationId: "corr-1",
      applicationProperties: { text: "hello", count: 42, negative: -7, ratio: 0.25, flag: true, sentAt },
    });
    const annotated: AmqpAnnotatedMessage = {
      body: [["a", 1], ["b", 2.5]],
      bodyType: "sequence",
      properties: { messageId: "annotated" },
      applicationProperties: { sentAt },
      messageAnnotations: {
        // A described value rhea keeps wrapped: it must come back with its descriptor and type.
        "x-opt-described": rhea.types.described(rhea.types.wrap_symbol("com.example:tag"), rhea.types.wrap_string("v")),
        "x-opt-when": sentAt,
      },
    };
    await before.client.createSender("typed").sendMessages(annotated);
    const enqueueAt = new Date(Date.now() + 8000);
    const [scheduledNumber] = await sender.scheduleMessages({ messageId: "later", body: "wake up" }, enqueueAt);
    await before.client.createSender("events").sendMessages({ messageId: "event-1", body: "to audit" });

    const peeked = new Map((await receiver.peekMessages(10)).map((message) => [message.messageId, identity(message)]));
    const deadLetters = receiverWithoutAutoRenewal(before.client, "orders", { subQueueType: "deadLetter" });
    const [deadPeeked] = await deadLetters.peekMessages(1);
    const [eventPeeked] = await before.client.createReceiver("events", "audit").peekMessages(1);
    if (!deadPeeked || !eventPeeked) throw new Error("nothing to peek before the restart");
    const highestBefore = [...peeked.values()].reduce((high, { sequenceNumber }) =>
      sequenceNumber > high ? sequenceNumber : high, 0n);
    await before.close();

    // No entities configured: they come back from the snapshot too.
    const after = await startOn(file);
    try {
      const sender2 = after.client.createSender("orders");
      // Within the duplicate-detection window, so dropped as before the restart.
      await sender2.sendMessages({ messageId: "active", body: "a resend of active" });
      await sender2.sendMessages({ messageId: "fresh", body: "after the restart" });
      const receiver2 = receiverWithoutAutoRenewal(after.client, "orders");

      const received = await receiveCount(receiver2, 3);
      expect(received.map((message) => message.messageId)).toEqual(["in-flight", "active", "fresh"]);
      const [redelivered, active, fresh] = received;
      if (!redelivered || !active || !fresh) throw new Error("unreachable");

      // The lock did not survive; the attempt was counted, as for an expired lock.
      expect(redelivered.deliveryCount).toBe(1);
      expect(redelivered.body).toBe("held under a lock");
      expect(identity(redelivered).sequenceNumber).toBe(peeked.get("in-flight")?.sequenceNumber);

      expect(Buffer.from(active.body as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 254, 255]));
      expect(active).toMatchObject({
        contentType: "application/octet-stream",
        subject: "binary",
        correlationId: "corr-1",
        deliveryCount: 0,
        applicationProperties: { text: "hello", count: 42, negative: -7, ratio: 0.25, flag: true },
      });
      // The SDK hands timestamps in application properties over as epoch milliseconds.
      expect(active.applicationProperties?.sentAt).toBe(sentAt.getTime());
      expect(identity(active)).toEqual(peeked.get("active"));


      // The counter went on from where it was: no number is handed out twice.
      expect(sequenceNumberOf(fresh)).toBeGreaterThan(highestBefore);

      // Nothing more: the resend was a duplicate, and the scheduled message is not due yet.
      expect(await receiver2.receiveMessages(5, { maxWaitTimeInMs: 1000 })).toEqual([]);
      expect(Date.now()).toBeLessThan(enqueueAt.getTime());
      for (const message of received) await receiver2.completeMessage(message);

      const [deferred] = await receiver2.receiveDeferredMessages(setAside.sequenceNumber ?? []);
      expect(deferred?.body).toBe("deferred");
      expect(deferred && identity(deferred)).toEqual(peeked.get("set-aside"));
      if (deferred) await receiver2.completeMessage(deferred);

      await expectTypesKept(after.broker.port, sentAt);

      const dead = await receiveOne(receiverWithoutAutoRenewal(after.client, "orders", { subQueueType: "deadLetter" }));
      expect(dead).toMatchObject({
        messageId: "poison",
        body: { kind: "poison" },
        deadLetterReason: "Unprocessable",
        deadLetterErrorDescription: "bad",
      });
      expect(identity(dead)).toEqual(identity(deadPeeked));

      const event = await receiveOne(after.client.createReceiver("events", "audit"));
      expect(event.body).toBe("to audit");
      expect(identity(event)).toEqual(identity(eventPeeked));

      const [stillScheduled] = await receiver2.peekMessages(1, { fromSequenceNumber: scheduledNumber });
      expect(stillScheduled?.messageId).toBe("later");
      expect(stillScheduled?.state).toBe("scheduled");
      const later = await receiveOne(receiver2, enqueueAt.getTime() - Date.now() + 3000);
      expect(Date.now()).toBeGreaterThanOrEqual(enqueueAt.getTime());
      expect(later.messageId).toBe("later");
      expect(later.sequenceNumber?.toString()).toBe(scheduledNumber?.toString());
      expect(later.scheduledEnqueueTimeUtc?.getTime()).toBe(enqueueAt.getTime());
      await receiver2.completeMessage(later);
    } finally {
      await after.close();
    }
  });

  it("counts the delivery of a message that was locked when the last periodic snapshot was written", async () => {
    const file = join(folder, "crash", "snapshot.json");
    const leftBehind = join(folder, "crash", "left-behind.json");
    const before = await startOn(file, { snapshotIntervalMs: 50 });
    before.broker.ensureQueue({ name: "work", maxDeliveryCount: 2 });
    before.broker.ensureQueue({ name: "fragile", maxDeliveryCount: 1 });
    await before.client.createSender("work").sendMessages({ messageId: "job", body: "retry me" });
    await before.client.createSender("fragile").sendMessages({ messageId: "last-try", body: "one attempt only" });
    await receiveOne(receiverWithoutAutoRenewal(before.client, "work"));
    await receiveOne(receiverWithoutAutoRenewal(before.client, "fragile"));

    // What a killed broker leaves behind: the last periodic snapshot, taken while both messages were locked.
    const lockedInFile = (): boolean =>
      existsSync(file) && (readFileSync(file, "utf8").match(/"locked":true/g) ?? []).length === 2;
    await waitUntil(lockedInFile, 3000, "a periodic snapshot with both locks");
    await copyFile(file, leftBehind);
    await before.close();

    const after = await startOn(leftBehind);
    try {
      const job = await receiveOne(receiverWithoutAutoRenewal(after.client, "work"));
      expect(job.messageId).toBe("job");
      expect(job.deliveryCount).toBe(1);

      // Its one attempt is used up: dead-lettered as Service Bus does when a lock expires at the limit.
      const deadLetters = receiverWithoutAutoRenewal(after.client, "fragile", { subQueueType: "deadLetter" });
      const dead = await receiveOne(deadLetters);
      expect(dead.messageId).toBe("last-try");
      expect(dead.deadLetterReason).toBe("MaxDeliveryCountExceeded");
    } finally {
      await after.close();
    }
  });

  // rhea reads longs below 2^53 + 2^32 as (rounded) numbers on the SDK's side, so the check uses one well above.
  it("keeps 64-bit sequence numbers exact", async () => {
    const file = join(folder, "big", "snapshot.json");
    const emptyMap = { $type: "map", value: {} };
    const hand = {
      version: 1,
      takenAt: new Date().toISOString(),
      queues: [{ name: "big" }],
      topics: [],
      publishers: [{ entity: "big", nextSequenceNumber: "1152921504606846979", duplicateHistory: [], scheduled: [] }],
      stores: [
        {
          path: "big",
          messages: [
            {
              sequenceNumber: "1152921504606846977",
              state: "active",
              locked: false,
              deliveryCount: 0,
              enqueuedAt: Date.now(),
              timeToLiveMs: null,
              content: {
                header: {},
                properties: { $type: "map", value: { message_id: "huge" } },
                annotations: emptyMap,
                applicationProperties: { $type: "undefined" },
                body: { $type: "section", typecode: 0x75, content: { $type: "binary", base64: "AAH/" } },
                footer: { $type: "undefined" },
              },
            },
          ],
        },
      ],
    };
    await writeJson(file, hand);
    const broker = await startOn(file);
    try {
      const receiver = receiverWithoutAutoRenewal(broker.client, "big");
      await broker.client.createSender("big").sendMessages({ messageId: "next", body: "n" });
      const [huge, next] = await receiveCount(receiver, 2);
      expect(huge?.messageId).toBe("huge");
      expect(Buffer.from(huge?.body as Uint8Array)).toEqual(Buffer.from([0, 1, 255]));
      expect(huge?.sequenceNumber?.toString()).toBe("1152921504606846977");
      expect(next?.sequenceNumber?.toString()).toBe("1152921504606846979");
    } finally {
      await broker.close();
    }
    const written = JSON.parse(await readFile(file, "utf8")) as typeof hand;
    expect(written.publishers[0]?.nextSequenceNumber).toBe("1152921504606846980");
  });

  it("starts empty without a snapshot file, and refuses one it cannot read with the reason", async () => {
    const missing = join(folder, "missing", "snapshot.json");
    const fresh = await startOn(missing);
    try {
      fresh.broker.ensureQueue({ name: "q" });
      expect(await receiverWithoutAutoRenewal(fresh.client, "q").peekMessages(5)).toEqual([]);
    } finally {
      await fresh.close();
    }
    expect(existsSync(missing)).toBe(true);

    const garbled = join(folder, "garbled.json");
    await writeFile(garbled, "{ not json");
    await expect(startServiceBusBroker({ port: 0, snapshotFile: garbled })).rejects.toThrow(
      /Service Bus snapshot .*garbled\.json cannot be loaded: .*JSON/,
    );

    const future = join(folder, "future.json");
    await writeJson(future, { version: 99 });
    await expect(startServiceBusBroker({ port: 0, snapshotFile: future })).rejects.toThrow(
      /future\.json cannot be loaded: it has version 99; this broker reads version 1/,
    );

    const damaged = join(folder, "damaged.json");
    const valid = JSON.parse(await readFile(missing, "utf8")) as { stores: unknown[] };
    valid.stores.push({ path: "q", messages: [{ sequenceNumber: "twelve" }] });
    await writeJson(damaged, valid);
    await expect(startServiceBusBroker({ port: 0, snapshotFile: damaged })).rejects.toThrow(
      /damaged\.json cannot be loaded: .*stores\.0\.messages\.0\.sequenceNumber/,
    );
  });
});

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/**
 * The SDK turns every timestamp into a number and hides section types, so the AMQP types are checked with a plain
 * rhea receiver: what went in as a timestamp, a described value and a sequence section comes out as the same.
 */
async function expectTypesKept(port: number, sentAt: Date): Promise<void> {
  const raw = await connectRaw(port);
  try {
    const { receiver, next } = await openReceiver(raw.connection, "typed");
    receiver.add_credit(1);
    const { message, delivery } = await withTimeout(next(), 3000, "the typed message");
    expect(message.message_id).toBe("annotated");
    expect(message.application_properties?.sentAt).toEqual(sentAt);
    const annotations = message.message_annotations ?? {};
    expect(annotations["x-opt-when"]).toEqual(sentAt);
    // Encoded again, it is the same bytes: same descriptor, same type (a look-alike map would encode differently).
    const asSent = rhea.types.described(rhea.types.wrap_symbol("com.example:tag"), rhea.types.wrap_string("v"));
    const received = rhea.message.encode({ body: annotations["x-opt-described"] });
    expect(received).toEqual(rhea.message.encode({ body: asSent }));
    // A real section (the SDK and toMatchObject would also accept a map that merely looks like one).
    const sectionClass: unknown = (rhea.message.data_section(Buffer.alloc(0)) as object).constructor;
    expect((message.body as object).constructor).toBe(sectionClass);
    expect(message.body).toMatchObject({ typecode: 0x76, content: [["a", 1], ["b", 2.5]] });
    delivery.accept();
  } finally {
    await raw.close();
  }
}
