/**
 * The outbox relay. `flush(id)` is the fast path, run right after a write that added messages; `sweep()` is the
 * safety net, run by a timer: it finishes initialize requests whose expansion was interrupted and sends messages that
 * have waited in a correspondence's outbox for longer than the fast path needs. Sending is at least once; the
 * deterministic message ids and idempotent handlers make the effects exactly once.
 */
import type { ExpandInitializeRequest } from "../initialize-correspondences/expand-initialize-request.js";
import type { InitializeRequestStore } from "../initialize-correspondences/initialize-request-store.js";
import type { MessageSender, OutboxStore } from "./outbox-ports.js";

export interface RelayLog {
  warn(message: string, error?: unknown): void;
}

export interface SweepOptions {
  /** Only work older than this is the sweep's: younger work is still in the hands of its fast path. */
  minimumAgeMs: number;
  /** At most this many requests and this many outboxes per run; the next run takes the rest. */
  batchSize: number;
}

export interface SweepReport {
  requestsCompleted: number;
  outboxesFlushed: number;
  failures: number;
}

export const defaultSweepOptions: SweepOptions = { minimumAgeMs: 5_000, batchSize: 200 };

export class RelayOutbox {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly sender: MessageSender,
    private readonly log: RelayLog = { warn: (message, error) => console.warn(message, error) },
  ) {}

  /** Sends what waits in the correspondence's outbox and removes it. Throws when sending fails (the sweep retries). */
  async flush(correspondenceId: string): Promise<void> {
    const messages = await this.outbox.pendingMessages(correspondenceId);
    if (messages.length === 0) return;
    await this.sender.send(messages);
    await this.outbox.removeSent(correspondenceId, messages.map((message) => message.messageId));
  }

  /** As `flush`, but a failure is only logged: the write has succeeded, and the sweep will send the messages. */
  async flushAfterWrite(correspondenceId: string): Promise<void> {
    await this.flush(correspondenceId).catch((error: unknown) =>
      this.log.warn(`Outbox of correspondence ${correspondenceId} left for the sweep`, error),
    );
  }

  async sweep(
    requests: { store: InitializeRequestStore; expansion: ExpandInitializeRequest },
    options: SweepOptions = defaultSweepOptions,
    now: Date = new Date(),
  ): Promise<SweepReport> {
    const cutoff = new Date(now.getTime() - options.minimumAgeMs).toISOString();
    const report: SweepReport = { requestsCompleted: 0, outboxesFlushed: 0, failures: 0 };
    for (const requestId of await requests.store.findIncomplete(cutoff, options.batchSize)) {
      try {
        if (await requests.expansion.completeById(requestId, this.sender)) report.requestsCompleted++;
      } catch (error) {
        report.failures++;
        this.log.warn(`Sweep could not complete initialize request ${requestId}`, error);
      }
    }
    for (const correspondenceId of await this.outbox.findPending(cutoff, options.batchSize)) {
      try {
        await this.flush(correspondenceId);
        report.outboxesFlushed++;
      } catch (error) {
        report.failures++;
        this.log.warn(`Sweep could not flush the outbox of correspondence ${correspondenceId}`, error);
      }
    }
    return report;
  }
}
