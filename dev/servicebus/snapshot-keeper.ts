/**
 * Keeps the broker's snapshot file current: writes it periodically while something changed, and on demand (close).
 * Writes are chained, so two never interleave on the file, and a failed write neither stops the ones after it nor
 * loses the change (the next tick tries again).
 */
import { writeFileAtomically } from "../platform/snapshot-files.js";

export class SnapshotKeeper {
  private changed = false;
  /** A write is waiting for the one before it: a tick need not queue another. */
  private queued = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    /** The snapshot's text; called synchronously when its turn comes, so it captures one moment. */
    private readonly capture: () => string,
    intervalMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.timer = setInterval(() => {
      if (!this.changed || this.queued) return;
      this.write().catch((error: unknown) => this.log(`service bus: snapshot failed: ${String(error)}`));
    }, intervalMs);
    // A pending snapshot never keeps the process alive; close() writes the last one.
    this.timer.unref();
  }

  markChanged(): void {
    this.changed = true;
  }

  /** Writes the snapshot after any write in flight; resolves once it is on disk. */
  write(): Promise<void> {
    this.queued = true;
    const next = this.chain.then(async () => {
      this.queued = false;
      // Cleared before the capture: a change during the write below marks the next snapshot as needed.
      this.changed = false;
      try {
        await writeFileAtomically(this.file, this.capture());
      } catch (error) {
        this.changed = true;
        throw error;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Stops the periodic writes; writes already queued still run. */
  stop(): void {
    clearInterval(this.timer);
  }
}
