/**
 * One receivable entity (a queue, a subscription, or a dead-letter sub-queue): its messages, the consumers (receiving
 * links) it hands them to, and the peek-lock life cycle Service Bus applies to each message:
 *
 *   available ──deliver──► locked ──complete──► gone
 *       ▲                    │ abandon / lock expiry / link closed: deliveryCount + 1,
 *       └────────────────────┤   dead-lettered (MaxDeliveryCountExceeded) at maxDeliveryCount
 *                            │ release: back without counting
 *                            │ defer: set aside until received by sequence number
 *                            └ dead-letter: to the dead-letter queue with reason and description
 *
 * Expired messages (TTL) are removed when they reach the head of the queue, as Service Bus does: dead-lettered
 * (TTLExpiredException) when the entity says so, else dropped.
 */
import type { ReceiveSettings } from "./entities.js";
import { newLockToken } from "./lock-token.js";
import { OrderedSequenceQueue } from "./ordered-sequence-queue.js";
import { StoredMessage, type MessageContent } from "./stored-message.js";
import { runAt, type Cancellable } from "./timers.js";

export type ReceiveMode = "peekLock" | "receiveAndDelete";

/** A receiving link, seen from the store. */
export interface MessageConsumer {
  readonly receiveMode: ReceiveMode;
  /** How many more messages the consumer takes now; must drop by one on each `deliver`. */
  availableCredit(): number;
  /** Hands a message over: with its lock in peek-lock mode, already removed from the store in receive-and-delete. */
  deliver(message: StoredMessage, lock: MessageLock | undefined): void;
}

export interface MessageLock {
  readonly token: string;
  readonly message: StoredMessage;
  /** The consumer the message went out on; undefined for messages locked through $management (deferred). */
  readonly holder: MessageConsumer | undefined;
  lockedUntil: number;
  expiry: Cancellable;
  /** Where the message goes when the lock ends without settlement. */
  readonly returnState: "active" | "deferred";
}

export type SettleResult = { settled: true } | { settled: false; condition: string; description: string };

export type DeadLetterSink = (
  message: StoredMessage,
  reason: string | undefined,
  description: string | undefined,
) => void;

export interface MessageStoreOptions {
  /** The entity's path as configured, for error texts. */
  path: string;
  settings: ReceiveSettings;
  /** Where dead-lettered messages go; absent for a dead-letter queue, whose messages are never dead-lettered again. */
  deadLetter?: DeadLetterSink;
  now?: () => number;
  /** Told about every change a snapshot would see. */
  onChange?: () => void;
}

/** A message as a snapshot keeps it. Locks are not kept (they do not outlive the broker); `locked` notes one. */
export interface MessageSnapshot {
  readonly sequenceNumber: bigint;
  readonly content: MessageContent;
  readonly enqueuedAt: number;
  /** Infinity when it never expires. */
  readonly timeToLiveMs: number;
  readonly state: "active" | "deferred";
  readonly deliveryCount: number;
  readonly locked: boolean;
}

const settled: SettleResult = { settled: true };

/** What Service Bus answers for a lock token it does not hold (expired, settled, given back, or never issued). */
export function lockLostResult(path: string): { settled: false; condition: string; description: string } {
  return {
    settled: false,
    condition: "com.microsoft:message-lock-lost",
    description:
      `The lock supplied is invalid. Either the lock expired, or the message has already been removed from ` +
      `'${path}'.`,
  };
}

export const deadLetterReasons = {
  maxDeliveryCountExceeded: "MaxDeliveryCountExceeded",
  ttlExpired: "TTLExpiredException",
} as const;

export class MessageStore {
  private readonly messages = new Map<bigint, StoredMessage>();
  private readonly available = new OrderedSequenceQueue();
  private readonly locks = new Map<string, MessageLock>();
  private consumers: MessageConsumer[] = [];
  private nextConsumerIndex = 0;
  private pumping = false;
  private pumpRequested = false;
  private readonly now: () => number;

  constructor(private readonly options: MessageStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get path(): string {
    return this.options.path;
  }

  get settings(): ReceiveSettings {
    return this.options.settings;
  }

  enqueue(message: StoredMessage): void {
    this.enqueueWithoutPump(message);
    this.pump();
  }

  addConsumer(consumer: MessageConsumer): void {
    this.consumers.push(consumer);
    this.pump();
  }

  /** A link went away: the messages it held locks for are abandoned (counted) and become available again. */
  removeConsumer(consumer: MessageConsumer): void {
    this.consumers = this.consumers.filter((candidate) => candidate !== consumer);
    for (const lock of [...this.locks.values()]) {
      if (lock.holder === consumer) this.endLockUnsettled(lock);
    }
    this.pump();
  }

  /** Delivers available messages to consumers with credit, round-robin. Safe to call from within a delivery. */
  pump(): void {
    if (this.pumping) {
      this.pumpRequested = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpRequested = false;
        this.deliverAvailable();
      } while (this.pumpRequested);
    } finally {
      this.pumping = false;
    }
  }

