/**
 * MessageSender over Service Bus: one sender link per queue, kept open and reused. Messages due now go out in batches;
 * messages with a future `scheduledEnqueueTime` are sent as scheduled messages (the broker holds them until then), so
 * a future publish time costs nothing until it comes — no polling. Message ids are the outbox's deterministic ids, so
 * a message sent again (after a crash, by the sweep) is dropped by the queue's duplicate detection.
 */
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from "@azure/service-bus";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import type { MessageSender } from "../../use-cases/relay-outbox/outbox-ports.js";

export class ServiceBusMessageSender implements MessageSender {
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(
    private readonly client: ServiceBusClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(messages: readonly OutboxMessage[]): Promise<void> {
    const byQueue = new Map<string, OutboxMessage[]>();
    for (const message of messages) byQueue.set(message.queue, [...(byQueue.get(message.queue) ?? []), message]);
    await Promise.all([...byQueue].map(([queue, queued]) => this.sendToQueue(queue, queued)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.senders.values()].map((sender) => sender.close().catch(() => undefined)));
    this.senders.clear();
  }

  private async sendToQueue(queue: string, messages: readonly OutboxMessage[]): Promise<void> {
    const sender = this.senderFor(queue);
    const now = this.clock().getTime();
    let batch = await sender.createMessageBatch();
    for (const message of messages) {
      const serviceBusMessage = toServiceBusMessage(message, now);
      if (batch.tryAddMessage(serviceBusMessage)) continue;
      if (batch.count === 0) throw new Error(`Message ${message.messageId} is too large for queue ${queue}`);
      await sender.sendMessages(batch);
      batch = await sender.createMessageBatch();
      if (!batch.tryAddMessage(serviceBusMessage)) throw new Error(`Message ${message.messageId} is too large for queue ${queue}`);
    }
    if (batch.count > 0) await sender.sendMessages(batch);
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

function toServiceBusMessage(message: OutboxMessage, now: number): ServiceBusMessage {
  const scheduledAt = message.scheduledEnqueueTime === null ? undefined : new Date(message.scheduledEnqueueTime);
  return {
    messageId: message.messageId,
    body: message.body,
    contentType: "application/json",
    ...(scheduledAt && scheduledAt.getTime() > now ? { scheduledEnqueueTimeUtc: scheduledAt } : {}),
  };
}
