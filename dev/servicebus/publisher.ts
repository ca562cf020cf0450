/**
 * The sending side of a queue or topic: assigns message ids and sequence numbers, drops duplicates, and holds
 * scheduled messages until their time before handing them on (to the queue's store, or to every subscription).
 */
import { DuplicateDetector } from "./duplicate-detector.js";
import type { PublishSettings } from "./entities.js";
import {
  ensureMessageId,
  messageIdKey,
  scheduledEnqueueTime,
  StoredMessage,
  type MessageContent,
} from "./stored-message.js";
import { runAt, type Cancellable } from "./timers.js";

/** Hands a message that is due on to where receivers find it. */
export type Distribute = (sequenceNumber: bigint, content: MessageContent, enqueuedAt: number) => void;

interface ScheduledMessage {
  readonly sequenceNumber: bigint;
  readonly content: MessageContent;
  readonly enqueueAt: number;
  readonly timer: Cancellable;
}

/** What a snapshot keeps of a publisher: its sequence counter, scheduled messages and duplicate-detection history. */
export interface PublisherSnapshot {
  /** The number the next message gets: a restart must not hand out a number again. */
  readonly nextSequenceNumber: bigint;
  readonly scheduled: readonly { sequenceNumber: bigint; content: MessageContent; enqueueAt: number }[];
  /** Message ids (as `messageIdKey` renders them) accepted within the window, with when; empty without detection. */
  readonly duplicateHistory: readonly (readonly [string, number])[];
}

/** The lifetime a message asked for in its header (AMQP ttl, milliseconds); Infinity when it asked for none. */
export function requestedTimeToLive(content: MessageContent): number {
  const ttl = content.header.ttl;
  return ttl !== undefined && ttl > 0 ? ttl : Number.POSITIVE_INFINITY;
}

export class Publisher {
  private nextSequenceNumber = 1n;
  private readonly duplicates: DuplicateDetector | undefined;
  private readonly scheduled = new Map<bigint, ScheduledMessage>();

  constructor(
    readonly settings: PublishSettings,
    private readonly distribute: Distribute,
    private readonly now: () => number = Date.now,
    /** Told about every change a snapshot would see. */
    private readonly onChange: () => void = () => undefined,
  ) {
    this.duplicates =
      settings.duplicateDetectionWindowMs === undefined
        ? undefined
        : new DuplicateDetector(settings.duplicateDetectionWindowMs);
  }

  /**
   * Accepts a message: returns its sequence number. A duplicate (same id within the detection window) gets one
   * too, so the sender sees success, but it is dropped, as Service Bus does.
   */
  publish(content: MessageContent): bigint {
    const now = this.now();
    ensureMessageId(content);
    const sequenceNumber = this.nextSequenceNumber;
    this.nextSequenceNumber += 1n;
    this.onChange();
    const idKey = messageIdKey(content);
    if (this.duplicates && idKey !== undefined && this.duplicates.isDuplicate(idKey, now)) return sequenceNumber;

    const enqueueAt = scheduledEnqueueTime(content);
    if (enqueueAt === undefined || enqueueAt <= now) {
      this.distribute(sequenceNumber, content, now);
      return sequenceNumber;
    }
    this.schedule(sequenceNumber, content, enqueueAt);
    return sequenceNumber;
  }

  /** Cancels scheduled messages; sequence numbers that are not (or no longer) scheduled are ignored. */
  cancelScheduled(sequenceNumbers: readonly bigint[]): void {
    for (const sequenceNumber of sequenceNumbers) {
      this.scheduled.get(sequenceNumber)?.timer.cancel();
      if (this.scheduled.delete(sequenceNumber)) this.onChange();
    }
  }

  /** Scheduled messages as peek shows them (state "scheduled"). */
  scheduledMessages(): StoredMessage[] {
    return [...this.scheduled.values()].map(
      (entry) =>
        new StoredMessage(
          entry.sequenceNumber,
          entry.content,
          entry.enqueueAt,
          requestedTimeToLive(entry.content),
          "scheduled",
        ),
    );
  }

  snapshot(): PublisherSnapshot {
    return {
      nextSequenceNumber: this.nextSequenceNumber,
      scheduled: [...this.scheduled.values()].map(({ sequenceNumber, content, enqueueAt }) => ({
        sequenceNumber,
        content,
        enqueueAt,
      })),
      duplicateHistory: this.duplicates?.history(this.now()) ?? [],
    };
  }

  /** Takes back a snapshot's state; scheduled messages whose time passed while the broker was down go out now. */
  restore(snapshot: PublisherSnapshot): void {
    if (snapshot.nextSequenceNumber > this.nextSequenceNumber) this.nextSequenceNumber = snapshot.nextSequenceNumber;
    this.duplicates?.restore(snapshot.duplicateHistory);
    for (const { sequenceNumber, content, enqueueAt } of snapshot.scheduled) {
      this.schedule(sequenceNumber, content, enqueueAt);
    }
  }

  dispose(): void {
    for (const entry of this.scheduled.values()) entry.timer.cancel();
    this.scheduled.clear();
  }

  private schedule(sequenceNumber: bigint, content: MessageContent, enqueueAt: number): void {
    const timer = runAt(enqueueAt, () => this.releaseScheduled(sequenceNumber), this.now);
    this.scheduled.set(sequenceNumber, { sequenceNumber, content, enqueueAt, timer });
  }

  private releaseScheduled(sequenceNumber: bigint): void {
    const entry = this.scheduled.get(sequenceNumber);
    if (!entry) return;
    this.scheduled.delete(sequenceNumber);
    this.onChange();
    this.distribute(sequenceNumber, entry.content, this.now());
  }
}
