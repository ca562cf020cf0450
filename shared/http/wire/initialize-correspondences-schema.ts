/**
 * The request schema of `POST /correspondence` (JSON), `InitializeCorrespondencesExt`, with every model-level rule of
 * api.md §4.1: lengths, recipient formats (§1.1, mod-11 included), the idempotent key, the limits on external
 * references and the property list, the attachment metadata. A failure here is ASP.NET's STD-00000 400; rules with
 * their own error codes (1006, 1002, 1035, …) are the use case's.
 */
import { z } from "zod";
import { applicationError } from "../../domain/error-catalogue.js";
import { checkRecipient, resourceIdPattern } from "../../domain/identifiers.js";
import { namedWireSchema } from "../openapi/schema-registry.js";
import { initializeAttachmentDataLocationTypeSchema, referenceTypeSchema, transmissionTypeSchema } from "./enums.js";
import { initializeCorrespondenceNotificationSchema } from "./initialize-notification.js";
import { enumMemberOf } from "./lenient-json.js";
import {
  emptyGuid,
  isGuid,
  optionalFlag,
  optionalInteger,
  optionalText,
  requiredText,
  wireDateTimeOffset,
  wireFlag,
  wireGuid,
} from "./primitives.js";

export const maximumRecipients = 500;
export const maximumExternalReferences = 10;
export const maximumPropertyListEntries = 10;
export const maximumNewAttachments = 100;

const recipientFormatMessage =
  "Recipient should be an organization number in the format 'urn:altinn:organization:identifier-no:organizationnumber' " +
  "or the format countrycode:organizationnumber, for instance 0192:910753614, a national identity number, an idporten " +
  "email URN in the format 'urn:altinn:person:idporten-email:email', or a legacy selfidentified URN in the format " +
  "'urn:altinn:person:legacy-selfidentified:username'";

const recipientMessages = {
  format: recipientFormatMessage,
  nationalIdentityNumber: "The given Recipient national identity number is not valid",
  email: "The given Recipient email address is not valid",
} as const;

/** The first failing recipient decides the message, as the `[RecipientList]` attribute reports one error for the list. */
function recipientListProblem(recipients: readonly (string | null)[]): string | undefined {
  if (recipients.length === 0) return "Recipients can not be empty";
  if (recipients.length > maximumRecipients) return `Recipients can contain at most ${maximumRecipients} recipients`;
  for (const recipient of recipients) {
    if (recipient === null) return recipientMessages.format;
    const check = checkRecipient(recipient);
    if (!check.valid) return recipientMessages[check.reason];
  }
  return undefined;
}

const recipientsSchema = z
  .array(z.string().nullable())
  .superRefine((recipients, context) => {
    const problem = recipientListProblem(recipients);
    if (problem) context.addIssue({ code: "custom", message: problem, input: recipients });
  });

const checksumSchema = z
  .string()
  .nullish()
  .superRefine((checksum, context) => {
    if (checksum === null || checksum === undefined || checksum.trim() === "") return;
    if (checksum.length !== 32) {
      context.addIssue({ code: "custom", message: "The checksum, if used, must be a MD5 hash with a length of 32 characters" });
    } else if (checksum.toLowerCase() !== checksum) {
      context.addIssue({ code: "custom", message: "The checksum, if used, must be a MD5 hash in lower case" });
    }
  });

export const initializeCorrespondenceAttachmentSchema = namedWireSchema(
  z.object({
    /** File-name rules have their own codes (2010–2013, 2021), checked by the use case. */
    fileName: optionalText(255),
    displayName: optionalText(255),
    isEncrypted: wireFlag(),
    checksum: checksumSchema,
    sendersReference: requiredText({ min: 1, max: 4096 }),
    expirationInDays: optionalInteger(),
    /** Accepted and ignored: the id of a new attachment is always ours. */
    id: wireGuid().nullish(),
    dataLocationType: initializeAttachmentDataLocationTypeSchema.default("NewCorrespondenceAttachment"),
  }),
  "InitializeCorrespondenceAttachmentExt",
  "request",
);

const languageSchema = z
  .string()
  .nullish()
  .superRefine((language, context) => {
    if (language === null || language === undefined || language.trim() === "") return;
    if (language.length !== 2) context.addIssue({ code: "custom", message: "The ISO6391 field must be exactly 2 characters long!" });
  });

