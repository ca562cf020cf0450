/**
 * A client's receiving link, served by one of our sending links: credit and drain, peek-lock deliveries with lock
 * tokens as delivery tags, and the client's settlements (complete/abandon/dead-letter/defer/release).
 */
import type { Delivery, EventContext, Sender } from "rhea";
import { asRecord, asString, remoteSettleModes, senderCreditState, sessionOutgoingCapacity } from "./amqp.js";
import { deliveryTagFor, lockTokenFromDeliveryTag, newLockToken, uuidBytesFor } from "./lock-token.js";
import type { MessageConsumer, MessageLock, MessageStore, ReceiveMode, SettleResult } from "./message-store.js";
import { remoteOutcomeFields, settleOutgoingDelivery, type SettlementOutcome } from "./settlement-answers.js";
import type { StoredMessage } from "./stored-message.js";

/** AMQP sender-settle-mode "settled": the SDK asks for it in receive-and-delete mode. */
const senderSettleModeSettled = 1;

const deadLetterInfoKeys = new Set(["DeadLetterReason", "DeadLetterErrorDescription"]);

export class ConsumerLink implements MessageConsumer {
  readonly receiveMode: ReceiveMode;
  /** Absolute delivery count the client allows us to reach (its delivery-count + link-credit). */
  private deliveryLimit = 0;
  /** Deliveries we have handed to rhea, plus credit given up by draining. */
  private issued = 0;
  private closed = false;

  constructor(
    private readonly sender: Sender,
    private readonly store: MessageStore,
  ) {
    this.receiveMode =
      remoteSettleModes(sender).sender === senderSettleModeSettled ? "receiveAndDelete" : "peekLock";
  }

  start(): void {
    this.sender.on("sender_flow", () => this.onFlow());
    this.sender.on("sender_draining", () => this.onDrain());
    this.sender.on("sendable", () => this.store.pump());
    for (const outcome of ["accepted", "rejected", "released", "modified"] as const) {
      this.sender.on(outcome, (context: EventContext) => {
        if (context.delivery) this.onOutcome(outcome, context.delivery);
      });
    }
    this.store.addConsumer(this);
  }

  /** The link, its session or its connection is gone: give the locked messages back to the store. */
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.store.removeConsumer(this);
  }

  availableCredit(): number {
    if (this.closed) return 0;
    return Math.max(0, Math.min(this.deliveryLimit - this.issued, sessionOutgoingCapacity(this.sender)));
  }

  deliver(message: StoredMessage, lock: MessageLock | undefined): void {
    this.issued += 1;
    // Receive-and-delete deliveries are settled on send (the link's settle mode), so their tag names no lock.
    const tag = deliveryTagFor(lock?.token ?? newLockToken());
    const amqp = lock
      ? message.toAmqp({ lockedUntil: lock.lockedUntil, lockTokenUuid: uuidBytesFor(lock.token) })
      : message.toAmqp();
    this.sender.send(amqp, tag);
  }

  private onFlow(): void {
    // rhea has just recomputed credit from the flow: credit + its delivery count is the client's absolute limit.
    const { credit, deliveryCount } = senderCreditState(this.sender);
    this.deliveryLimit = credit + deliveryCount;
    this.issued = Math.max(this.issued, deliveryCount);
    this.store.pump();
  }

  /**
   * The client asks us to use up its credit now (receiveMessages ending early): send what is available, then give
   * up the rest so the client's drain completes at once instead of timing out and closing the link.
   */
  private onDrain(): void {
    this.store.pump();
    if (!this.closed && this.deliveryLimit > this.issued) {
      this.issued = this.deliveryLimit;
      this.sender.set_drained(true);
    }
  }

  private onOutcome(kind: SettlementOutcome["kind"], delivery: Delivery): void {
    if (delivery.settled) return; // receive-and-delete: settled on send, nothing to do
    const tag = Buffer.isBuffer(delivery.tag) ? delivery.tag : Buffer.from(delivery.tag);
    const lockToken = lockTokenFromDeliveryTag(tag);
    const fields = remoteOutcomeFields(delivery);
    const { result, answer } = this.applyOutcome(kind, lockToken, fields);
    // A successful settlement is answered with a state that carries no error: the SDK rejects on any error.
    settleOutgoingDelivery(
      delivery,
      result.settled
        ? answer
        : { kind: "rejected", error: { condition: result.condition, description: result.description } },
    );
  }

  private applyOutcome(
    kind: SettlementOutcome["kind"],
    lockToken: string,
    fields: Record<string, unknown>,
  ): { result: SettleResult; answer: SettlementOutcome } {
    switch (kind) {
      case "accepted":
        return { result: this.store.complete(lockToken), answer: { kind: "accepted" } };
      case "released":
        return { result: this.store.release(lockToken), answer: { kind: "released" } };
      case "modified": {
        // The SDK abandons with undeliverable-here false and defers with it true; both may carry new properties.
        const propertiesToModify = asRecord(fields.message_annotations);
        const deferred = fields.undeliverable_here === true;
        const result = deferred
          ? this.store.defer(lockToken, propertiesToModify)
          : this.store.abandon(lockToken, propertiesToModify);
        return {
          result,
          answer: {
            kind: "modified",
            fields: { delivery_failed: fields.delivery_failed, undeliverable_here: deferred },
          },
        };
      }
      case "rejected": {
        // Dead-letter: the reason and description ride in the error's info, next to any properties to modify.
        const info = asRecord(asRecord(fields.error).info);
        const propertiesToModify = Object.fromEntries(
          Object.entries(info).filter(([key]) => !deadLetterInfoKeys.has(key)),
        );
        const result = this.store.deadLetter(
          lockToken,
          asString(info.DeadLetterReason),
          asString(info.DeadLetterErrorDescription),
          propertiesToModify,
        );
        return { result, answer: { kind: "rejected" } };
      }
    }
  }
}
