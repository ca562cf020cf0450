/**
 * Turns a recorded initialize request into its correspondences and sends their messages — the step that makes a send
 * to many recipients safe without a multi-document transaction. Every part is repeatable with the same result
 * (deterministic ids, create-unless-exists, duplicate-detected message ids), so the HTTP request runs it right after
 * recording and the sweep runs it again for any request that was not marked completed.
 */
import type { MessageSender } from "../relay-outbox/outbox-ports.js";
import { correspondenceFor, messagesForNewCorrespondence, type InitializeRequest } from "./initialize-request.js";
import type { InitializeRequestStore } from "./initialize-request-store.js";

/** Correspondence documents written at a time: enough to make 500 recipients quick, few enough not to be throttled. */
const writeConcurrency = 25;

export class ExpandInitializeRequest {
  constructor(
    private readonly requests: InitializeRequestStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Writes every correspondence of the request (locator first); ones that exist are left as they are. */
  async writeCorrespondences(request: InitializeRequest): Promise<void> {
    const correspondences = request.recipients.map((planned) => correspondenceFor(request, planned));
    await inBatches(correspondences, writeConcurrency, (correspondence) => this.requests.createCorrespondence(correspondence));
  }

  /** Sends the messages of every correspondence of the request, then marks the request completed. */
  async sendMessagesAndComplete(request: InitializeRequest, sender: MessageSender): Promise<void> {
    const now = this.clock();
    const messages = request.recipients.flatMap((planned) =>
      messagesForNewCorrespondence(correspondenceFor(request, planned), now),
    );
    await sender.send(messages);
    await this.requests.markCompleted(request.requestId);
  }

  /** The whole expansion, for a request found by id (the sweep): a completed or unknown request is left alone. */
  async completeById(requestId: string, sender: MessageSender): Promise<boolean> {
    const stored = await this.requests.read(requestId);
    if (!stored || stored.completed) return false;
    await this.writeCorrespondences(stored.request);
    await this.sendMessagesAndComplete(stored.request, sender);
    return true;
  }
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}
