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

  /** The ids still within the window and when each was accepted, oldest first (for a snapshot). */
  history(now: number): [string, number][] {
    this.forgetOlderThan(now - this.windowMs);
    return [...this.seen];
  }

  /** Takes back a history from a snapshot, so a resend after a restart is still recognised within the window. */
  restore(history: readonly (readonly [string, number])[]): void {
    const merged = new Map<string, number>(history.map(([messageId, acceptedAt]) => [messageId, acceptedAt]));
    for (const [messageId, acceptedAt] of this.seen) merged.set(messageId, acceptedAt);
    // Kept oldest first: forgetOlderThan stops at the first id that is young enough.
    this.seen.clear();
    for (const entry of [...merged].sort(([, a], [, b]) => a - b)) this.seen.set(...entry);
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [messageId, acceptedAt] of this.seen) {
      if (acceptedAt > cutoff) return;
      this.seen.delete(messageId);
    }
  }
}
