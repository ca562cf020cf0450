/**
 * Duplicate detection as Service Bus does it: a message whose id was already accepted within the history window is
 * acknowledged to the sender but silently dropped. The application relies on this with deterministic message ids.
 */
export class DuplicateDetector {
  /** Message id → when it was first accepted. Map order is insertion order, so the oldest ids come first. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True when the id is a duplicate; otherwise remembers it and returns false. */
  isDuplicate(messageId: string, now: number): boolean {
    this.forgetOlderThan(now - this.windowMs);
    if (this.seen.has(messageId)) return true;
    this.seen.set(messageId, now);
    return false;
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [messageId, acceptedAt] of this.seen) {
      if (acceptedAt > cutoff) return;
      this.seen.delete(messageId);
    }
  }
}
