/**
 * Contract: credit and drain (batch receives end promptly and leave the link usable) and the streaming receiver
 * (subscribe) with manual completion.
 */
import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import type { Delivery } from "rhea";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receiveOne,
  receiverWithoutAutoRenewal,
  startBrokerFixture,
  waitUntil,
  type BrokerFixture,
} from "./support/broker-fixture.js";
import { connectRaw, openReceiver, withTimeout } from "./support/raw-amqp.js";

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture();
});

afterAll(async () => {
  await fixture.close();
});

describe("credit and drain", () => {
  it("ends a batch receive with fewer messages promptly, and the link stays usable", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages([{ body: 1 }, { body: 2 }]);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const started = Date.now();
    const messages = await receiver.receiveMessages(10, { maxWaitTimeInMs: 10_000 });
    const elapsed = Date.now() - started;

    expect(messages.map((message) => message.body)).toEqual([1, 2]);
    // The SDK waits 1 s after the first message, then drains; an unanswered drain costs another second and closes
    // the link (after which these completes would fail with MessageLockLost).
    expect(elapsed).toBeLessThan(1600);
    for (const message of messages) await receiver.completeMessage(message);

    await fixture.client.createSender(queue).sendMessages({ body: 3 });
    expect((await receiveOne(receiver)).body).toBe(3);
    await receiver.close();
  });

  it("answers a drain on an empty queue at once", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "held" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const held = await receiveOne(receiver); // opens the link; its lock stays with this link

    const started = Date.now();
    expect(await receiver.receiveMessages(5, { maxWaitTimeInMs: 300 })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);

    // An unanswered drain makes the SDK close the link, which would give the held message's lock back.
    await receiver.completeMessage(held);
    await fixture.client.createSender(queue).sendMessages({ body: "after drain" });
    expect((await receiveOne(receiver)).body).toBe("after drain");
    await receiver.close();
  });
});

describe("many unsettled deliveries", () => {
  it("holds back what does not fit the session's delivery window until the client settles", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT1M" });
    const total = 2100; // more than rhea's 2048-delivery session window
    const sender = fixture.client.createSender(queue);
    for (let start = 0; start < total; start += 500) {
      const size = Math.min(500, total - start);
      await sender.sendMessages(Array.from({ length: size }, (_, index) => ({ body: start + index })));
    }
    const { connection, close } = await connectRaw(fixture.broker.port);
    const { receiver, next } = await openReceiver(connection, queue);
    receiver.add_credit(total);

    const firstWindow: Delivery[] = [];
    for (let index = 0; index < 2048; index += 1) {
      firstWindow.push((await withTimeout(next(), 5000, "a delivery")).delivery);
    }
    for (const delivery of firstWindow.slice(0, 100)) delivery.accept();
    for (let index = 2048; index < total; index += 1) await withTimeout(next(), 5000, "a delivery after settling");
    await close();
  });
});

describe("streaming receiver", () => {
  it("streams to subscribe() handlers that complete messages themselves", async () => {
    const queue = fixture.newQueue();
    const sender = fixture.client.createSender(queue);
    await sender.sendMessages([{ body: "m1" }, { body: "m2" }, { body: "m3" }]);
    const receiver = fixture.client.createReceiver(queue);
    const handled: unknown[] = [];
    const errors: unknown[] = [];

    const subscription = receiver.subscribe(
      {
        processMessage: async (message: ServiceBusReceivedMessage) => {
          handled.push(message.body);
          await receiver.completeMessage(message);
        },
        processError: async (args) => {
          errors.push(args.error);
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: 2 },
    );
    await waitUntil(() => handled.length === 3, 3000, "the first three messages");
    // Credit keeps flowing: messages sent while subscribed arrive too.
    await sender.sendMessages([{ body: "m4" }, { body: "m5" }]);
    await waitUntil(() => handled.length === 5, 3000, "the messages sent while subscribed");
    await subscription.close();

    expect([...handled].sort()).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(errors).toEqual([]);
    expect(await receiver.peekMessages(10)).toEqual([]);
    await receiver.close();
  });

  it("leaves a message the handler did not settle locked, and redelivers it after the receiver closes", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT1M" });
    await fixture.client.createSender(queue).sendMessages({ body: "unsettled" });
    const receiver = fixture.client.createReceiver(queue);
    const seen: ServiceBusReceivedMessage[] = [];

    const subscription = receiver.subscribe(
      {
        processMessage: async (message: ServiceBusReceivedMessage) => {
          seen.push(message);
        },
        processError: async () => undefined,
      },
      { autoCompleteMessages: false },
    );
    await waitUntil(() => seen.length === 1, 3000, "the message");
    await subscription.close();
    await receiver.close();

    const again = await receiveOne(receiverWithoutAutoRenewal(fixture.client, queue));
    expect(again.body).toBe("unsettled");
    expect(again.deliveryCount).toBe(1);
  });
});