  complete(lockToken: string): SettleResult {
    const lock = this.takeLock(lockToken);
    if (!lock) return this.lockLost();
    this.remove(lock.message.sequenceNumber);
    return settled;
  }

  abandon(lockToken: string, propertiesToModify: Record<string, unknown> = {}): SettleResult {
    const lock = this.takeLock(lockToken);
    if (!lock) return this.lockLost();
    lock.message.modifyApplicationProperties(propertiesToModify);
    this.returnAfterFailedAttempt(lock.message, lock.returnState);
    this.pump();
    return settled;
  }

  /** The client gave the message back without trying it (AMQP released): no delivery attempt is counted. */
  release(lockToken: string): SettleResult {
    const lock = this.takeLock(lockToken);
    if (!lock) return this.lockLost();
    this.putBack(lock.message, lock.returnState);
    this.pump();
    return settled;
  }

  defer(lockToken: string, propertiesToModify: Record<string, unknown> = {}): SettleResult {
    const lock = this.takeLock(lockToken);
    if (!lock) return this.lockLost();
    lock.message.modifyApplicationProperties(propertiesToModify);
    lock.message.state = "deferred";
    return settled;
  }

  deadLetter(
    lockToken: string,
    reason: string | undefined,
    description: string | undefined,
    propertiesToModify: Record<string, unknown> = {},
  ): SettleResult {
    const lock = this.takeLock(lockToken);
    if (!lock) return this.lockLost();
    lock.message.modifyApplicationProperties(propertiesToModify);
    if (!this.options.deadLetter) {
      // Already in a dead-letter queue: there is nowhere further to go, so the message stays where it is.
      this.putBack(lock.message, lock.returnState);
      this.pump();
      return settled;
    }
    this.remove(lock.message.sequenceNumber);
    this.options.deadLetter(lock.message, reason, description);
    return settled;
  }

  /** New lock expiry, or undefined when the lock is gone (expired, settled, or never ours). */
  renewLock(lockToken: string): number | undefined {
    const lock = this.liveLock(lockToken);
    if (!lock) return undefined;
    lock.expiry.cancel();
    lock.lockedUntil = this.now() + this.settings.lockDurationMs;
    lock.expiry = runAt(lock.lockedUntil, () => this.expireLock(lock), this.now);
    return lock.lockedUntil;
  }

