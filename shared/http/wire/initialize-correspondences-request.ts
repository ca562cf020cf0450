/**
 * The clean request the initialize use case receives: recipients canonical (api.md §1.1), the bare resource id, the
 * language lower-cased (blank → `nb`), a null summary as `""`, dates in UTC, enums as names, absent lists empty.
 * `requestedPublishTime` stays null when absent: "now" is the use case's to decide.
 */
import type { z } from "zod";
import type { ExternalReference, ReplyOption } from "../../domain/correspondence/correspondence.js";
import { checkRecipient, isValidResourceId, normaliseResourceId } from "../../domain/identifiers.js";
import type { initializeAttachmentDataLocationTypeSchema } from "./enums.js";
import type { InitializeCorrespondencesWire } from "./initialize-correspondences-schema.js";
import { toNotificationRequest, type InitializeNotificationRequest } from "./initialize-notification.js";
import { toUtcIso } from "./primitives.js";

export interface InitializeAttachmentMetadata {
  fileName: string | null;
  displayName: string | null;
  isEncrypted: boolean;
  checksum: string | null;
  sendersReference: string;
  expirationInDays: number | null;
  dataLocationType: z.output<typeof initializeAttachmentDataLocationTypeSchema>;
}

export interface InitializeCorrespondencesRequest {
  correspondence: {
    /** Bare resource id (`urn:altinn:resource:` stripped). */
    resourceId: string;
    sendersReference: string;
    /** `""` when absent. */
    messageSender: string;
    content: {
      /** Lower-cased; blank → `"nb"`. Anything else than nb/nn/en is the use case's 1023. */
      language: string;
      messageTitle: string;
      /** `null` → `""`. */
      messageSummary: string;
      messageBody: string;
      attachments: InitializeAttachmentMetadata[];
    };
    /** UTC ISO string, or null: the use case defaults it to now. */
    requestedPublishTime: string | null;
    dueDateTime: string | null;
    externalReferences: ExternalReference[];
    propertyList: Record<string, string>;
    replyOptions: ReplyOption[];
    notification: InitializeNotificationRequest | null;
    ignoreReservation: boolean | null;
    isConfirmationNeeded: boolean;
    isConfidential: boolean;
    allowForwarding: boolean;
  };
  /** Canonical URNs (api.md §1.1) in request order; duplicates are kept for the use case's 1006. */
  recipients: string[];
  /** Lower-case GUIDs. */
  existingAttachments: string[];
  /** Lower-case GUID or null. */
  idempotentKey: string | null;
}

function canonicalRecipient(recipient: string | null): string {
  const check = recipient === null ? undefined : checkRecipient(recipient);
  // The schema has already rejected every recipient that does not pass.
  if (!check?.valid) throw new Error("Recipient passed model validation without being valid");
  return check.canonical;
}

export function toInitializeCorrespondencesRequest(wire: InitializeCorrespondencesWire): InitializeCorrespondencesRequest {
  const { correspondence } = wire;
  const { content } = correspondence;
  const language = content.language?.trim() ? content.language.toLowerCase() : "nb";
  if (!isValidResourceId(correspondence.resourceId)) throw new Error("Resource id passed model validation without being valid");
  return {
    correspondence: {
      resourceId: normaliseResourceId(correspondence.resourceId),
      sendersReference: correspondence.sendersReference,
      messageSender: correspondence.messageSender ?? "",
      content: {
        language,
        messageTitle: content.messageTitle,
        messageSummary: content.messageSummary ?? "",
        messageBody: content.messageBody,
        attachments: (content.attachments ?? []).map((attachment) => ({
          fileName: attachment.fileName ?? null,
          displayName: attachment.displayName ?? null,
          isEncrypted: attachment.isEncrypted,
          checksum: attachment.checksum?.trim() ? attachment.checksum : null,
          sendersReference: attachment.sendersReference,
          expirationInDays: attachment.expirationInDays ?? null,
          dataLocationType: attachment.dataLocationType,
        })),
      },
      requestedPublishTime: correspondence.requestedPublishTime ? toUtcIso(correspondence.requestedPublishTime) : null,
      dueDateTime: correspondence.dueDateTime ? toUtcIso(correspondence.dueDateTime) : null,
      externalReferences: (correspondence.externalReferences ?? []).map(({ referenceType, referenceValue }) => ({
        referenceType,
        referenceValue,
      })),
      propertyList: { ...(correspondence.propertyList ?? {}) },
      replyOptions: (correspondence.replyOptions ?? []).map(({ linkURL, linkText }) => ({
        linkURL,
        linkText: linkText ?? null,
      })),
      notification: correspondence.notification ? toNotificationRequest(correspondence.notification) : null,
      ignoreReservation: correspondence.ignoreReservation ?? null,
      isConfirmationNeeded: correspondence.isConfirmationNeeded,
      isConfidential: correspondence.isConfidential,
      allowForwarding: correspondence.allowForwarding,
    },
    recipients: wire.recipients.map(canonicalRecipient),
    existingAttachments: (wire.existingAttachments ?? []).map((id) => id.toLowerCase()),
    idempotentKey: wire.idempotentKey ? wire.idempotentKey.toLowerCase() : null,
  };
}
