/**
 * The delivery policy of our Service Bus triggers, pure: the backoff schedule and its jitter, the retry-or-park
 * decision, the derived message ids, and MessageDelivery against a recording copy sender (what it sends back to
 * Service Bus for each outcome, and that only a failed re-send throws). The settings that shorten the schedule.
 */
import { describe, expect, it } from "vitest";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";
import { ConfigError, parseConfig } from "../../shared/config/config.js";
import { PermanentFailure } from "../../shared/use-cases/message-delivery/delivery-failures.js";
import type {
  Attempt,
  DeliveryLog,
  MessageCopy,
  MessageCopySender,
  MessageHandler,
  ReceivedMessage,
} from "../../shared/use-cases/message-delivery/delivery-ports.js";
import { MessageDelivery } from "../../shared/use-cases/message-delivery/message-delivery.js";
import {
  decideAfterFailure,
  defaultJitterRatio,
  defaultMaxAttempts,
  defaultRetryDelaysMs,
  parkedMessageId,
  retryDelayMs,
  retryMessageId,
  type RetryPolicy,
} from "../../shared/use-cases/message-delivery/retry-policy.js";

const defaults: RetryPolicy = { delaysMs: defaultRetryDelaysMs, maxAttempts: defaultMaxAttempts, jitterRatio: defaultJitterRatio };
const withoutJitter: RetryPolicy = { ...defaults, jitterRatio: 0 };
const middle = () => 0.5;