  /**
   * Messages from `fromSequenceNumber` on, lowest first, without locking them. Includes locked and deferred
   * messages, and `extra` ones held elsewhere (a queue's scheduled messages), as Service Bus's peek does.
   */
  peek(fromSequenceNumber: bigint, maxCount: number, extra: readonly StoredMessage[] = []): StoredMessage[] {
    const candidates = [...this.messages.values(), ...extra].filter(
      (message) => message.sequenceNumber >= fromSequenceNumber,
    );
    candidates.sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : a.sequenceNumber > b.sequenceNumber ? 1 : 0));
    return candidates.slice(0, Math.max(0, maxCount));
  }

  /** Receives deferred messages by sequence number (all or nothing, as Service Bus does). */
  receiveDeferred(
    sequenceNumbers: readonly bigint[],
    mode: ReceiveMode,
  ): { found: { message: StoredMessage; lock: MessageLock | undefined }[] } | { missing: bigint } {
    const messages: StoredMessage[] = [];
    for (const sequenceNumber of sequenceNumbers) {
      const message = this.messages.get(sequenceNumber);
      if (!message || message.state !== "deferred" || message.lockToken) return { missing: sequenceNumber };
      messages.push(message);
    }
    return {
      found: messages.map((message) => {
        if (mode === "receiveAndDelete") {
          this.remove(message.sequenceNumber);
          return { message, lock: undefined };
        }
        return { message, lock: this.lock(message, undefined, "deferred") };
      }),
    };
  }

  /** The messages for a snapshot, lowest sequence number first. */
  snapshot(): MessageSnapshot[] {
    return this.peek(0n, Number.POSITIVE_INFINITY).map((message) => ({
      sequenceNumber: message.sequenceNumber,
      content: message.content,
      enqueuedAt: message.enqueuedAt,
      timeToLiveMs: message.timeToLiveMs,
      state: message.state === "deferred" ? "deferred" : "active",
      deliveryCount: message.deliveryCount,
      locked: message.lockToken !== undefined,
    }));
  }

  /**
   * Takes back a snapshot's messages. One that was locked comes back unlocked with the attempt counted, as when its
   * lock expires (so it may be dead-lettered for it): the client that held the lock is gone with the old broker.
   */
  restore(messages: readonly MessageSnapshot[]): void {
    for (const saved of messages) {
      const message = new StoredMessage(
        saved.sequenceNumber,
        saved.content,
        saved.enqueuedAt,
        saved.timeToLiveMs,
        saved.state,
      );
      message.deliveryCount = saved.deliveryCount;
      this.messages.set(message.sequenceNumber, message);
      if (saved.locked) this.returnAfterFailedAttempt(message, saved.state);
      else this.putBack(message, saved.state);
    }
    this.changed();
    this.pump();
  }

  dispose(): void {
    for (const lock of this.locks.values()) lock.expiry.cancel();
    this.locks.clear();
    this.messages.clear();
    this.available.clear();
    this.consumers = [];
  }

  private enqueueWithoutPump(message: StoredMessage): void {
    message.state = "active";
    message.lockToken = undefined;
    this.messages.set(message.sequenceNumber, message);
    this.available.add(message.sequenceNumber);
    this.changed();
  }

  /** Every removal goes through here, so a snapshot hears of it. */
  private remove(sequenceNumber: bigint): void {
    this.messages.delete(sequenceNumber);
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private deliverAvailable(): void {
    while (this.available.size > 0) {
      const consumer = this.nextConsumerWithCredit();
      if (!consumer) return;
      const sequenceNumber = this.available.shift();
      const message = sequenceNumber === undefined ? undefined : this.messages.get(sequenceNumber);
      // Entries can be stale: a message may have been settled or deferred since it was queued.
      if (!message || message.state !== "active" || message.lockToken !== undefined) continue;
      if (message.isExpired(this.now())) {
        this.expireMessage(message);
        continue;
      }
      this.deliverTo(consumer, message);
    }
  }

  private deliverTo(consumer: MessageConsumer, message: StoredMessage): void {
    const lock = consumer.receiveMode === "peekLock" ? this.lock(message, consumer, "active") : undefined;
    if (!lock) this.remove(message.sequenceNumber);
    try {
      consumer.deliver(message, lock);
    } catch {
      // A link that cannot send is broken: the message goes back uncounted and the link gets nothing more.
      if (lock) this.dropLock(lock);
      this.enqueueWithoutPump(message);
      this.consumers = this.consumers.filter((candidate) => candidate !== consumer);
    }
  }

  private nextConsumerWithCredit(): MessageConsumer | undefined {
    const count = this.consumers.length;
    for (let offset = 0; offset < count; offset += 1) {
      const index = (this.nextConsumerIndex + offset) % count;
      const consumer = this.consumers[index];
      if (consumer && consumer.availableCredit() > 0) {
        this.nextConsumerIndex = (index + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  private lock(message: StoredMessage, holder: MessageConsumer | undefined, returnState: "active" | "deferred") {
    const lockedUntil = this.now() + this.settings.lockDurationMs;
    const token = newLockToken();
    const lock: MessageLock = {
      token,
      message,
      holder,
      lockedUntil,
      returnState,
      expiry: { cancel: () => undefined },
    };
    lock.expiry = runAt(lockedUntil, () => this.expireLock(lock), this.now);
    message.lockToken = token;
    this.locks.set(token, lock);
    this.changed();
    return lock;
  }

  /** The lock, if it is still held; a lock past its time is expired on the spot (its timer may not have run yet). */
  private liveLock(lockToken: string): MessageLock | undefined {
    const lock = this.locks.get(lockToken);
    if (!lock) return undefined;
    if (this.now() >= lock.lockedUntil) {
      this.expireLock(lock);
      return undefined;
    }
    return lock;
  }

  private takeLock(lockToken: string): MessageLock | undefined {
    const lock = this.liveLock(lockToken);
    if (lock) this.dropLock(lock);
    return lock;
  }

  private dropLock(lock: MessageLock): void {
    lock.expiry.cancel();
    this.locks.delete(lock.token);
    if (lock.message.lockToken === lock.token) lock.message.lockToken = undefined;
    this.changed();
  }

  private expireLock(lock: MessageLock): void {
    if (this.locks.get(lock.token) !== lock) return;
    this.endLockUnsettled(lock);
    this.pump();
  }

  private endLockUnsettled(lock: MessageLock): void {
    this.dropLock(lock);
    this.returnAfterFailedAttempt(lock.message, lock.returnState);
  }

  /** A delivery attempt failed (abandon, lock lost): count it, and dead-letter once the entity's limit is reached. */
  private returnAfterFailedAttempt(message: StoredMessage, returnState: "active" | "deferred"): void {
    message.deliveryCount += 1;
    const { maxDeliveryCount } = this.settings;
    if (this.options.deadLetter && message.deliveryCount >= maxDeliveryCount) {
      this.remove(message.sequenceNumber);
      this.options.deadLetter(
        message,
        deadLetterReasons.maxDeliveryCountExceeded,
        `Message could not be consumed after ${maxDeliveryCount} delivery attempts.`,
      );
      return;
    }
    this.putBack(message, returnState);
  }

  private putBack(message: StoredMessage, returnState: "active" | "deferred"): void {
    message.state = returnState;
    if (returnState === "active") this.available.add(message.sequenceNumber);
  }

  private expireMessage(message: StoredMessage): void {
    this.remove(message.sequenceNumber);
    if (this.options.deadLetter && this.settings.deadLetterOnExpiration) {
      this.options.deadLetter(message, deadLetterReasons.ttlExpired, "The message expired and was dead lettered.");
    }
  }

  private lockLost(): SettleResult {
    return lockLostResult(this.path);
  }
}
