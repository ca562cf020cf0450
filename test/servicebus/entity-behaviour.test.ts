/**
 * Contract: entity-level behaviour — topic fan-out to subscriptions, duplicate detection, message expiry (TTL).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receiveCount,
  receiveOne,
  receiverWithoutAutoRenewal,
  startBrokerFixture,
  waitUntilTime,
  type BrokerFixture,
} from "./support/broker-fixture.js";

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture({
    topics: [
      {
        name: "events",
        subscriptions: [{ name: "audit" }, { name: "notify", maxDeliveryCount: 2 }],
      },
    ],
  });
});

afterAll(async () => {
  await fixture.close();
});

describe("topics", () => {
  it("gives every subscription its own copy of each message", async () => {
    await fixture.client.createSender("events").sendMessages({ body: { event: "published" }, messageId: "evt-1" });
    const auditReceiver = fixture.client.createReceiver("events", "audit", { maxAutoLockRenewalDurationInMs: 0 });
    const notifyReceiver = fixture.client.createReceiver("events", "notify", { maxAutoLockRenewalDurationInMs: 0 });

    const auditCopy = await receiveOne(auditReceiver);
    const notifyCopy = await receiveOne(notifyReceiver);
    expect(auditCopy.body).toEqual({ event: "published" });
    expect(notifyCopy.body).toEqual({ event: "published" });
    expect(auditCopy.messageId).toBe("evt-1");
    expect(notifyCopy.messageId).toBe("evt-1");

    // Settling one copy leaves the other subscription's copy alone.
    await auditReceiver.completeMessage(auditCopy);
    await notifyReceiver.abandonMessage(notifyCopy);
    const again = await receiveOne(notifyReceiver);
    expect(again.deliveryCount).toBe(1);
    expect(await auditReceiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).toEqual([]);

    // Each subscription applies its own maxDeliveryCount (2 for "notify") and has its own dead-letter queue.
    await notifyReceiver.abandonMessage(again);
    const deadLetters = fixture.client.createReceiver("events", "notify", { subQueueType: "deadLetter" });
    const dead = await receiveOne(deadLetters);
    expect(dead.deadLetterReason).toBe("MaxDeliveryCountExceeded");
    await Promise.all([auditReceiver.close(), notifyReceiver.close(), deadLetters.close()]);
  });

  it("refuses to receive from a topic itself, or from a subscription that does not exist", async () => {
    const fromTopic = fixture.client.createReceiver("events");
    await expect(fromTopic.receiveMessages(1, { maxWaitTimeInMs: 200 })).rejects.toThrow();
    const missing = fixture.client.createReceiver("events", "nobody");
    await expect(missing.receiveMessages(1, { maxWaitTimeInMs: 200 })).rejects.toMatchObject({
      code: "MessagingEntityNotFound",
    });
  });
});

describe("duplicate detection", () => {
  it("accepts but drops a message whose id was seen within the window", async () => {
    const queue = fixture.newQueue({ requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: "PT1M" });
    const sender = fixture.client.createSender(queue);
    await sender.sendMessages({ body: "first", messageId: "publish-42" });
    await sender.sendMessages({ body: "second", messageId: "publish-42" });
    await sender.sendMessages({ body: "other", messageId: "publish-43" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const received = await receiveCount(receiver, 3, 800);
    expect(received.map((message) => [message.messageId, message.body])).toEqual([
      ["publish-42", "first"],
      ["publish-43", "other"],
    ]);
    await receiver.close();
  });

  it("accepts the id again once the history window has passed", async () => {
    const queue = fixture.newQueue({ requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindow: "PT1S" });
    const sender = fixture.client.createSender(queue);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    await sender.sendMessages({ body: "first", messageId: "retry-7" });
    const first = await receiveOne(receiver);
    await receiver.completeMessage(first);

    await sender.sendMessages({ body: "inside window", messageId: "retry-7" });
    await waitUntilTime((first.enqueuedTimeUtc?.getTime() ?? 0) + 1000);
    await sender.sendMessages({ body: "after window", messageId: "retry-7" });

    const received = await receiveCount(receiver, 2, 600);
    expect(received.map((message) => message.body)).toEqual(["after window"]);
    await receiver.close();
  });

  it("keeps both copies on an entity without duplicate detection", async () => {
    const queue = fixture.newQueue();
    const sender = fixture.client.createSender(queue);
    await sender.sendMessages({ body: "first", messageId: "same" });
    await sender.sendMessages({ body: "second", messageId: "same" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    expect((await receiveCount(receiver, 2)).map((message) => message.body)).toEqual(["first", "second"]);
    await receiver.close();
  });

  it("drops duplicates inside one batch and across scheduled sends", async () => {
    const queue = fixture.newQueue({ requiresDuplicateDetection: true });
    const sender = fixture.client.createSender(queue);
    await sender.sendMessages([
      { body: 1, messageId: "a" },
      { body: 2, messageId: "a" },
    ]);
    await sender.scheduleMessages([{ body: 3, messageId: "a" }], new Date(Date.now() + 50));
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const received = await receiveCount(receiver, 3, 600);
    expect(received.map((message) => message.body)).toEqual([1]);
    await receiver.close();
  });
});

describe("message expiry", () => {
  it("dead-letters expired messages with TTLExpiredException when the entity asks for it", async () => {
    const queue = fixture.newQueue({ deadLetteringOnMessageExpiration: true });
    await fixture.client.createSender(queue).sendMessages({ body: "stale", messageId: "stale-1", timeToLive: 200 });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const [peeked] = await receiver.peekMessages(1);
    if (!peeked?.expiresAtUtc) throw new Error("peeked message has no expiry");
    await waitUntilTime(peeked.expiresAtUtc.getTime());

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    const deadLetters = receiverWithoutAutoRenewal(fixture.client, queue, { subQueueType: "deadLetter" });
    const dead = await receiveOne(deadLetters);
    expect(dead.messageId).toBe("stale-1");
    expect(dead.deadLetterReason).toBe("TTLExpiredException");
    await Promise.all([receiver.close(), deadLetters.close()]);
  });

  it("drops expired messages when the entity does not dead-letter on expiry, using its default TTL", async () => {
    const queue = fixture.newQueue({ defaultMessageTimeToLive: "PT0.2S" });
    await fixture.client.createSender(queue).sendMessages({ body: "short-lived" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const [peeked] = await receiver.peekMessages(1);
    if (!peeked?.expiresAtUtc || !peeked.enqueuedTimeUtc) throw new Error("peeked message has no expiry");
    expect(peeked.expiresAtUtc.getTime() - peeked.enqueuedTimeUtc.getTime()).toBe(200);
    await waitUntilTime(peeked.expiresAtUtc.getTime());

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    const deadLetters = receiverWithoutAutoRenewal(fixture.client, queue, { subQueueType: "deadLetter" });
    expect(await deadLetters.peekMessages(10)).toEqual([]);
    await Promise.all([receiver.close(), deadLetters.close()]);
  });

  it("delivers messages that have not expired yet", async () => {
    const queue = fixture.newQueue({ defaultMessageTimeToLive: "PT1M", deadLetteringOnMessageExpiration: true });
    await fixture.client.createSender(queue).sendMessages({ body: "fresh", timeToLive: 30_000 });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const message = await receiveOne(receiver);
    expect(message.body).toBe("fresh");
    expect(message.timeToLive).toBe(30_000);
    await receiver.close();
  });
});
