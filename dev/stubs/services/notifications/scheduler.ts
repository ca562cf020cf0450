/**
 * The one timer queue of the Notifications stub. Every future step of every shipment goes through it, so a reset or a
 * server close can stop all of them at once instead of leaving stray timers that fire into a cleared store.
 */

// setTimeout cannot wait longer than this (about 24.8 days); later deadlines (reminders many days ahead) are reached in hops.
const longestSingleTimerMs = 2_147_483_647;

export class StubScheduler {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  runAt(dueAtMs: number, task: () => void | Promise<void>): void {
    // A condition check still in flight when the server closed must not start new timers afterwards.
    if (this.stopped) return;
    const delay = Math.min(Math.max(dueAtMs - Date.now(), 0), longestSingleTimerMs);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      // Timers may fire a millisecond early, and long waits are split into hops: never run a task before it is due.
      if (Date.now() < dueAtMs) return this.runAt(dueAtMs, task);
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => console.error("Notifications stub: scheduled step failed", error));
    }, delay);
    // A pending notification must not keep a test process or a closing server alive.
    timer.unref();
    this.pending.add(timer);
  }

  runAfter(delayMs: number, task: () => void | Promise<void>): void {
    this.runAt(Date.now() + delayMs, task);
  }

  /** Drops every pending step (reset); new steps may be scheduled afterwards. */
  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  /** Drops every pending step for good (server close). */
  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }
}
