/**
 * When a message whose handling failed is tried again, and when it is given up: a pure function of the attempt
 * number, the error and a random number. message-delivery.ts applies it.
 *
 * Why not the broker's own redelivery: a message the host abandons comes back at once, so a queue's maxDeliveryCount
 * deliveries span seconds, and an outage longer than that dead-letters everything with the reason
 * MaxDeliveryCountExceeded, which tells nobody anything. Instead each retry is a copy of the message, scheduled
 * with a growing delay, so the attempts spread over hours; the broker's maxDeliveryCount stays as the backstop for
 * when sending that copy fails.
 */
import { uuidV5 } from "../../domain/dialogporten/deterministic-uuid.js";
import { describeError, PermanentFailure, truncate, type ParkReason } from "./delivery-failures.js";

export interface RetryPolicy {
  /** The delay after the 1st, 2nd, … failed attempt; the last entry repeats, so it is the cap. */
  delaysMs: readonly number[];
  /** Attempts in all, the first delivery included; a transient failure of the last one parks the message. */
  maxAttempts: number;
  /** Each delay is spread by up to ± this fraction, so messages that failed together do not all return together. */
  jitterRatio: number;
}

/** 5 s, 15 s, 1 min, 5 min, 15 min, then hourly: ten attempts span about 4 h 20 min. */
export const defaultRetryDelaysMs: readonly number[] = [5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000];
export const defaultMaxAttempts = 10;
export const defaultJitterRatio = 0.2;

export type FailureDecision =
  | { kind: "retry"; nextAttempt: number; delayMs: number }
  | { kind: "park"; reason: ParkReason; description: string };

/** The delay before the next attempt after attempt `failedAttempt` (1-based) failed. `random` is in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const index = Math.min(Math.max(failedAttempt, 1), policy.delaysMs.length) - 1;
  const base = policy.delaysMs[index] ?? 0;
  const spread = base * policy.jitterRatio * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}

/** What to do after attempt `failedAttempt` threw `error`. */
export function decideAfterFailure(
  policy: RetryPolicy,
  failedAttempt: number,
  error: unknown,
  random: () => number,
): FailureDecision {
  if (error instanceof PermanentFailure) return { kind: "park", reason: "PermanentFailure", description: describeError(error) };
  if (failedAttempt >= policy.maxAttempts) {
    return {
      kind: "park",
      reason: "RetriesExhausted",
      description: truncate(`Attempt ${failedAttempt} of ${policy.maxAttempts} failed; the last error: ${describeError(error)}`),
    };
  }
  return { kind: "retry", nextAttempt: failedAttempt + 1, delayMs: retryDelayMs(policy, failedAttempt, random) };
}

/** Service Bus refuses longer message ids. */
const maxMessageIdLength = 128;
/** The namespace of the UUIDv5 that stands in for a derived id that would be too long. */
const derivedIdNamespace = "3d5c2f0e-8a41-4c3e-9b7d-52f1a6c0e9b4";

/**
 * The id of a copy derived from `messageId`: readable (`<id>:<suffix>`) when it fits, else a UUIDv5 of that text.
 * The same inputs give the same id, so sending the copy twice (a re-run of the same attempt) is dropped by the
 * queue's duplicate detection; it never equals the id it derives from, which the queue would drop.
 */
export function derivedMessageId(messageId: string, suffix: string): string {
  const readable = `${messageId}:${suffix}`;
  return readable.length <= maxMessageIdLength ? readable : uuidV5(derivedIdNamespace, readable);
}

/** The id of the copy that carries attempt `attempt` of the message first sent as `firstMessageId`. */
export function retryMessageId(firstMessageId: string, attempt: number): string {
  return derivedMessageId(firstMessageId, `attempt:${attempt}`);
}

/** The id of the parked copy of the delivered message `messageId`. */
export function parkedMessageId(messageId: string): string {
  return derivedMessageId(messageId, "parked");
}
