/**
 * Correspondence id → recipient partition, remembered per instance. Locators never change once written, so a cached
 * one can never be stale; the bound only limits memory (least recently used entries go first).
 */
export class LocatorCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 50_000) {}

  get(correspondenceId: string): string | undefined {
    const partition = this.entries.get(correspondenceId);
    if (partition !== undefined) {
      // Re-insert so the Map's insertion order doubles as recency order.
      this.entries.delete(correspondenceId);
      this.entries.set(correspondenceId, partition);
    }
    return partition;
  }

  set(correspondenceId: string, partition: string): void {
    this.entries.delete(correspondenceId);
    this.entries.set(correspondenceId, partition);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
