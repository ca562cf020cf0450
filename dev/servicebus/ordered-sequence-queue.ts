/**
 * Sequence numbers of messages ready for delivery, lowest first. New messages arrive in order (append); abandoned or
 * expired-lock messages go back to their place, as Service Bus redelivers them before later messages.
 */
export class OrderedSequenceQueue {
  private items: bigint[] = [];
  /** Index of the first live item: shifting from the front would copy the whole backlog each time. */
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  add(sequenceNumber: bigint): void {
    const last = this.items[this.items.length - 1];
    if (this.size === 0 || last === undefined || sequenceNumber > last) {
      this.items.push(sequenceNumber);
      return;
    }
    let low = this.head;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.items[middle] ?? 0n) < sequenceNumber) low = middle + 1;
      else high = middle;
    }
    if (this.items[low] !== sequenceNumber) this.items.splice(low, 0, sequenceNumber);
  }

  shift(): bigint | undefined {
    if (this.size === 0) return undefined;
    const first = this.items[this.head];
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return first;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
