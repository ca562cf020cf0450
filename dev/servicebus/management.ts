/**
 * The $management operations of an entity (`<entity>/$management`) that the SDK uses: lock renewal, peek,
 * scheduling, deferred-message receipt and settlement by lock token.
 */
import {
  asNumber,
  asRecord,
  asString,
  encodeMessage,
  decodeMessage,
  readBinaryArray,
  readLong,
  readLongArray,
  wrapLongArray,
  wrapTimestampArray,
  wrapUuid,
} from "./amqp.js";
import { lockTokenFromUuid, uuidBytesFor } from "./lock-token.js";
import { lockLostResult, type MessageStore, type SettleResult } from "./message-store.js";
import type { EntityEndpoint } from "./namespace.js";
import { contentFromAmqp } from "./stored-message.js";

export interface ManagementReply {
  statusCode: number;
  statusDescription: string;
  errorCondition?: string;
  body?: unknown;
}

const ok = (body: unknown = {}): ManagementReply => ({ statusCode: 200, statusDescription: "OK", body });

function failure(statusCode: number, errorCondition: string, statusDescription: string): ManagementReply {
  return { statusCode, errorCondition, statusDescription };
}

const operations: Record<string, (endpoint: EntityEndpoint, body: Record<string, unknown>) => ManagementReply> = {
  "com.microsoft:renew-lock": withStore((store, body) => {
    const expirations: number[] = [];
    for (const uuid of readBinaryArray(body["lock-tokens"])) {
      const lockedUntil = store.renewLock(lockTokenFromUuid(uuid));
      if (lockedUntil === undefined) return lockLost(store);
      expirations.push(lockedUntil);
    }
    return ok({ expirations: wrapTimestampArray(expirations) });
  }),

  "com.microsoft:peek-message": (endpoint, body) => {
    const store = endpoint.store;
    if (!store) return notReceivable(endpoint);
    const from = readLong(body["from-sequence-number"]) ?? 1n;
    const count = asNumber(body["message-count"]) ?? 1;
    const peeked = store.peek(from, count, endpoint.publisher?.scheduledMessages() ?? []);
    // The SDK treats 204 as "nothing (more) to peek".
    if (peeked.length === 0) return { statusCode: 204, statusDescription: "No Content", body: {} };
    return ok({ messages: peeked.map((message) => ({ message: encodeMessage(message.toAmqp()) })) });
  },

  "com.microsoft:schedule-message": (endpoint, body) => {
    const publisher = endpoint.publisher;
    if (!publisher) return failure(400, "amqp:not-allowed", `Cannot schedule messages on '${endpoint.path}'.`);
    const entries = Array.isArray(body.messages) ? body.messages : [];
    const sequenceNumbers = entries.map((entry: unknown) => {
      const encoded = asRecord(entry).message;
      if (!Buffer.isBuffer(encoded)) throw new Error("schedule-message entry without an encoded message");
      return publisher.publish(contentFromAmqp(decodeMessage(encoded)));
    });
    return ok({ "sequence-numbers": wrapLongArray(sequenceNumbers) });
  },

  "com.microsoft:cancel-scheduled-message": (endpoint, body) => {
    const publisher = endpoint.publisher;
    if (!publisher) return failure(400, "amqp:not-allowed", `Cannot cancel messages on '${endpoint.path}'.`);
    publisher.cancelScheduled(readLongArray(body["sequence-numbers"]));
    return ok();
  },

  "com.microsoft:receive-by-sequence-number": withStore((store, body) => {
    const mode = body["receiver-settle-mode"] === 0 ? "receiveAndDelete" : "peekLock";
    const received = store.receiveDeferred(readLongArray(body["sequence-numbers"]), mode);
    if ("missing" in received) {
      return failure(
        404,
        "com.microsoft:message-not-found",
        `Failed to lock one or more specified messages. The message with sequence number ${received.missing} ` +
          `does not exist or is not deferred.`,
      );
    }
    return ok({
      messages: received.found.map(({ message, lock }) => ({
        ...(lock ? { "lock-token": wrapUuid(uuidBytesFor(lock.token)) } : {}),
        message: encodeMessage(message.toAmqp(lock ? { lockedUntil: lock.lockedUntil } : {})),
      })),
    });
  }),

  "com.microsoft:update-disposition": withStore((store, body) => {
    const status = asString(body["disposition-status"]);
    const properties = asRecord(body["properties-to-modify"]);
    for (const uuid of readBinaryArray(body["lock-tokens"])) {
      const lockToken = lockTokenFromUuid(uuid);
      let result: SettleResult;
      switch (status) {
        case "completed":
          result = store.complete(lockToken);
          break;
        case "abandoned":
          result = store.abandon(lockToken, properties);
          break;
        case "defered": // sic: the SDK's spelling
        case "deferred":
          result = store.defer(lockToken, properties);
          break;
        case "suspended":
          result = store.deadLetter(
            lockToken,
            asString(body["deadletter-reason"]),
            asString(body["deadletter-description"]),
            properties,
          );
          break;
        default:
          return failure(400, "amqp:invalid-field", `Unknown disposition status '${String(status)}'.`);
      }
      if (!result.settled) return failure(410, result.condition, result.description);
    }
    return ok();
  }),
};

function withStore(
  handler: (store: MessageStore, body: Record<string, unknown>) => ManagementReply,
): (endpoint: EntityEndpoint, body: Record<string, unknown>) => ManagementReply {
  return (endpoint, body) => (endpoint.store ? handler(endpoint.store, body) : notReceivable(endpoint));
}

function notReceivable(endpoint: EntityEndpoint): ManagementReply {
  return failure(400, "amqp:not-allowed", `'${endpoint.path}' holds no messages to receive or peek.`);
}

function lockLost(store: MessageStore): ManagementReply {
  const { condition, description } = lockLostResult(store.path);
  return failure(410, condition, description);
}

export function handleManagementRequest(
  endpoint: EntityEndpoint,
  operation: string | undefined,
  body: Record<string, unknown>,
): ManagementReply {
  const handler = operation === undefined ? undefined : operations[operation];
  if (!handler) {
    return failure(501, "amqp:not-implemented", `The operation '${String(operation)}' is not supported here.`);
  }
  try {
    return handler(endpoint, body);
  } catch (error: unknown) {
    return failure(500, "amqp:internal-error", error instanceof Error ? error.message : String(error));
  }
}
