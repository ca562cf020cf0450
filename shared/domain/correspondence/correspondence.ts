/**
 * The correspondence as the domain sees it: one per recipient, with an append-only status history. `Fetched` rows are
 * kept apart (lifecycle.md §2) and merged only where the contract says so (details' statusHistory, "has been" checks).
 */
import type { StatusEntry } from "./status.js";

export const externalReferenceTypes = [
  "Generic",
  "AltinnAppInstance",
  "AltinnBrokerFileTransfer",
  "DialogportenDialogId",
  "DialogportenProcessId",
  "DialogportenTransmissionId",
  "DialogportenTransmissionType",
] as const;
export type ExternalReferenceType = (typeof externalReferenceTypes)[number];

export interface ExternalReference {
  referenceType: ExternalReferenceType;
  referenceValue: string;
}

export interface ReplyOption {
  linkURL: string;
  linkText: string | null;
}

export interface CorrespondenceContent {
  /** `nb`, `nn` or `en`. */
  language: string;
  messageTitle: string;
  messageSummary: string;
  messageBody: string;
}

/** The notification part of an initialize request, stored as received (validated by the notifications issue). */
export type NotificationRequest = Record<string, unknown>;

export interface Correspondence {
  /** GUID, lower-case. */
  id: string;
  /** Bare resource id (no `urn:altinn:resource:` prefix). */
  resourceId: string;
  /** `urn:altinn:organization:identifier-no:<orgNo>`: the resource owner from the Resource Registry, never the request. */
  sender: string;
  /** Normalised recipient URN (api.md §1.1). */
  recipient: string;
  sendersReference: string;
  /** `""` when none was given. */
  messageSender: string;
  content: CorrespondenceContent;
  /** Ids of linked attachments, in link order (attachments arrive with a later issue). */
  attachmentIds: string[];
  requestedPublishTime: string;
  dueDateTime: string | null;
  externalReferences: ExternalReference[];
  propertyList: Record<string, string>;
  replyOptions: ReplyOption[];
  notification: NotificationRequest | null;
  ignoreReservation: boolean | null;
  isConfirmationNeeded: boolean;
  isConfidential: boolean;
  allowForwarding: boolean;
  /** The single-recipient `idempotentKey` of the request, if any. */
  idempotentKey: string | null;
  created: string;
  /** When it was published, else null. */
  published: string | null;
  /** Append-only, without Fetched rows. */
  statusHistory: StatusEntry[];
  /** Fetched rows, kept apart. */
  fetchedHistory: StatusEntry[];
  altinn2CorrespondenceId: number | null;
}

export function externalReference(correspondence: Correspondence, type: ExternalReferenceType): string | undefined {
  return correspondence.externalReferences.find((reference) => reference.referenceType === type)?.referenceValue;
}
