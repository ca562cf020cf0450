/**
 * An initialize request as it is recorded before anything else is written: ONE document that fixes the id, the
 * recipient and the starting status of every correspondence it creates. Expanding it into per-recipient documents is
 * then a deterministic, repeatable step — if it is interrupted, the sweep runs it again and gets the same result.
 */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import type { StatusEntry } from "../../domain/correspondence/status.js";
import { uuidV5 } from "../../domain/dialogporten/deterministic-uuid.js";
import { createDialogMessage, publishMessage } from "../publish-correspondence/publish-messages.js";

export const recipientNamePlaceholder = "{{recipientName}}";

export interface PlannedRecipient {
  /** Canonical recipient URN. */
  recipient: string;
  correspondenceId: string;
  /** What `{{recipientName}}` becomes for this recipient; null when the content has no placeholder. */
  recipientName: string | null;
  /** KRR-reserved person in a multi-recipient send: starts as Reserved (and fails at publish). */
  reserved: boolean;
}

/** Everything the correspondences of one request share. */
export type CorrespondenceTemplate = Omit<
  Correspondence,
  "id" | "recipient" | "statusHistory" | "fetchedHistory" | "published" | "created"
>;

export interface InitializeRequest {
  /** The request's `idempotentKey` when it has one (so the key is enforced by the record's id), else a new GUID. */
  requestId: string;
  idempotentKey: string | null;
  /** When the request was accepted: every correspondence's `created` and first status time. */
  recordedAt: string;
  /** The caller's party UUID, written on the first status rows. */
  callerPartyUuid: string;
  template: CorrespondenceTemplate;
  recipients: PlannedRecipient[];
  /** True when every attachment is published (always, without attachments): ReadyForPublish rather than Initialized. */
  attachmentsReady: boolean;
}

/** The id of the correspondence for one recipient of a request: the same on every run of the expansion. */
export function correspondenceIdFor(requestId: string, recipient: string): string {
  return uuidV5(requestId, recipient);
}

export type InitialStatus = "Initialized" | "ReadyForPublish" | "Reserved";

export function initialStatusOf(request: InitializeRequest, planned: PlannedRecipient): InitialStatus {
  if (planned.reserved) return "Reserved";
  return request.attachmentsReady ? "ReadyForPublish" : "Initialized";
}

function withRecipientName(text: string, name: string | null): string {
  return name === null ? text : text.replaceAll(recipientNamePlaceholder, name);
}

/** The correspondence this request creates for `planned`, exactly as it is first stored. */
export function correspondenceFor(request: InitializeRequest, planned: PlannedRecipient): Correspondence {
  const { template, recordedAt, callerPartyUuid } = request;
  const row = (status: StatusEntry["status"]): StatusEntry => ({
    status,
    statusText: status,
    statusChanged: recordedAt,
    partyUuid: callerPartyUuid,
  });
  const initial = initialStatusOf(request, planned);
  return {
    ...template,
    id: planned.correspondenceId,
    recipient: planned.recipient,
    content: {
      ...template.content,
      messageTitle: withRecipientName(template.content.messageTitle, planned.recipientName),
      messageSummary: withRecipientName(template.content.messageSummary, planned.recipientName),
      messageBody: withRecipientName(template.content.messageBody, planned.recipientName),
    },
    created: recordedAt,
    published: null,
    statusHistory: initial === "Initialized" ? [row("Initialized")] : [row("Initialized"), row(initial)],
    fetchedHistory: [],
  };
}

/**
 * The messages a new correspondence sends: create its dialog now and publish at max(now, requestedPublishTime). One
 * still waiting for attachments gets its dialog but no publish yet (the last attachment to be published schedules it).
 */
export function messagesForNewCorrespondence(correspondence: Correspondence, now: Date): OutboxMessage[] {
  const dialog = createDialogMessage(correspondence.id);
  const waitingForAttachments = correspondence.statusHistory.every((entry) => entry.status === "Initialized");
  if (waitingForAttachments) return [dialog];
  return [dialog, publishMessage(correspondence.id, correspondence.requestedPublishTime, now)];
}