export const initializeCorrespondenceContentSchema = namedWireSchema(
  z.object({
    language: languageSchema,
    /** Length (1037) and plain-text (1002) rules have their own codes. */
    messageTitle: requiredText(),
    /** Length (1042) has its own code; markdown in a summary is only logged. */
    messageSummary: z.string().nullish(),
    messageBody: requiredText({ min: 1, max: 30_000 }),
    attachments: z
      .array(initializeCorrespondenceAttachmentSchema)
      .max(maximumNewAttachments, { error: `Maximum of ${maximumNewAttachments} attachments allowed.` })
      .nullish(),
  }),
  "InitializeCorrespondenceContentExt",
  "request",
);

export const externalReferenceSchema = namedWireSchema(
  z.object({
    referenceValue: requiredText(),
    referenceType: referenceTypeSchema,
  }),
  "ExternalReferenceExt",
  "request",
);

/** A `DialogportenTransmissionType` reference names a TransmissionType by name (any case) or number 1–8. */
export function transmissionTypeOf(referenceValue: string): string | undefined {
  return enumMemberOf(transmissionTypeSchema, referenceValue);
}

const externalReferencesSchema = z
  .array(externalReferenceSchema)
  .superRefine((references, context) => {
    const fail = (message: string) => context.addIssue({ code: "custom", message, input: references });
    if (references.length > maximumExternalReferences) {
      fail(`externalReferences can contain at most ${maximumExternalReferences} references`);
    } else if (references.some((reference) => reference.referenceType === "DialogportenTransmissionId")) {
      fail("Cannot initialize a correspondence with pre-existing transmission defined");
    } else if (
      references.some(
        (reference) =>
          reference.referenceType === "DialogportenTransmissionType" && !transmissionTypeOf(reference.referenceValue),
      )
    ) {
      fail("DialogportenTransmissionType referenceValue must be a valid transmission type");
    }
  })
  .nullish();

const propertyListSchema = z
  .record(z.string(), z.string())
  .superRefine((properties, context) => {
    const fail = (message: string) => context.addIssue({ code: "custom", message, input: properties });
    const entries = Object.entries(properties);
    if (entries.length > maximumPropertyListEntries) {
      fail(`propertyList can contain at most ${maximumPropertyListEntries} properties`);
      return;
    }
    for (const [key, value] of entries) {
      if (key.length > 50) return fail(`propertyList Key can not be longer than 50. Length:${key.length}, KeyValue:${key}`);
      if (value.length > 300) return fail(`propertyList Value can not be longer than 300. Length:${value.length}, Value:${value}`);
    }
  })
  .nullish();

export const replyOptionSchema = namedWireSchema(
  z.object({
    /** URI rules (https, ≤ 255, well-formed) have their own code, 1035. */
    linkURL: requiredText(),
    linkText: z.string().nullish(),
  }),
  "CorrespondenceReplyOptionExt",
  "request",
);


export const baseCorrespondenceSchema = namedWireSchema(
  z.object({
    resourceId: requiredText({ min: 1, max: 255 }).regex(resourceIdPattern, {
      error: `The field {field} must match the regular expression '${resourceIdPattern.source}'.`,
    }),
    /** Deprecated and ignored: the sender is the resource owner from the Resource Registry. */
    sender: z.string().nullish(),
    sendersReference: requiredText({ min: 1, max: 4096 }),
    messageSender: optionalText(255),
    content: initializeCorrespondenceContentSchema,
    requestedPublishTime: wireDateTimeOffset().nullish(),
    dueDateTime: wireDateTimeOffset().nullish(),
    externalReferences: externalReferencesSchema,
    propertyList: propertyListSchema,
    replyOptions: z.array(replyOptionSchema).nullish(),
    notification: initializeCorrespondenceNotificationSchema.nullish(),
    ignoreReservation: optionalFlag(),
    isConfirmationNeeded: wireFlag(),
    isConfidential: wireFlag(),
    allowForwarding: wireFlag(),
  }),
  "BaseCorrespondenceExt",
  "request",
);

export const initializeCorrespondencesSchema = namedWireSchema(
  z.object({
    correspondence: baseCorrespondenceSchema,
    recipients: recipientsSchema,
    existingAttachments: z.array(wireGuid()).nullish(),
    idempotentKey: z
      .string()
      .nullish()
      .superRefine((key, context) => {
        if (key === null || key === undefined) return;
        if (!isGuid(key) || key === emptyGuid) {
          context.addIssue({ code: "custom", message: applicationError(1033).detail });
        }
      }),
  }),
  "InitializeCorrespondencesExt",
  "request",
);

export type InitializeCorrespondencesWire = z.output<typeof initializeCorrespondencesSchema>;
