/**
 * The ports of the outbox relay. A change and the messages it must cause are stored in one write (the messages sit in
 * the changed correspondence's own document, because the stores we run on have no atomic multi-document write and
 * no change feed); the relay then hands them to the message broker and removes them. If the process dies in between,
 * the messages are still in the document and the sweep sends them: at least once, with deterministic message ids so
 * the broker's duplicate detection and idempotent handlers turn that into exactly-once effects.
 */
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";

export interface OutboxStore {
  /** Ids of correspondences whose outbox has held messages since before `pendingBefore` (ISO), at most `limit`. */
  findPending(pendingBefore: string, limit: number): Promise<string[]>;
  /** The messages waiting in the correspondence's outbox (none when it is empty or unknown). */
  pendingMessages(correspondenceId: string): Promise<OutboxMessage[]>;
  /**
   * Removes these messages (by id) from the outbox with an ETag-conditioned write, re-reading on conflict; messages
   * added meanwhile stay.
   */
  removeSent(correspondenceId: string, messageIds: readonly string[]): Promise<void>;
}

export interface MessageSender {
  /**
   * Sends every message to its queue (scheduled ones with their enqueue time). Throws when any could not be sent; a
   * repeat is harmless because the queues drop duplicate message ids.
   */
  send(messages: readonly OutboxMessage[]): Promise<void>;
}
