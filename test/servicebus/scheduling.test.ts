/**
 * Contract: scheduled messages — $management schedule/cancel and the x-opt-scheduled-enqueue-time annotation on a
 * plain send; nothing is delivered before its time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isLong,
  receiveOne,
  receiverWithoutAutoRenewal,
  startBrokerFixture,
  type BrokerFixture,
} from "./support/broker-fixture.js";

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture();
});

afterAll(async () => {
  await fixture.close();
});

describe("scheduled messages", () => {
  it("scheduleMessages returns 64-bit sequence numbers and delivers no earlier than the scheduled time", async () => {
    const queue = fixture.newQueue();
    const sender = fixture.client.createSender(queue);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const enqueueAt = new Date(Date.now() + 1200);

    const sequenceNumbers = await sender.scheduleMessages([{ body: "wake up", messageId: "alarm" }], enqueueAt);
    expect(sequenceNumbers).toHaveLength(1);
    expect(isLong(sequenceNumbers[0])).toBe(true);

    const [peeked] = await receiver.peekMessages(1);
    expect(peeked?.state).toBe("scheduled");
    expect(peeked?.sequenceNumber?.toString()).toBe(sequenceNumbers[0]?.toString());

    // Arriving at all before the scheduled time would fail here.
    const message = await receiveOne(receiver, 4000);
    expect(Date.now()).toBeGreaterThanOrEqual(enqueueAt.getTime());
    expect(message.messageId).toBe("alarm");
    expect(message.sequenceNumber?.toString()).toBe(sequenceNumbers[0]?.toString());
    expect(message.scheduledEnqueueTimeUtc?.getTime()).toBe(enqueueAt.getTime());
    expect(message.enqueuedTimeUtc?.getTime()).toBeGreaterThanOrEqual(enqueueAt.getTime());
    await receiver.completeMessage(message);
    await receiver.close();
  });

  it("honours scheduledEnqueueTimeUtc on a plain send", async () => {
    const queue = fixture.newQueue();
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const enqueueAt = new Date(Date.now() + 1000);

    await fixture.client.createSender(queue).sendMessages({ body: "at nine", scheduledEnqueueTimeUtc: enqueueAt });

    const message = await receiveOne(receiver, 4000);
    expect(Date.now()).toBeGreaterThanOrEqual(enqueueAt.getTime());
    expect(message.body).toBe("at nine");
    await receiver.completeMessage(message);
    await receiver.close();
  });

  it("cancelScheduledMessages keeps a scheduled message from ever arriving", async () => {
    const queue = fixture.newQueue();
    const sender = fixture.client.createSender(queue);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const enqueueAt = new Date(Date.now() + 800);

    const [cancelled, kept] = await sender.scheduleMessages([{ body: "cancelled" }, { body: "kept" }], enqueueAt);
    if (!cancelled || !kept) throw new Error("expected two sequence numbers");
    await sender.cancelScheduledMessages([cancelled]);

    const message = await receiveOne(receiver, 3000);
    expect(message.body).toBe("kept");
    await receiver.completeMessage(message);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    expect(await receiver.peekMessages(10)).toEqual([]);
    await receiver.close();
  });

  it("schedules to a topic and fans out when due", async () => {
    const topic = "scheduled-topic";
    fixture.broker.ensureTopic({ name: topic, subscriptions: [{ name: "only" }] });
    const receiver = receiverWithoutAutoRenewal(fixture.client, `${topic}/Subscriptions/only`);

    const enqueueAt = new Date(Date.now() + 600);
    await fixture.client.createSender(topic).scheduleMessages([{ body: "topic later" }], enqueueAt);

    const message = await receiveOne(receiver, 4000);
    expect(Date.now()).toBeGreaterThanOrEqual(enqueueAt.getTime());
    expect(message.body).toBe("topic later");
    await receiver.completeMessage(message);
    await receiver.close();
  });
});
