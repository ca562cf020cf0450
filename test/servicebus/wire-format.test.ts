/**
 * Contract: AMQP types on the wire where the SDK depends on them — sequence numbers as 64-bit longs (exact beyond
 * 2^53), times as timestamps, lock tokens as uuids, and typed arrays in $management replies.
 */
import rhea from "rhea";
import { describe, expect, it } from "vitest";
import { encodeMessage } from "../../dev/servicebus/amqp.js";
import { resolvePublishSettings } from "../../dev/servicebus/entities.js";
import { handleManagementRequest } from "../../dev/servicebus/management.js";
import { MessageStore, type MessageConsumer } from "../../dev/servicebus/message-store.js";
import { Publisher } from "../../dev/servicebus/publisher.js";
import { StoredMessage, type MessageContent } from "../../dev/servicebus/stored-message.js";

interface TypedValue {
  type: { name: string };
  value: unknown;
  array_constructor?: { typecode: number };
  descriptor?: { value: unknown };
}

interface AmqpReader {
  read(): TypedValue;
  remaining(): number;
}

// rhea's Reader exists at runtime but is not part of its typed `types` object.
const Reader = (rhea.types as unknown as { Reader: new (buffer: Buffer) => AmqpReader }).Reader;

/** The message-annotations section of an encoded message, as (key, typed value) pairs. */
function annotationTypes(encoded: Buffer): Map<string, TypedValue> {
  const reader = new Reader(encoded);
  while (reader.remaining() > 0) {
    const section = reader.read();
    if (section.descriptor?.value !== 0x72) continue;
    const items = section.value as TypedValue[];
    const pairs = new Map<string, TypedValue>();
    for (let index = 0; index + 1 < items.length; index += 2) {
      const key = items[index];
      const value = items[index + 1];
      if (key && value) pairs.set(String(key.value), value);
    }
    return pairs;
  }
  return new Map();
}

function content(): MessageContent {
  return {
    header: {},
    properties: { message_id: "m" },
    annotations: {},
    applicationProperties: undefined,
    body: "x",
    footer: undefined,
  };
}

describe("wire format", () => {
  it("sends sequence numbers as 64-bit longs, exact beyond 2^53, and times as timestamps", () => {
    const sequenceNumber = 2n ** 60n + 7n;
    const message = new StoredMessage(sequenceNumber, content(), Date.now(), Number.POSITIVE_INFINITY, "active");
    const delivered = message.toAmqp({ lockedUntil: Date.now() + 1000, lockTokenUuid: Buffer.alloc(16, 1) });
    const encoded = encodeMessage(delivered);

    const annotations = annotationTypes(encoded);
    expect(annotations.get("x-opt-sequence-number")?.type.name).toMatch(/^(Small)?Long$/);
    expect(annotations.get("x-opt-enqueue-sequence-number")?.type.name).toMatch(/^(Small)?Long$/);
    expect(annotations.get("x-opt-enqueued-time")?.type.name).toBe("Timestamp");
    expect(annotations.get("x-opt-locked-until")?.type.name).toBe("Timestamp");
    expect(annotations.get("x-opt-lock-token")?.type.name).toBe("Uuid");

    // rhea hands unsafe longs over as their 8 bytes, which the SDK reads with Long.fromBytesBE.
    const decoded: unknown = rhea.message.decode(encoded).message_annotations?.["x-opt-sequence-number"];
    expect(Buffer.isBuffer(decoded) ? decoded.readBigInt64BE() : undefined).toBe(sequenceNumber);
  });

  it("answers schedule-message with a typed array of longs and renew-lock with a typed array of timestamps", () => {
    const store = new MessageStore({
      path: "q",
      settings: {
        lockDurationMs: 60_000,
        maxDeliveryCount: 10,
        defaultTimeToLiveMs: Infinity,
        deadLetterOnExpiration: false,
      },
    });
    const publisher = new Publisher(resolvePublishSettings({}), (sequenceNumber, messageContent, enqueuedAt) =>
      store.enqueue(new StoredMessage(sequenceNumber, messageContent, enqueuedAt, Infinity, "active")),
    );
    const endpoint = { path: "q", publisher, store };

    const scheduled = handleManagementRequest(endpoint, "com.microsoft:schedule-message", {
      messages: [
        {
          message: encodeMessage({
            body: "later",
            message_annotations: { "x-opt-scheduled-enqueue-time": new Date(Date.now() + 60_000) },
          }),
        },
      ],
    });
    const sequenceNumbers = (scheduled.body as Record<string, TypedValue>)["sequence-numbers"];
    expect(scheduled.statusCode).toBe(200);
    expect(sequenceNumbers?.type.name).toMatch(/^Array(8|32)$/);
    expect(sequenceNumbers?.array_constructor?.typecode).toBe(0x81);

    const locks: string[] = [];
    const consumer: MessageConsumer = {
      receiveMode: "peekLock",
      availableCredit: () => (locks.length === 0 ? 1 : 0),
      deliver: (_message, lock) => {
        if (lock) locks.push(lock.token);
      },
    };
    publisher.publish(content());
    store.addConsumer(consumer);
    const [token] = locks;
    if (!token) throw new Error("no lock taken");
    const renewed = handleManagementRequest(endpoint, "com.microsoft:renew-lock", {
      "lock-tokens": [rhea.string_to_uuid(token)],
    });
    const expirations = (renewed.body as Record<string, TypedValue>).expirations;
    expect(renewed.statusCode).toBe(200);
    expect(expirations?.array_constructor?.typecode).toBe(0x83);
    publisher.dispose();
    store.dispose();
  });
});