describe("the backoff schedule", () => {
  it("grows 5 s, 15 s, 1 min, 5 min, 15 min, 1 h and then stays at the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelayMs(withoutJitter, attempt, Math.random));
    expect(delays).toEqual([5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it("spreads each delay by at most ± the jitter ratio, the middle of the random range giving the delay itself", () => {
    expect(retryDelayMs(defaults, 2, middle)).toBe(15_000);
    expect(retryDelayMs(defaults, 2, () => 0)).toBe(12_000);
    expect(retryDelayMs(defaults, 2, () => 0.999_999)).toBe(18_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(defaults, 1, Math.random);
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(6_000);
    }
  });

  it("spans a few hours over the default attempts, at worst jitter too", () => {
    const span = (random: () => number) =>
      Array.from({ length: defaults.maxAttempts - 1 }, (_, index) => retryDelayMs(defaults, index + 1, random)).reduce((a, b) => a + b);
    expect(span(middle) / 3_600_000).toBeCloseTo(4.35, 1);
    expect(span(() => 0)).toBeGreaterThan(3 * 3_600_000);
    expect(span(() => 0.999_999)).toBeLessThan(6 * 3_600_000);
  });
});

describe("the decision after a failed attempt", () => {
  it("retries a transient failure with the next attempt number and its delay", () => {
    expect(decideAfterFailure(withoutJitter, 3, new Error("GET … answered 503"), middle)).toEqual({ kind: "retry", nextAttempt: 4, delayMs: 60_000 });
  });

  it("parks a declared permanent failure at once, with its message as the description", () => {
    expect(decideAfterFailure(defaults, 1, new PermanentFailure("the dialogue belongs to another service owner"), middle)).toEqual({
      kind: "park",
      reason: "PermanentFailure",
      description: "PermanentFailure: the dialogue belongs to another service owner",
    });
  });

  it("parks after the last attempt as RetriesExhausted, naming the last error", () => {
    const decision = decideAfterFailure(defaults, defaults.maxAttempts, new Error("GET … answered 503:\nService Unavailable"), middle);
    expect(decision).toEqual({
      kind: "park",
      reason: "RetriesExhausted",
      description: "Attempt 10 of 10 failed; the last error: Error: GET … answered 503:; Service Unavailable",
    });
  });

  it("keeps a description within Service Bus's 4096 characters", () => {
    const decision = decideAfterFailure(defaults, 10, new Error("x".repeat(10_000)), middle);
    expect(decision.kind === "park" && decision.description.length).toBe(4096);
  });
});

describe("derived message ids", () => {
  it("are readable, deterministic, and never the id they derive from", () => {
    expect(retryMessageId("3f2a", 2)).toBe("3f2a:attempt:2");
    expect(retryMessageId("3f2a", 2)).toBe(retryMessageId("3f2a", 2));
    expect(retryMessageId("3f2a", 3)).not.toBe(retryMessageId("3f2a", 2));
    expect(parkedMessageId("3f2a:attempt:4")).toBe("3f2a:attempt:4:parked");
  });

  it("become a UUIDv5 of the readable id when that would exceed Service Bus's 128 characters", () => {
    const long = "m".repeat(125);
    const id = retryMessageId(long, 2);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retryMessageId(long, 2)).toBe(id);
    expect(retryMessageId(long, 3)).not.toBe(id);
  });
});

class RecordingCopies implements MessageCopySender {
  readonly sent: MessageCopy[] = [];
  failWith: Error | undefined;
  async send(copy: MessageCopy): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(copy);
  }
}

class RecordingLog implements DeliveryLog {
  readonly lines: string[] = [];
  info = (line: string) => void this.lines.push(`info: ${line}`);
  warn = (line: string) => void this.lines.push(`warn: ${line}`);
  error = (line: string) => void this.lines.push(`error: ${line}`);
}

const now = new Date("2030-01-01T10:00:00.000Z");

function delivery(policy: Partial<RetryPolicy> = {}) {
  const copies = new RecordingCopies();
  const log = new RecordingLog();
  const messageDelivery = new MessageDelivery({
    copies,
    policy: { ...withoutJitter, maxAttempts: 4, ...policy },
    parkingQueue: "parked-messages",
    clock: () => now,
    random: middle,
  });
  return { copies, log, messageDelivery };
}

function received(overrides: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return {
    queue: "work-queue",
    messageId: "m-1",
    body: { id: "a" },
    contentType: "application/json",
    correlationId: "trace-1",
    subject: undefined,
    applicationProperties: { tenant: "ttd" },
    ...overrides,
  };
}

/** Reads `{ id: string }` bodies; the work is whatever the test gives it. */
function handler(work: (attempt: Attempt) => Promise<string>): MessageHandler<{ id: string }> & { attempts: Attempt[] } {
  const attempts: Attempt[] = [];
  return {
    attempts,
    describes: "work message",
    parse: (body) =>
      typeof body === "object" && body !== null && typeof (body as { id?: unknown }).id === "string"
        ? { ok: true, message: { id: (body as { id: string }).id } }
        : { ok: false, reason: "id is missing" },
    handle: async (_message, attempt) => {
      attempts.push(attempt);
      return { summary: await work(attempt), noteworthy: false };
    },
  };
}

describe("MessageDelivery", () => {
  it("logs a handled message and sends nothing", async () => {
    const { copies, log, messageDelivery } = delivery();
    const work = handler(async () => "done");
    await messageDelivery.deliver(received(), work, log);
    expect(copies.sent).toEqual([]);
    expect(log.lines).toEqual(["info: work message m-1: done"]);
    expect(work.attempts).toEqual([{ number: 1, isLast: false }]);
  });

  it("schedules a copy for a transient failure: same queue and body, the attempt, a derived id, the original's properties", async () => {
    const { copies, log, messageDelivery } = delivery();
    await messageDelivery.deliver(received(), handler(async () => Promise.reject(new Error("503"))), log);
    expect(copies.sent).toEqual([
      {
        queue: "work-queue",
        messageId: "m-1:attempt:2",
        body: { id: "a" },
        contentType: "application/json",
        correlationId: "trace-1",
        subject: undefined,
        applicationProperties: { tenant: "ttd", Attempt: 2, FirstMessageId: "m-1" },
        scheduledEnqueueTime: new Date("2030-01-01T10:00:05.000Z"),
      },
    ]);
    expect(log.lines).toEqual([expect.stringMatching(/^warn: work message m-1: attempt 1 of 4 failed \(Error: 503\); attempt 2 scheduled for 2030-01-01T10:00:05.000Z$/)]);
  });

  it("continues a chain from a retry copy's camel-cased properties, and tells the handler which attempt is the last", async () => {
    const { copies, log, messageDelivery } = delivery();
    const work = handler(async () => Promise.reject(new Error("503")));
    const copy = received({ messageId: "m-1:attempt:3", applicationProperties: { tenant: "ttd", attempt: 3, firstMessageId: "m-1" } });
    await messageDelivery.deliver(copy, work, log);
    expect(work.attempts).toEqual([{ number: 3, isLast: false }]);
    expect(copies.sent[0]).toMatchObject({
      messageId: "m-1:attempt:4",
      applicationProperties: { tenant: "ttd", Attempt: 4, FirstMessageId: "m-1" },
      scheduledEnqueueTime: new Date("2030-01-01T10:01:00.000Z"),
    });
    expect(Object.keys(copies.sent[0]!.applicationProperties)).toEqual(["tenant", "Attempt", "FirstMessageId"]);

    const last = received({ messageId: "m-1:attempt:4", applicationProperties: { attempt: 4, firstMessageId: "m-1" } });
    await messageDelivery.deliver(last, work, log);
    expect(work.attempts[1]).toEqual({ number: 4, isLast: true });
  });

  it("parks the last failed attempt as RetriesExhausted, with the original queue, ids, attempts and body", async () => {
    const { copies, log, messageDelivery } = delivery();
    const last = received({ messageId: "m-1:attempt:4", applicationProperties: { tenant: "ttd", attempt: 4, firstMessageId: "m-1" } });
    await messageDelivery.deliver(last, handler(async () => Promise.reject(new Error("GET … answered 503"))), log);
    expect(copies.sent).toEqual([
      {
        queue: "parked-messages",
        messageId: "m-1:attempt:4:parked",
        body: { id: "a" },
        contentType: "application/json",
        correlationId: "trace-1",
        subject: undefined,
        applicationProperties: {
          tenant: "ttd",
          DeadLetterReason: "RetriesExhausted",
          DeadLetterErrorDescription: "Attempt 4 of 4 failed; the last error: Error: GET … answered 503",
          OriginalQueue: "work-queue",
          OriginalMessageId: "m-1",
          DeliveredMessageId: "m-1:attempt:4",
          Attempts: 4,
          ParkedAt: now.toISOString(),
        },
        scheduledEnqueueTime: null,
      },
    ]);
    expect(log.lines).toEqual([expect.stringMatching(/^error: work message m-1:attempt:4 parked in parked-messages \(RetriesExhausted\)/)]);
  });

  it("parks an invalid body without trying it, and a permanent failure on its first attempt", async () => {
    const { copies, log, messageDelivery } = delivery();
    const work = handler(async () => Promise.reject(new PermanentFailure("cannot ever work")));
    await messageDelivery.deliver(received({ body: "not json", contentType: undefined }), work, log);
    await messageDelivery.deliver(received({ messageId: "m-2" }), work, log);
    expect(work.attempts).toEqual([{ number: 1, isLast: false }]);
    expect(copies.sent.map((copy) => [copy.messageId, copy.body, copy.applicationProperties])).toEqual([
      ["m-1:parked", "not json", expect.objectContaining({ DeadLetterReason: "InvalidMessage", DeadLetterErrorDescription: "Not a work message: id is missing", Attempts: 0 })],
      ["m-2:parked", { id: "a" }, expect.objectContaining({ DeadLetterReason: "PermanentFailure", DeadLetterErrorDescription: "PermanentFailure: cannot ever work", Attempts: 1 })],
    ]);
  });

  it("replaces the properties of an earlier parking when a resubmitted message is parked again", async () => {
    const { copies, log, messageDelivery } = delivery();
    const resubmitted = received({ body: 42, applicationProperties: { deadLetterReason: "RetriesExhausted", originalQueue: "work-queue", note: "by ops" } });
    await messageDelivery.deliver(resubmitted, handler(async () => "never"), log);
    expect(copies.sent[0]!.applicationProperties).toMatchObject({ note: "by ops", DeadLetterReason: "InvalidMessage" });
    expect(copies.sent[0]!.applicationProperties).not.toHaveProperty("deadLetterReason");
  });

  it("throws only when the copy cannot be sent, so the host abandons the message and the broker delivers it again", async () => {
    const { copies, log, messageDelivery } = delivery();
    copies.failWith = new Error("Service Bus unreachable");
    await expect(messageDelivery.deliver(received(), handler(async () => Promise.reject(new Error("503"))), log)).rejects.toThrow("unreachable");
    await expect(messageDelivery.deliver(received({ body: [] }), handler(async () => "never"), log)).rejects.toThrow("unreachable");
    expect(log.lines.at(-1)).toMatch(/^error: work message m-1: could not send m-1:parked to parked-messages; the message goes back to its queue/);
  });
});

describe("the retry settings", () => {
  const local = localAppSettings(defaultPorts);

  it("are optional: without them the policy's defaults apply", () => {
    expect(parseConfig(local).messageRetries).toEqual({ delaysMs: undefined, maxAttempts: undefined });
  });

  it("read MESSAGE_RETRY_DELAYS as durations in ms, s, m or h, and MESSAGE_MAX_ATTEMPTS as a count", () => {
    const config = parseConfig({ ...local, MESSAGE_RETRY_DELAYS: "500ms, 1.5s,2m,1h", MESSAGE_MAX_ATTEMPTS: "6" });
    expect(config.messageRetries).toEqual({ delaysMs: [500, 1_500, 120_000, 3_600_000], maxAttempts: 6 });
  });

  it("refuse what they cannot read", () => {
    for (const settings of [{ MESSAGE_RETRY_DELAYS: "5 seconds" }, { MESSAGE_RETRY_DELAYS: "" }, { MESSAGE_MAX_ATTEMPTS: "0" }, { MESSAGE_MAX_ATTEMPTS: "x" }]) {
      expect(() => parseConfig({ ...local, ...settings }), JSON.stringify(settings)).toThrow(ConfigError);
    }
  });
});
