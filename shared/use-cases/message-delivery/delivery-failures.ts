/**
 * How a Service Bus handler says that retrying cannot help, and the reasons a message is parked. Everything a handler
 * throws that is not a PermanentFailure counts as transient (an outage, a timeout, a write that kept conflicting) and
 * is tried again later; see retry-policy.ts.
 */

/**
 * A failure no later attempt can cure (the message asks for something that will never be possible). Thrown by a use
 * case, it parks the message at once with this error's message as the readable reason.
 */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentFailure";
  }
}

/** The `DeadLetterReason` of a parked message: a short code an operator can filter on. */
export type ParkReason =
  /** The body is not a message of the queue's kind; it never could be handled. */
  | "InvalidMessage"
  /** Every attempt failed transiently; the description holds the last error. */
  | "RetriesExhausted"
  /** The handler declared a PermanentFailure. */
  | "PermanentFailure";

/** Service Bus's own limit for a dead-letter description; parked messages keep to it, so a description always fits. */
export const maxDescriptionLength = 4096;

/** One line an operator can read: the error's name and message (an upstream body included), cut to the limit. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return truncate(text.replaceAll(/\s*\n\s*/g, "; "));
}

export function truncate(text: string, limit = maxDescriptionLength): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
