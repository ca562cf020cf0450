/**
 * A client's sending link into a queue or topic. Single messages arrive decoded; SDK batches arrive in the batch
 * message format (an envelope of encoded messages). Each delivery is acknowledged only after every message in it
 * was accepted, so a failure reaches the sender as a rejected send.
 */
import type { AmqpError, EventContext, Message, Receiver } from "rhea";
import { batchMessageFormat, decodeMessage, encodeMessage, unpackBatch } from "./amqp.js";
import type { Publisher } from "./publisher.js";
import { contentFromAmqp } from "./stored-message.js";

class RejectedSend extends Error {
  constructor(readonly amqpError: AmqpError) {
    super(amqpError.description);
  }
}

/** The messages of a delivery and its size on the wire (a single message is re-encoded to measure it). */
function unpack(context: EventContext): { messages: Message[]; size: number } {
  const payload: unknown = context.message;
  if (Buffer.isBuffer(payload)) {
    const format = (context as { format?: unknown }).format;
    if (format !== batchMessageFormat) {
      throw new RejectedSend({ condition: "amqp:not-implemented", description: `message format ${String(format)}` });
    }
    return { messages: unpackBatch(payload).map(decodeMessage), size: payload.length };
  }
  return context.message
    ? { messages: [context.message], size: encodeMessage(context.message).length }
    : { messages: [], size: 0 };
}

export function servePublisherLink(
  receiver: Receiver,
  publisher: Publisher,
  maxMessageSizeInBytes: number,
  log: (line: string) => void,
): void {
  receiver.on("message", (context: EventContext) => {
    const delivery = context.delivery;
    try {
      const { messages, size } = unpack(context);
      if (size > maxMessageSizeInBytes) {
        // As Service Bus does: the SDK reports this as MessageSizeExceeded.
        throw new RejectedSend({
          condition: "amqp:link:message-size-exceeded",
          description:
            `The received message (size: ${size} bytes) exceeds the limit (${maxMessageSizeInBytes} bytes) ` +
            `currently allowed on the link.`,
        });
      }
      for (const message of messages) publisher.publish(contentFromAmqp(message));
      delivery?.accept();
    } catch (error: unknown) {
      const amqpError: AmqpError =
        error instanceof RejectedSend
          ? error.amqpError
          : { condition: "amqp:internal-error", description: error instanceof Error ? error.message : String(error) };
      log(`rejected a message sent to ${receiver.name}: ${amqpError.description ?? ""}`);
      delivery?.reject(amqpError);
    }
  });
}
