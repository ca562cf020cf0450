/**
 * The glue between a Service Bus trigger and the delivery policy (shared/use-cases/message-delivery/): the received
 * message from the trigger's binding data, the invocation's logger, and the handler function every queue registers.
 */
import { randomUUID } from "node:crypto";
import type { InvocationContext } from "@azure/functions";
import type { DeliveryLog, MessageHandler, ReceivedMessage } from "../shared/use-cases/message-delivery/delivery-ports.js";
import type { MessageDelivery } from "../shared/use-cases/message-delivery/message-delivery.js";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Copies derive their ids from this one, so it must not be shared: a message sent without an id (Service Bus does not
 * require one; our senders always set one) is named by its queue and sequence number (parked copies of several
 * queues meet in one queue).
 */
function messageIdOf(queue: string, metadata: Record<string, unknown>): string {
  const sequenceNumber = metadata.sequenceNumber;
  return text(metadata.messageId) ?? (typeof sequenceNumber === "number" ? `${queue}:sequence:${sequenceNumber}` : randomUUID());
}

export function receivedMessage(queue: string, body: unknown, context: InvocationContext): ReceivedMessage {
  const metadata = context.triggerMetadata ?? {};
  return {
    queue,
    messageId: messageIdOf(queue, metadata),
    body,
    contentType: text(metadata.contentType),
    correlationId: text(metadata.correlationId),
    subject: text(metadata.subject),
    applicationProperties: record(metadata.applicationProperties),
  };
}

export function deliveryLog(context: InvocationContext): DeliveryLog {
  return {
    info: (line) => context.log(line),
    warn: (line) => context.warn(line),
    error: (line) => context.error(line),
  };
}

export interface ServiceBusDeliveryDependencies {
  messageDelivery: Pick<MessageDelivery, "deliver">;
}

/** The trigger's handler: every message of `queue` goes through the delivery policy to `handler`. */
export function deliveredThrough<T>(dependencies: ServiceBusDeliveryDependencies, queue: string, handler: MessageHandler<T>) {
  return (body: unknown, context: InvocationContext): Promise<void> =>
    dependencies.messageDelivery.deliver(receivedMessage(queue, body, context), handler, deliveryLog(context));
}
