/**
 * MessageCopySender over Service Bus: a retry copy goes to its queue as a scheduled message (the broker holds it
 * until its time, so waiting costs nothing), a parked copy to the parking queue at once. One sender link per queue,
 * kept open and reused, as in ServiceBusMessageSender.
 */
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from "@azure/service-bus";
import type { MessageCopy, MessageCopySender } from "../../use-cases/message-delivery/delivery-ports.js";

export class ServiceBusCopySender implements MessageCopySender {
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(private readonly client: ServiceBusClient) {}

  async send(copy: MessageCopy): Promise<void> {
    await this.senderFor(copy.queue).sendMessages(toServiceBusMessage(copy));
  }

  async close(): Promise<void> {
    await Promise.all([...this.senders.values()].map((sender) => sender.close().catch(() => undefined)));
    this.senders.clear();
  }

  private senderFor(queue: string): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.client.createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}

function toServiceBusMessage(copy: MessageCopy): ServiceBusMessage {
  return {
    messageId: copy.messageId,
    body: bodyBytes(copy.body),
    applicationProperties: { ...copy.applicationProperties },
    ...(copy.contentType === undefined ? {} : { contentType: copy.contentType }),
    ...(copy.correlationId === undefined ? {} : { correlationId: copy.correlationId }),
    ...(copy.subject === undefined ? {} : { subject: copy.subject }),
    ...(copy.scheduledEnqueueTime === null ? {} : { scheduledEnqueueTimeUtc: copy.scheduledEnqueueTime }),
  };
}

/**
 * The bytes the body arrived as. The trigger hands over JSON parsed, other text as a string and anything else as
 * bytes; given to the SDK as such, a string or object would be JSON-encoded again (a text body would gain quotes),
 * so it is turned back into bytes here. (JSON text that was a bare string, `"x"`, comes back as `x`: the trigger
 * no longer knows it was quoted.)
 */
function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.from(JSON.stringify(body ?? null), "utf8");
}
