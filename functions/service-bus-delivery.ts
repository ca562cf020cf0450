/** What a Service Bus trigger reads from the host about the delivery it is handling. */
import type { InvocationContext } from "@azure/functions";

/** The host counts the current delivery (1 on the first). */
export function deliveryCountOf(context: InvocationContext): number {
  const count = Number(context.triggerMetadata?.deliveryCount);
  return Number.isFinite(count) && count > 0 ? count : 1;
}

export function messageIdOf(context: InvocationContext): string {
  return String(context.triggerMetadata?.messageId);
}
