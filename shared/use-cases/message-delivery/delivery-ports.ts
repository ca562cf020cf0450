/**
 * The ports of message delivery: what a Service Bus trigger hands over about the message it received, what a queue's
 * handler provides, and the one outbound port, which sends a copy of a message back to Service Bus (a scheduled retry
 * to the same queue, or the parked copy to the parking queue). The adapter is
 * shared/adapters/servicebus/service-bus-copy-sender.ts.
 */

/** A delivered message, as the trigger's binding data describes it. */
export interface ReceivedMessage {
  queue: string;
  messageId: string;
  /** The body as the trigger received it: parsed JSON, text, or bytes. */
  body: unknown;
  contentType: string | undefined;
  correlationId: string | undefined;
  subject: string | undefined;
  /**
   * As the Functions library hands them over: the first letter of every key lower-cased (`DeadLetterReason` arrives
   * as `deadLetterReason`), so our own keys are read either way.
   */
  applicationProperties: Readonly<Record<string, unknown>>;
}

export type PropertyValue = string | number | boolean;

/** A copy of a received message, sent back to Service Bus. */
export interface MessageCopy {
  queue: string;
  /** Derived deterministically from the received message (retry-policy.ts), never the received id itself. */
  messageId: string;
  /** The received body, sent as the bytes it arrived as. */
  body: unknown;
  contentType: string | undefined;
  correlationId: string | undefined;
  subject: string | undefined;
  applicationProperties: Readonly<Record<string, PropertyValue>>;
  /** When the broker makes it visible; null for now. */
  scheduledEnqueueTime: Date | null;
}

export interface MessageCopySender {
  /** Sends the copy; throws when Service Bus did not take it. A repeat of the same id is dropped by the queue. */
  send(copy: MessageCopy): Promise<void>;
}

export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; reason: string };

export interface Attempt {
  /** 1 for the message as first sent, n for the (n-1)th retry copy. */
  number: number;
  /** No retry follows a transient failure of this attempt: the message is parked instead. */
  isLast: boolean;
}

export interface HandledMessage {
  /** One log line saying what was done. */
  summary: string;
  /** The effect did not (fully) happen, by design: logged as a warning. */
  noteworthy: boolean;
}

/** What one queue's trigger brings: how to read its body, and the work. */
export interface MessageHandler<T> {
  /** What the queue carries, for log lines and reasons, e.g. "dialogporten-sync message". */
  describes: string;
  /** A body that is not one of the queue's messages is parked as InvalidMessage with `reason`. */
  parse(body: unknown): ParsedMessage<T>;
  /** Throws a PermanentFailure when no retry can help; anything else it throws is retried. */
  handle(message: T, attempt: Attempt): Promise<HandledMessage>;
}

export interface DeliveryLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}
