/**
 * Maps the validated wire body onto the request the initialize use case defines (its shape lives with the use case, so
 * the dependency points inward): recipients canonical (api.md §1.1), the bare resource id, the language lower-cased
 * (blank → `nb`), a null summary as `""`, dates in UTC, enums as names, absent lists empty. `requestedPublishTime`
 * stays null when absent: "now" is the use case's to decide.
 */
import type {
  InitializeAttachmentMetadata,
  InitializeCorrespondencesRequest,
} from "../../use-cases/initialize-correspondences/initialize-command.js";
import { checkRecipient, isValidResourceId, normaliseResourceId } from "../../domain/identifiers.js";
import type { InitializeCorrespondencesWire } from "./initialize-correspondences-schema.js";
import { toNotificationRequest } from "./initialize-notification.js";
import { toUtcIso } from "./primitives.js";

export type { InitializeAttachmentMetadata, InitializeCorrespondencesRequest };

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
