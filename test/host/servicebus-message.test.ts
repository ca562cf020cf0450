import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import { describe, expect, it } from "vitest";
import { batchMetadata, messageBodyToInput, singleMessageMetadata } from "../../dev/host/servicebus-message.js";

function message(fields: Record<string, unknown>): ServiceBusReceivedMessage {
  return { deliveryCount: 0, ...fields } as unknown as ServiceBusReceivedMessage;
}

describe("Service Bus message → function input", () => {
  it.each([
    ["a JSON object", Buffer.from('{"a":1}'), undefined, { a: 1 }],
    ["JSON text of a string", Buffer.from('"quoted"'), undefined, "quoted"],
    ["plain text", Buffer.from("plain"), undefined, "plain"],
    ["a JSON number", Buffer.from("42"), undefined, 42],
    ["bytes that are not UTF-8", Buffer.from([0xff, 0x00]), undefined, Buffer.from([0xff, 0x00])],
    ["dataType binary", Buffer.from('{"a":1}'), "binary", Buffer.from('{"a":1}')],
    ["an AMQP value section", { b: 2 }, undefined, { b: 2 }],
  ])("binds %s", (_name, body, dataType, expected) => {
    expect(messageBodyToInput(message({ body }), dataType)).toEqual(expected);
  });
});

describe("Service Bus message → triggerMetadata", () => {
  const enqueued = new Date("2024-05-01T10:00:00Z");
  const received = message({
    body: Buffer.from("{}"),
    messageId: "m-1",
    deliveryCount: 2,
    sequenceNumber: { toNumber: () => 17 },
    enqueuedTimeUtc: enqueued,
    expiresAtUtc: new Date("2024-05-15T10:00:00Z"),
    lockToken: "5a4b3c2d-0000-0000-0000-000000000000",
    correlationId: "c-1",
    subject: "created",
    applicationProperties: { TenantId: "t", When: enqueued, Nested: { InnerKey: 1 } },
  });

  it("has the extension's keys, camel-cased by the library, without nulls", () => {
    const metadata = singleMessageMetadata(received, "fn");
    expect(metadata).toMatchObject({
      messageId: "m-1",
      deliveryCount: 3,
      sequenceNumber: 17,
      enqueuedTimeUtc: "2024-05-01T10:00:00.000Z",
      enqueuedTime: "2024-05-01T10:00:00.000Z",
      expiresAtUtc: "2024-05-15T10:00:00.000Z",
      lockToken: "5a4b3c2d-0000-0000-0000-000000000000",
      correlationId: "c-1",
      subject: "created",
      label: "created",
      applicationProperties: { tenantId: "t", when: "2024-05-01T10:00:00.000Z", nested: { innerKey: 1 } },
      sys: { methodName: "fn" },
    });
    expect(Object.keys(metadata)).not.toContain("contentType");
    expect(Object.keys(metadata)).not.toContain("sessionId");
  });

  it("gives batches Array keys with one entry per message", () => {
    const metadata = batchMetadata([received, message({ body: Buffer.from("{}"), messageId: "m-2" })], "fn");
    expect(metadata.messageIdArray).toEqual(["m-1", "m-2"]);
    expect(metadata.deliveryCountArray).toEqual([3, 1]);
    expect(metadata.contentTypeArray).toEqual([null, null]);
  });
});
