/**
 * What a Service Bus-triggered handler receives, shaped as in Azure.
 *
 * Input: the Functions host hands the message body to the Node worker as a string, and @azure/functions JSON-parses
 * strings when it can; so a JSON object arrives as an object, other text as a string (JSON text such as `42` or
 * `"x"` is parsed too, as in Azure). `dataType: "binary"` gives a Buffer; so does a body that is not UTF-8 text (a
 * dev-host leniency: Azure would hand over mangled text).
 *
 * triggerMetadata: the binding data of the Service Bus extension (ServiceBusTriggerBindingStrategy), with the keys
 * camelCased and nulls left out as the library does. `deliveryCount` counts the current delivery (1 on the first),
 * as the .NET SDK under the host reports it; the AMQP header and the JS SDK count previous deliveries only.
 * The extension has no `lockedUntil` key; messageActions/client objects have no meaning outside .NET.
 */
import { randomUUID } from "node:crypto";
import type { ServiceBusReceivedMessage } from "@azure/service-bus";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function messageBodyToInput(message: ServiceBusReceivedMessage, dataType: string | undefined): unknown {
  const bytes = bodyBytes(message.body);
  if (dataType === "binary") return bytes;
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return bytes;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The receiver runs with skipParsingBodyAsJson, so a data-section body is its raw bytes. */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  // An AMQP value section (not sent by the Azure SDKs): its JSON form is the closest to what Azure would bind.
  return Buffer.from(JSON.stringify(body ?? null), "utf8");
}

/** The extension's PascalCase binding data for one message, before camelCasing. */
function bindingData(message: ServiceBusReceivedMessage): Record<string, unknown> {
  const applicationProperties = plainValue(message.applicationProperties ?? {});
  return {
    DeliveryCount: (message.deliveryCount ?? 0) + 1,
    DeadLetterSource: message.deadLetterSource,
    LockToken: message.lockToken,
    ExpiresAtUtc: message.expiresAtUtc?.toISOString(),
    ExpiresAt: message.expiresAtUtc?.toISOString(),
    EnqueuedTimeUtc: message.enqueuedTimeUtc?.toISOString(),
    EnqueuedTime: message.enqueuedTimeUtc?.toISOString(),
    MessageId: idText(message.messageId),
    ContentType: message.contentType,
    ReplyTo: message.replyTo,
    SequenceNumber: message.sequenceNumber?.toNumber(),
    To: message.to,
    Subject: message.subject,
    Label: message.subject,
    CorrelationId: idText(message.correlationId),
    ApplicationProperties: applicationProperties,
    UserProperties: applicationProperties,
    SessionId: message.sessionId,
    ReplyToSessionId: message.replyToSessionId,
    PartitionKey: message.partitionKey,
  };
}

export function singleMessageMetadata(message: ServiceBusReceivedMessage, functionName: string): Record<string, unknown> {
  return toTriggerMetadata({ ...bindingData(message), sys: systemData(functionName) });
}

/** cardinality "many": every key gets an "Array" suffix and holds one entry per message. */
export function batchMetadata(messages: ServiceBusReceivedMessage[], functionName: string): Record<string, unknown> {
  const perMessage = messages.map(bindingData);
  const arrays: Record<string, unknown> = {};
  for (const key of Object.keys(perMessage[0] ?? {})) {
    arrays[`${key}Array`] = perMessage.map((data) => data[key] ?? null);
  }
  return toTriggerMetadata({ ...arrays, sys: systemData(functionName) });
}

function systemData(functionName: string): Record<string, unknown> {
  return { MethodName: functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() };
}

function idText(id: string | number | Buffer | undefined): string | undefined {
  if (id === undefined) return undefined;
  return Buffer.isBuffer(id) ? id.toString("hex") : String(id);
}

/** JSON-able values, as they cross the host → worker boundary (dates as ISO text, buffers as base64). */
function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === "object") {
    const longLike = value as { toNumber?: () => number };
    if (typeof longLike.toNumber === "function") return longLike.toNumber();
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plainValue(entry)]));
  }
  return value;
}

/** @azure/functions' fromRpcTriggerMetadata: drop nulls, lower-case the first letter of every key, recursively. */
function toTriggerMetadata(data: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    result[camelCaseKey(key)] = camelCaseValue(value);
  }
  return result;
}

function camelCaseKey(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function camelCaseValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [camelCaseKey(key), camelCaseValue(entry)]));
  }
  return value;
}
