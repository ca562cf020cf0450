/** Settings of the queues as infra/servicebus.json declares them (the file Bicep and the local broker read too). */
import { z } from "zod";
import serviceBusJson from "../../../infra/servicebus.json" with { type: "json" };

const queuesDefinition = z.object({
  queues: z.array(z.object({ name: z.string(), maxDeliveryCount: z.number().int().positive() })),
});

/** How many deliveries the queue makes before it dead-letters a message. */
export function maxDeliveryCountOf(queueName: string): number {
  const queue = queuesDefinition.parse(serviceBusJson).queues.find((candidate) => candidate.name === queueName);
  if (!queue) throw new Error(`Queue "${queueName}" is not declared in infra/servicebus.json`);
  return queue.maxDeliveryCount;
}
