/**
 * Contract: AMQP details below the SDK — SASL, $cbs and $management replies (status keys, reply_to routing), the
 * outcomes of settlement (release does not count a delivery; answers always carry a state and no error), and
 * entity addressing (case-insensitive names, unknown entities).
 */
import { randomUUID } from "node:crypto";
import rhea, { type Message } from "rhea";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receiveOne,
  receiverWithoutAutoRenewal,
  startBrokerFixture,
  type BrokerFixture,
} from "./support/broker-fixture.js";
import {
  connectRaw,
  openReceiver,
  openSender,
  outcomeName,
  remoteError,
  whenSettledByBroker,
  withTimeout,
} from "./support/raw-amqp.js";

let fixture: BrokerFixture;

beforeAll(async () => {
  fixture = await startBrokerFixture();
});

afterAll(async () => {
  await fixture.close();
});

function applicationProperties(message: Message): Record<string, unknown> {
  const properties: unknown = message.application_properties;
  return typeof properties === "object" && properties !== null ? { ...properties } : {};
}

describe("SASL", () => {
  it("accepts PLAIN and ANONYMOUS logins", async () => {
    const plain = await connectRaw(fixture.broker.port, { username: "RootManageSharedAccessKey", password: "local" });
    await plain.close();
    const anonymous = await connectRaw(fixture.broker.port, { username: "anonymous" });
    await anonymous.close();
  });
});

describe("$cbs", () => {
  it("answers put-token with status-code 202, correlated to the request", async () => {
    const { connection, close } = await connectRaw(fixture.broker.port);
    // The SDK's $cbs reply link names its reply address only as the link name.
    const replies = await openReceiver(connection, "$cbs", { name: "cbs-reply-1" });
    replies.receiver.add_credit(1);
    const requests = await openSender(connection, "$cbs");

    requests.send({
      message_id: "put-token-1",
      reply_to: "cbs-reply-1",
      to: "$cbs",
      application_properties: { operation: "put-token", type: "servicebus.windows.net:sastoken", name: "sb://x/q" },
      body: "SharedAccessSignature sr=x&sig=y&se=1&skn=RootManageSharedAccessKey",
    });

    const { message } = await withTimeout(replies.next(), 2000, "the put-token reply");
    expect(message.correlation_id).toBe("put-token-1");
    expect(applicationProperties(message)["status-code"]).toBe(202);
    await close();
  });
});

describe("$management", () => {
  it("routes each reply to the link named by the request's reply_to, with a statusCode key", async () => {
    const queue = fixture.newQueue();
    const address = `${queue}/$management`;
    const { connection, close } = await connectRaw(fixture.broker.port);
    const replyA = await openReceiver(connection, address, { target: "reply-a" });
    const replyB = await openReceiver(connection, address, { target: "reply-b" });
    replyA.receiver.add_credit(5);
    replyB.receiver.add_credit(5);
    const requests = await openSender(connection, address);
    const peekRequest = (messageId: string, replyTo: string): Message => ({
      message_id: messageId,
      reply_to: replyTo,
      application_properties: { operation: "com.microsoft:peek-message" },
      body: { "from-sequence-number": rhea.types.wrap_long(1), "message-count": rhea.types.wrap_int(5) },
    });

    requests.send(peekRequest("peek-for-b", "reply-b"));
    const forB = await withTimeout(replyB.next(), 2000, "the reply on link B");
    expect(forB.message.correlation_id).toBe("peek-for-b");
    const statusOfB = applicationProperties(forB.message);
    expect(statusOfB.statusCode).toBe(204); // nothing to peek
    expect(statusOfB["status-code"]).toBeUndefined();

    requests.send(peekRequest("peek-for-a", "reply-a"));
    const forA = await withTimeout(replyA.next(), 2000, "the reply on link A");
    // Link A's first message is its own reply: the earlier one went only to B.
    expect(forA.message.correlation_id).toBe("peek-for-a");
    await close();
  });

  it("reports an unknown lock token with 410 and the lock-lost condition", async () => {
    const queue = fixture.newQueue();
    const address = `${queue}/$management`;
    const { connection, close } = await connectRaw(fixture.broker.port);
    const replies = await openReceiver(connection, address, { target: "reply-renew" });
    replies.receiver.add_credit(1);
    const requests = await openSender(connection, address);

    requests.send({
      message_id: "renew-1",
      reply_to: "reply-renew",
      application_properties: { operation: "com.microsoft:renew-lock" },
      body: { "lock-tokens": rhea.types.wrap_array([rhea.string_to_uuid(randomUUID())], 0x98, undefined) },
    });

    const { message } = await withTimeout(replies.next(), 2000, "the renew-lock reply");
    expect(applicationProperties(message)).toMatchObject({
      statusCode: 410,
      errorCondition: "com.microsoft:message-lock-lost",
    });
    await close();
  });
});

