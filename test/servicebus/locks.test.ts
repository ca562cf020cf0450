/**
 * Contract: message locks — expiry and redelivery, MessageLockLost on late settlement, renew-lock through
 * $management, and locks given back when the receiving link closes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectRejection,
  receiveCount,
  receiveOne,
  receiverWithoutAutoRenewal,
  startBrokerFixture,
  waitUntilTime,
  type BrokerFixture,
} from "./support/broker-fixture.js";

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture();
});

afterAll(async () => {
  await fixture.close();
});

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

describe("message locks", () => {
  it("redelivers when the lock expires, and a late complete fails with MessageLockLost", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT2S" });
    await fixture.client.createSender(queue).sendMessages({ body: "slow", messageId: "slow-1" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);

    const first = await receiveOne(receiver);
    expect(first.deliveryCount).toBe(0);
    const lockedUntil = first.lockedUntilUtc?.getTime() ?? 0;
    expect(lockedUntil - Date.now()).toBeGreaterThan(1000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(2000);

    // Still locked: nobody else gets it.
    const other = receiverWithoutAutoRenewal(fixture.client, queue);
    expect(await other.receiveMessages(1, { maxWaitTimeInMs: 300 })).toEqual([]);

    const second = await receiveOne(other, 4000);
    expect(Date.now()).toBeGreaterThanOrEqual(lockedUntil);
    expect(second.messageId).toBe("slow-1");
    expect(second.deliveryCount).toBe(1);
    expect(second.lockToken).not.toBe(first.lockToken);

    const lateComplete = await expectRejection(receiver.completeMessage(first));
    expect(errorCode(lateComplete)).toBe("MessageLockLost");
    await other.completeMessage(second);
    expect(await other.peekMessages(10)).toEqual([]);
    await Promise.all([receiver.close(), other.close()]);
  });

  it("renew-lock extends the lock, so the message is not redelivered while it is renewed", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT2S" });
    await fixture.client.createSender(queue).sendMessages({ body: "long job" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const message = await receiveOne(receiver);

    // Watches for a redelivery for longer than one lock lasts.
    const watcher = receiverWithoutAutoRenewal(fixture.client, queue);
    const watching = watcher.receiveMessages(1, { maxWaitTimeInMs: 2800 });

    const expirations: number[] = [message.lockedUntilUtc?.getTime() ?? 0];
    const renewUntil = Date.now() + 2600;
    while (Date.now() < renewUntil) {
      // Renewing on a cadence, as a message handler would: the pause is the work being done.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const renewed = await receiver.renewMessageLock(message);
      expirations.push(renewed.getTime());
    }

    expect(await watching).toEqual([]);
    for (let index = 1; index < expirations.length; index += 1) {
      expect(expirations[index]).toBeGreaterThan(expirations[index - 1] ?? 0);
    }
    expect(message.lockedUntilUtc?.getTime()).toBe(expirations[expirations.length - 1]);
    await receiver.completeMessage(message);
    expect(await receiver.peekMessages(10)).toEqual([]);
    await Promise.all([receiver.close(), watcher.close()]);
  });

  it("renewing a lost lock fails with MessageLockLost", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT1S" });
    await fixture.client.createSender(queue).sendMessages({ body: "x" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const message = await receiveOne(receiver);
    await waitUntilTime(message.lockedUntilUtc?.getTime() ?? 0);

    expect(errorCode(await expectRejection(receiver.renewMessageLock(message)))).toBe("MessageLockLost");
    await receiver.close();
  });

  it("answers each settlement on its own, even when a lost lock is settled next to a live one", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT2S" });
    await fixture.client.createSender(queue).sendMessages([{ body: "kept" }, { body: "lost" }]);
    const receiver = receiverWithoutAutoRenewal(fixture.client, queue);
    const [kept, lost] = await receiveCount(receiver, 2);
    if (!kept || !lost) throw new Error("expected two messages");

    await waitUntilTime((lost.lockedUntilUtc?.getTime() ?? 0) - 1000);
    await receiver.renewMessageLock(kept);
    await waitUntilTime(lost.lockedUntilUtc?.getTime() ?? 0);

    const [keptResult, lostResult] = await Promise.allSettled([
      receiver.completeMessage(kept),
      receiver.completeMessage(lost),
    ]);
    expect(keptResult.status).toBe("fulfilled");
    expect(lostResult.status).toBe("rejected");
    expect(errorCode(lostResult.status === "rejected" ? lostResult.reason : undefined)).toBe("MessageLockLost");
    await receiver.close();
  });

  it("gives a closed link's locked messages back at once, counting the delivery", async () => {
    // A long lock, so only the link closing (not expiry) can free the message within the test.
    const queue = fixture.newQueue({ lockDuration: "PT1M" });
    await fixture.client.createSender(queue).sendMessages({ body: "orphan", messageId: "orphan-1" });
    const crashed = receiverWithoutAutoRenewal(fixture.client, queue);
    const first = await receiveOne(crashed);
    expect(first.deliveryCount).toBe(0);

    await crashed.close();

    const survivor = receiverWithoutAutoRenewal(fixture.client, queue);
    const again = await receiveOne(survivor, 2000);
    expect(again.messageId).toBe("orphan-1");
    expect(again.deliveryCount).toBe(1);
    await survivor.completeMessage(again);
    await survivor.close();
  });

  it("gives locks back when the whole connection goes away", async () => {
    const queue = fixture.newQueue({ lockDuration: "PT1M" });
    await fixture.client.createSender(queue).sendMessages({ body: "connection lost" });
    const { ServiceBusClient } = await import("@azure/service-bus");
    const otherClient = new ServiceBusClient(fixture.broker.connectionString);
    const message = await receiveOne(receiverWithoutAutoRenewal(otherClient, queue));
    expect(message.deliveryCount).toBe(0);

    await otherClient.close();

    const survivor = receiverWithoutAutoRenewal(fixture.client, queue);
    const again = await receiveOne(survivor, 2000);
    expect(again.body).toBe("connection lost");
    expect(again.deliveryCount).toBe(1);
    await survivor.completeMessage(again);
    await survivor.close();
  });
});
