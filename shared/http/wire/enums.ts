/**
 * Every enum of the wire contract, written as names and read by name or integer (api.md §1). Member order is the
 * contract's integer order; each one is a named OpenAPI component.
 */
import { correspondenceStatuses } from "../../domain/correspondence/status.js";
import { externalReferenceTypes } from "../../domain/correspondence/correspondence.js";
import { namedWireSchema } from "../openapi/schema-registry.js";
import { wireEnum } from "./lenient-json.js";

export const correspondenceStatusSchema = namedWireSchema(
  wireEnum(correspondenceStatuses, { typeName: "CorrespondenceStatusExt" }),
  "CorrespondenceStatusExt",
  "response",
);

export const referenceTypeSchema = namedWireSchema(
  wireEnum(externalReferenceTypes, { typeName: "ReferenceTypeExt" }),
  "ReferenceTypeExt",
  "request",
);

export const transmissionTypes = [
  "Information",
  "Acceptance",
  "Rejection",
  "Request",
  "Alert",
  "Decision",
  "Submission",
  "Correction",
] as const;
export type TransmissionType = (typeof transmissionTypes)[number];

export const transmissionTypeSchema = namedWireSchema(
  wireEnum(transmissionTypes, { typeName: "TransmissionTypeExt", firstOrdinal: 1 }),
  "TransmissionTypeExt",
  "request",
);

export const notificationTemplates = ["CustomMessage", "GenericAltinnMessage", "Altinn2Message"] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

export const notificationTemplateSchema = namedWireSchema(
  wireEnum(notificationTemplates, { typeName: "NotificationTemplateExt" }),
  "NotificationTemplateExt",
  "request",
);

export const notificationChannels = ["Email", "Sms", "EmailPreferred", "SmsPreferred", "EmailAndSms"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const notificationChannelSchema = namedWireSchema(
  wireEnum(notificationChannels, { typeName: "NotificationChannelExt" }),
  "NotificationChannelExt",
  "request",
);

export const emailContentTypes = ["Plain", "Html"] as const;
export type EmailContentType = (typeof emailContentTypes)[number];

export const emailContentTypeSchema = namedWireSchema(
  wireEnum(emailContentTypes, { typeName: "EmailContentType" }),
  "EmailContentType",
  "request",
);

/** Where the data of an attachment announced in an initialize request lives. */
export const initializeAttachmentDataLocationTypes = [
  "NewCorrespondenceAttachment",
  "ExistingCorrespondenceAttachment",
  "ExistingExternalStorage",
] as const;

export const initializeAttachmentDataLocationTypeSchema = namedWireSchema(
  wireEnum(initializeAttachmentDataLocationTypes, { typeName: "InitializeAttachmentDataLocationTypeExt" }),
  "InitializeAttachmentDataLocationTypeExt",
  "request",
);

/** Where the data of a stored attachment lives (responses). */
export const attachmentDataLocationTypes = ["AltinnCorrespondenceAttachment", "ExternalStorage"] as const;
export type AttachmentDataLocationType = (typeof attachmentDataLocationTypes)[number];

export const attachmentDataLocationTypeSchema = namedWireSchema(
  wireEnum(attachmentDataLocationTypes, { typeName: "AttachmentDataLocationTypeExt" }),
  "AttachmentDataLocationTypeExt",
  "response",
);

export const attachmentStatuses = ["Initialized", "UploadProcessing", "Published", "Purged", "Failed", "Expired"] as const;
export type AttachmentStatus = (typeof attachmentStatuses)[number];

export const attachmentStatusSchema = namedWireSchema(
  wireEnum(attachmentStatuses, { typeName: "AttachmentStatusExt" }),
  "AttachmentStatusExt",
  "response",
);

export const correspondencesRoleTypes = ["Recipient", "Sender", "RecipientAndSender"] as const;
export type CorrespondencesRoleType = (typeof correspondencesRoleTypes)[number];

export const correspondencesRoleTypeSchema = namedWireSchema(
  wireEnum(correspondencesRoleTypes, { typeName: "CorrespondencesRoleType" }),
  "CorrespondencesRoleType",
  "request",
);

export const systemLabels = ["Default", "Bin", "Archive", "MarkedAsUnopened", "Sent"] as const;
export type SystemLabel = (typeof systemLabels)[number];

export const systemLabelSchema = namedWireSchema(
  wireEnum(systemLabels, { typeName: "SystemLabel" }),
  "SystemLabel",
  "response",
);
