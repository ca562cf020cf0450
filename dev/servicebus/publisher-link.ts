/**
 * A client's sending link into a queue or topic. Single messages arrive decoded; SDK batches arrive in the batch
 * message format (an envelope of encoded messages). Each delivery is acknowledged only after every message in it
 * was accepted, so a failure reaches the sender as a rejected send.
 */
import type { EventContext, Message, Receiver } from "rhea";
import { batchMessageFormat, decodeMessage, unpackBatch } from "./amqp.js";
import type { Publisher } from "./publisher.js";
import { contentFromAmqp } from "./stored-message.js";

function messagesOf(context: EventContext): Message[] {
  const payload: unknown = context.message;
  if (Buffer.isBuffer(payload)) {
    const format = (context as { format?: unknown }).format;
    if (format !== batchMessageFormat) throw new Error(`unsupported message format ${String(format)}`);
    return unpackBatch(payload).map(decodeMessage);
  }
  return context.message ? [context.message] : [];
}

export function servePublisherLink(receiver: Receiver, publisher: Publisher, log: (line: string) => void): void {
  receiver.on("message", (context: EventContext) => {
    const delivery = context.delivery;
    try {
      for (const message of messagesOf(context)) publisher.publish(contentFromAmqp(message));
      delivery?.accept();
    } catch (error: unknown) {
      const description = error instanceof Error ? error.message : String(error);
      log(`rejected a message sent to ${receiver.name}: ${description}`);
      delivery?.reject({ condition: "amqp:internal-error", description });
    }
  });
}
