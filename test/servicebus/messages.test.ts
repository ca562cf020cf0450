/**
 * Contract: what a message carries through the broker (body sections, properties, broker annotations) and peek.
 */
import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isLong,
  receiveCount,
  receiveOne,
  receiverWithoutAutoRenewal,
  sequenceNumberOf,
  startBrokerFixture,
  type BrokerFixture,
} from "./support/broker-fixture.js";

/** The SDK's raw AMQP message type (it does not re-export it from @azure/core-amqp). */
type AmqpAnnotatedMessage = ServiceBusReceivedMessage["_rawAmqpMessage"];

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture();
});

afterAll(async () => {
  await fixture.close();
});

describe("message content", () => {
  it("keeps the sender's properties and body", async () => {
    const queue = fixture.newQueue();
    const sentAt = Date.now();
    await fixture.client.createSender(queue).sendMessages({
      body: { correspondenceId: "c-1", attempts: [1, 2] },
      messageId: "publish-c-1",
      contentType: "application/json",
      correlationId: "corr-9",
      subject: "Publish",
      to: "somewhere",
      replyTo: "reply-queue",
      timeToLive: 60_000,
      partitionKey: "pk-1",
      sessionId: "pk-1",
      applicationProperties: { tenant: "digdir", priority: 3, urgent: true, at: new Date(sentAt) },
    });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const message = await receiveOne(receiver);
    expect(message).toMatchObject({
      body: { correspondenceId: "c-1", attempts: [1, 2] },
      messageId: "publish-c-1",
      contentType: "application/json",
      correlationId: "corr-9",
      subject: "Publish",
      to: "somewhere",
      replyTo: "reply-queue",
      timeToLive: 60_000,
      partitionKey: "pk-1",
      sessionId: "pk-1",
      applicationProperties: { tenant: "digdir", priority: 3, urgent: true, at: sentAt },
    });
    expect(message.enqueuedTimeUtc?.getTime()).toBeGreaterThanOrEqual(sentAt - 5);
    expect(message.expiresAtUtc?.getTime()).toBe((message.enqueuedTimeUtc?.getTime() ?? 0) + 60_000);
    await receiver.completeMessage(message);
    await receiver.close();
  });

  it("keeps AMQP value, sequence and binary bodies as sent", async () => {
    const queue = fixture.newQueue();
    const value: AmqpAnnotatedMessage = { body: { kind: "value", n: 42 }, bodyType: "value" };
    const sequence: AmqpAnnotatedMessage = { body: [["a", 1], ["b", 2]], bodyType: "sequence" };
    const binary = { body: Buffer.from([0, 1, 2, 255]) };
    const sender = fixture.client.createSender(queue);
    await sender.sendMessages(value);
    await sender.sendMessages(sequence);
    await sender.sendMessages(binary);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const [first, second, third] = await receiveCount(receiver, 3);
    expect(first?.body).toEqual({ kind: "value", n: 42 });
    expect(first?._rawAmqpMessage.bodyType).toBe("value");
    expect(second?.body).toEqual([["a", 1], ["b", 2]]);
    expect(second?._rawAmqpMessage.bodyType).toBe("sequence");
    expect(Buffer.from(third?.body as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(third?._rawAmqpMessage.bodyType).toBe("data");
    await receiver.close();
  });

  it("assigns a message id when the sender gave none, and keeps the sender's otherwise", async () => {
    const queue = fixture.newQueue();
    await fixture.client
      .createSender(queue)
      .sendMessages([{ body: "anonymous" }, { body: "named", messageId: "mine" }]);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const [anonymous, named] = await receiveCount(receiver, 2);
    expect(anonymous?.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(named?.messageId).toBe("mine");
    await receiver.close();
  });

  it("numbers messages with increasing 64-bit sequence numbers and stamps lock and enqueue times", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT30S" });
    const sender = fixture.client.createSender(queue);
    for (const body of ["one", "two", "three"]) await sender.sendMessages({ body });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const messages = await receiveCount(receiver, 3);
    expect(messages.map((message) => message.body)).toEqual(["one", "two", "three"]);
    expect(messages.every((message) => isLong(message.sequenceNumber))).toBe(true);
    const sequenceNumbers = messages.map(sequenceNumberOf);
    expect(sequenceNumbers[0]).toBeGreaterThan(0n);
    expect(sequenceNumbers[1]).toBeGreaterThan(sequenceNumbers[0] ?? 0n);
    expect(sequenceNumbers[2]).toBeGreaterThan(sequenceNumbers[1] ?? 0n);
    for (const message of messages) {
      const lockedFor = (message.lockedUntilUtc?.getTime() ?? 0) - (message.enqueuedTimeUtc?.getTime() ?? 0);
      expect(lockedFor).toBeGreaterThan(29_000);
      expect(lockedFor).toBeLessThanOrEqual(31_000);
      expect(message.lockToken).toMatch(/^[0-9a-f-]{36}$/);
      expect(message._rawAmqpMessage.messageAnnotations?.["x-opt-enqueue-sequence-number"]).toBe(
        Number(sequenceNumberOf(message)),
      );
    }
    await receiver.close();
  });
});

describe("peek", () => {
  it("reads messages without locking them, continuing where the last peek ended", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages([{ body: "a" }, { body: "b" }, { body: "c" }]);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const firstPage = await receiver.peekMessages(2);
    expect(firstPage.map((message) => message.body)).toEqual(["a", "b"]);
    const secondPage = await receiver.peekMessages(2);
    expect(secondPage.map((message) => message.body)).toEqual(["c"]);
    expect(await receiver.peekMessages(2)).toEqual([]);

    const fromSecond = await receiver.peekMessages(5, { fromSequenceNumber: firstPage[1]?.sequenceNumber });
    expect(fromSecond.map((message) => message.body)).toEqual(["b", "c"]);

    // Peeking took no locks and counted no deliveries.
    const received = await receiveCount(receiver, 3);
    expect(received.map((message) => [message.body, message.deliveryCount])).toEqual([
      ["a", 0],
      ["b", 0],
      ["c", 0],
    ]);
    await receiver.close();
  });

  it("also shows messages that are locked", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "busy" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const locked = await receiveOne(receiver);

    const [peeked] = await receiverWithoutAutoRenewal(fixture.client, queue).peekMessages(1);
    expect(peeked?.body).toBe("busy");
    expect(peeked?.sequenceNumber?.toString()).toBe(locked.sequenceNumber?.toString());
    await receiver.close();
  });
});
