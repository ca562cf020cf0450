/**
 * The delivery policy of our Service Bus triggers (docs/messaging.md). The trigger hands over the received message
 * and its queue's handler; the message is then always settled by completing it — the host completes a message whose
 * handler returned — after one of:
 * - handled: logged;
 * - a transient failure (anything but a PermanentFailure): a copy is scheduled on the same queue after a growing
 *   delay (retry-policy.ts), carrying the attempt number;
 * - a body that is not one of the queue's messages, a PermanentFailure, or the last attempt failed: a copy goes to
 *   the parking queue with a readable reason, because a Functions trigger cannot dead-letter a message itself.
 * Only when sending that copy fails does this throw: the host abandons the message, the broker delivers it again
 * at once, and the queue's maxDeliveryCount stays the backstop. Copies have deterministic ids, so a re-run of the
 * same attempt sends nothing twice.
 */
import { describeError, type ParkReason } from "./delivery-failures.js";
import {
  attemptOf,
  carriedProperties,
  deliveryProperties,
  firstMessageIdOf,
} from "./delivery-properties.js";
import type { DeliveryLog, MessageCopy, MessageCopySender, MessageHandler, ReceivedMessage } from "./delivery-ports.js";
import { decideAfterFailure, parkedMessageId, retryMessageId, type RetryPolicy } from "./retry-policy.js";

export interface MessageDeliveryDependencies {
  copies: MessageCopySender;
  policy: RetryPolicy;
  /** The queue parked messages go to (declared in infra/servicebus.json). */
  parkingQueue: string;
  clock?: () => Date;
  random?: () => number;
}

interface Parking {
  reason: ParkReason;
  description: string;
  /** Attempts made: 0 when the body could not even be read. */
  attempts: number;
}

export class MessageDelivery {
  private readonly clock: () => Date;
  private readonly random: () => number;

  constructor(private readonly deps: MessageDeliveryDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  async deliver<T>(received: ReceivedMessage, handler: MessageHandler<T>, log: DeliveryLog): Promise<void> {
    const what = `${handler.describes} ${received.messageId}`;
    const parsed = handler.parse(received.body);
    if (!parsed.ok) {
      await this.park(received, { reason: "InvalidMessage", description: `Not a ${handler.describes}: ${parsed.reason}`, attempts: 0 }, what, log);
      return;
    }
    const attempt = attemptOf(received);
    try {
      const handled = await handler.handle(parsed.message, { number: attempt, isLast: attempt >= this.deps.policy.maxAttempts });
      if (handled.noteworthy) log.warn(`${what}: ${handled.summary}`);
      else log.info(`${what}: ${handled.summary}`);
      return;
    } catch (error) {
      const decision = decideAfterFailure(this.deps.policy, attempt, error, this.random);
      if (decision.kind === "park") {
        await this.park(received, { reason: decision.reason, description: decision.description, attempts: attempt }, what, log);
        return;
      }
      const at = new Date(this.clock().getTime() + decision.delayMs);
      log.warn(
        `${what}: attempt ${attempt} of ${this.deps.policy.maxAttempts} failed (${describeError(error)}); ` +
          `attempt ${decision.nextAttempt} scheduled for ${at.toISOString()}`,
      );
      await this.sendOrThrow(this.retryCopy(received, decision.nextAttempt, at), what, log);
    }
  }

  private retryCopy(received: ReceivedMessage, attempt: number, at: Date): MessageCopy {
    const firstMessageId = firstMessageIdOf(received);
    return {
      ...copyOf(received),
      queue: received.queue,
      messageId: retryMessageId(firstMessageId, attempt),
      applicationProperties: {
        ...carriedProperties(received),
        [deliveryProperties.attempt]: attempt,
        [deliveryProperties.firstMessageId]: firstMessageId,
      },
      scheduledEnqueueTime: at,
    };
  }

  private async park(received: ReceivedMessage, parking: Parking, what: string, log: DeliveryLog): Promise<void> {
    log.error(`${what} parked in ${this.deps.parkingQueue} (${parking.reason}): ${parking.description}`);
    await this.sendOrThrow(
      {
        ...copyOf(received),
        queue: this.deps.parkingQueue,
        messageId: parkedMessageId(received.messageId),
        applicationProperties: {
          ...carriedProperties(received),
          [deliveryProperties.deadLetterReason]: parking.reason,
          [deliveryProperties.deadLetterErrorDescription]: parking.description,
          [deliveryProperties.originalQueue]: received.queue,
          [deliveryProperties.originalMessageId]: firstMessageIdOf(received),
          [deliveryProperties.deliveredMessageId]: received.messageId,
          [deliveryProperties.attempts]: parking.attempts,
          [deliveryProperties.parkedAt]: this.clock().toISOString(),
        },
        scheduledEnqueueTime: null,
      },
      what,
      log,
    );
  }

  private async sendOrThrow(copy: MessageCopy, what: string, log: DeliveryLog): Promise<void> {
    try {
      await this.deps.copies.send(copy);
    } catch (error) {
      log.error(`${what}: could not send ${copy.messageId} to ${copy.queue}; the message goes back to its queue: ${describeError(error)}`);
      throw error;
    }
  }
}

function copyOf(received: ReceivedMessage): Pick<MessageCopy, "body" | "contentType" | "correlationId" | "subject"> {
  return { body: received.body, contentType: received.contentType, correlationId: received.correlationId, subject: received.subject };
}