describe("settlement outcomes", () => {
  it("redelivers a released message uncounted, and an abandoned (modified) one with the count raised", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "hot potato" });
    const { connection, close } = await connectRaw(fixture.broker.port);
    const { receiver, next } = await openReceiver(connection, queue);

    receiver.add_credit(1);
    const first = await withTimeout(next(), 2000, "the first delivery");
    expect(first.message.delivery_count ?? 0).toBe(0);
    const firstSettled = whenSettledByBroker(receiver, first.delivery);
    first.delivery.release();
    const releasedAnswer = (await withTimeout(firstSettled, 2000, "the release answer")).remote_state;
    expect(outcomeName(releasedAnswer)).toBe("released");

    receiver.add_credit(1);
    const second = await withTimeout(next(), 2000, "the redelivery after release");
    expect(second.message.message_id).toBe(first.message.message_id);
    expect(second.message.delivery_count ?? 0).toBe(0);
    const secondSettled = whenSettledByBroker(receiver, second.delivery);
    second.delivery.modified({ delivery_failed: true, undeliverable_here: false });
    const modifiedAnswer = (await withTimeout(secondSettled, 2000, "the abandon answer")).remote_state;
    expect(outcomeName(modifiedAnswer)).toBe("modified");
    expect(remoteError(modifiedAnswer)).toBeUndefined();

    receiver.add_credit(1);
    const third = await withTimeout(next(), 2000, "the redelivery after abandon");
    expect(third.message.delivery_count).toBe(1);
    const thirdSettled = whenSettledByBroker(receiver, third.delivery);
    third.delivery.accept();
    const acceptedAnswer = (await withTimeout(thirdSettled, 2000, "the complete answer")).remote_state;
    expect(outcomeName(acceptedAnswer)).toBe("accepted");
    await close();
  });

  it("answers a dead-letter with a rejected state that carries no error", async () => {
    const queue = fixture.newQueue();
    await fixture.client.createSender(queue).sendMessages({ body: "bad" });
    const { connection, close } = await connectRaw(fixture.broker.port);
    const { receiver, next } = await openReceiver(connection, queue);
    receiver.add_credit(1);
    const { delivery } = await withTimeout(next(), 2000, "the delivery");

    const settled = whenSettledByBroker(receiver, delivery);
    delivery.reject({
      condition: "com.microsoft:dead-letter",
      description: "",
      info: { DeadLetterReason: "Raw", DeadLetterErrorDescription: "from a raw client" },
    });
    const answer = (await withTimeout(settled, 2000, "the dead-letter answer")).remote_state;
    expect(outcomeName(answer)).toBe("rejected");
    expect(remoteError(answer)).toBeUndefined();
    await close();

    const dead = await receiveOne(receiverWithoutAutoRenewal(fixture.client, queue, { subQueueType: "deadLetter" }));
    expect(dead.deadLetterReason).toBe("Raw");
  });
});

describe("addressing", () => {
  it("treats entity names case-insensitively", async () => {
    fixture.broker.ensureQueue({ name: "Mixed-Case" });
    await fixture.client.createSender("mixed-case").sendMessages({ body: "any case" });
    const receiver = receiverWithoutAutoRenewal(fixture.client, "MIXED-CASE");
    expect((await receiveOne(receiver)).body).toBe("any case");
    await receiver.close();
  });

  it("rejects a message above Service Bus Standard's 256 KB limit with MessageSizeExceeded", async () => {
    const queue = fixture.newQueue();
    const sender = fixture.client.createSender(queue);
    await expect(sender.sendMessages({ body: "x".repeat(300 * 1024) })).rejects.toMatchObject({
      code: "MessageSizeExceeded",
    });
    await sender.sendMessages({ body: "x".repeat(200 * 1024) });
    expect(await receiverWithoutAutoRenewal(fixture.client, queue).peekMessages(10)).toHaveLength(1);
  });

  it("refuses session receivers rather than ignoring the session", async () => {
    const queue = fixture.newQueue();
    await expect(fixture.client.acceptSession(queue, "session-1")).rejects.toThrow(/Sessions are not supported/);
  });

  it("fails with MessagingEntityNotFound for an entity that does not exist", async () => {
    const sender = fixture.client.createSender("no-such-queue");
    await expect(sender.sendMessages({ body: "lost" })).rejects.toMatchObject({ code: "MessagingEntityNotFound" });
    await sender.close();
  });
});
