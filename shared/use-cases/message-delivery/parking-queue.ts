/**
 * Where messages go that can never be handled (docs/messaging.md). A Functions trigger cannot dead-letter the message
 * it received, and completing it would lose it, so a copy is parked here with the reason; nothing consumes this queue,
 * an operator inspects it and resubmits. Declared in infra/servicebus.json (test/infra checks it).
 */
export const queueNames = {
  parkedMessages: "parked-messages",
} as const;
