/**
 * Contract: peek-lock settlement through the real SDK — complete, abandon, dead-letter (explicit and after
 * maxDeliveryCount), defer, and receive-and-delete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receiveCount,
  receiveOne,
  receiverWithoutAutoRenewal,
  sequenceNumberOf,
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

describe("peek-lock settlement", () => {
  it("complete removes the message for good", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "done" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    await receiver.completeMessage(await receiveOne(receiver));

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    expect(await receiver.peekMessages(10)).toEqual([]);
    await receiver.close();
  });

  it("abandon redelivers with the delivery count raised and the properties to modify applied", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "retry me", applicationProperties: { step: 1 } });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const first = await receiveOne(receiver);
    expect(first.deliveryCount).toBe(0);
    await receiver.abandonMessage(first, { step: 2, reason: "busy" });

    const second = await receiveOne(receiver);
    expect(second.messageId).toBe(first.messageId);
    expect(second.deliveryCount).toBe(1);
    expect(second.applicationProperties).toEqual({ step: 2, reason: "busy" });
    await receiver.completeMessage(second);
    await receiver.close();
  });

  it("dead-letter moves the message to the dead-letter queue with reason and description", async () => {
    const queue = fixture.newQueue();
    await fixture.client
      .createSender(queue)
      .sendMessages({ body: { id: 7 }, messageId: "poison-7", applicationProperties: { tenant: "a" } });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    await receiver.deadLetterMessage(await receiveOne(receiver), {
      deadLetterReason: "ValidationFailed",
      deadLetterErrorDescription: "recipient is missing",
    });

    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    const deadLetters = receiverWithoutAutoRenewal(fixture.client, queue, { subQueueType: "deadLetter" });
    const dead = await receiveOne(deadLetters);
    expect(dead.messageId).toBe("poison-7");
    expect(dead.body).toEqual({ id: 7 });
    expect(dead.deadLetterReason).toBe("ValidationFailed");
    expect(dead.deadLetterErrorDescription).toBe("recipient is missing");
    expect(dead.applicationProperties).toEqual({
      tenant: "a",
      DeadLetterReason: "ValidationFailed",
      DeadLetterErrorDescription: "recipient is missing",
    });
    await deadLetters.completeMessage(dead);
    expect(await deadLetters.peekMessages(10)).toEqual([]);
    await Promise.all([receiver.close(), deadLetters.close()]);
  });

  it("dead-letters automatically once the delivery count reaches maxDeliveryCount", async () => {
    const queue = fixture.newQueue({ maxDeliveryCount: 3 });
    await fixture.client.createSender(queue).sendMessages({ body: "always fails", messageId: "doomed" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const seenCounts: number[] = [];
    // Bounded, so a broker that never dead-letters fails here instead of looping until the test times out.
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 });
      if (!message) break;
      seenCounts.push(message.deliveryCount ?? -1);
      await receiver.abandonMessage(message);
    }
    expect(seenCounts).toEqual([0, 1, 2]);

    const deadLetters = receiverWithoutAutoRenewal(fixture.client, queue, { subQueueType: "deadLetter" });
    const dead = await receiveOne(deadLetters);
    expect(dead.messageId).toBe("doomed");
    expect(dead.deadLetterReason).toBe("MaxDeliveryCountExceeded");
    expect(dead.deadLetterErrorDescription).toMatch(/3 delivery attempts/);
    expect(dead.deliveryCount).toBe(3);
    await Promise.all([receiver.close(), deadLetters.close()]);
  });

  it("defer sets a message aside until it is received by sequence number", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "later, please" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const original = await receiveOne(receiver);
    await receiver.deferMessage(original);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    const [peeked] = await receiver.peekMessages(1);
    expect(peeked?.state).toBe("deferred");

    if (!original.sequenceNumber) throw new Error("received message without a sequence number");
    const [deferred] = await receiver.receiveDeferredMessages([original.sequenceNumber]);
    expect(deferred?.body).toBe("later, please");
    expect(deferred?.state).toBe("deferred");
    if (!deferred) throw new Error("deferred message not returned");
    await receiver.completeMessage(deferred);
    expect(await receiver.peekMessages(10)).toEqual([]);
    await receiver.close();
  });

  it("receive-and-delete hands messages out already removed", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages([{ body: 1 }, { body: 2 }]);
    const receiver = fixture.client.createReceiver(queue, { receiveMode: "receiveAndDelete" });

    const received = await receiveCount(receiver, 2);
    expect(received.map((message) => message.body)).toEqual([1, 2]);

    const peekLock = receiverWithoutAutoRenewal(fixture.client, queue);
    expect(await peekLock.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);
    expect(await peekLock.peekMessages(10)).toEqual([]);
    await Promise.all([receiver.close(), peekLock.close()]);
  });

  it("settles several messages in one batch independently", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages([{ body: "a" }, { body: "b" }, { body: "c" }]);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const [a, b, c] = await receiveCount(receiver, 3);
    if (!a || !b || !c) throw new Error("expected three messages");
    // One at a time: rhea (client side) merges dispositions of adjacent deliveries settled in the same tick into
    // one range with the first outcome, so a concurrent [complete, abandon] would complete both — against Azure too.
    await receiver.completeMessage(a);
    await receiver.abandonMessage(b);
    await receiver.completeMessage(c);

    const again = await receiveOne(receiver);
    expect(again.body).toBe("b");
    expect(sequenceNumberOf(again)).toBe(sequenceNumberOf(b));
    await receiver.completeMessage(again);
    await receiver.close();
  });
});
