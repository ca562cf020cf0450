/**
 * The response shapes of the correspondence read endpoints (api.md §4.3–4.9): one zod schema per wire shape, every
 * member always written (null, never omitted), enums as names, timestamps as ISO 8601 with offset. Handlers build a
 * value of the inferred type and pass it through the matching `serialize…` helper, which fixes the member order and
 * drops anything that is not part of the contract.
 */
import { z } from "zod";
import { namedWireSchema } from "../openapi/schema-registry.js";
import {
  attachmentDataLocationTypeSchema,
  attachmentStatusSchema,
  correspondenceStatusSchema,
  notificationChannelSchema,
  systemLabelSchema,
} from "./enums.js";
import { externalReferenceSchema } from "./initialize-correspondences-schema.js";

/** A timestamp as written: ISO 8601 with `Z` or an offset. */
export const wireTimestampSchema = z.iso.datetime({ offset: true });

const nullableTimestamp = wireTimestampSchema.nullable();

export const correspondenceAttachmentSchema = namedWireSchema(
  z.object({
    id: z.string(),
    fileName: z.string().nullable(),
    displayName: z.string().nullable(),
    isEncrypted: z.boolean(),
    checksum: z.string().nullable(),
    sendersReference: z.string(),
    /** Always null on correspondence attachments. */
    expirationInDays: z.number().int().nullable(),
    dataLocationType: attachmentDataLocationTypeSchema,
    created: wireTimestampSchema,
    status: attachmentStatusSchema,
    statusText: z.string(),
    statusChanged: wireTimestampSchema,
    /** MIME type from the file extension; unknown → `binary_octet_stream`. */
    dataType: z.string(),
    /** The per-correspondence expiry, or null. */
    expirationTime: nullableTimestamp,
  }),
  "CorrespondenceAttachmentExt",
  "response",
);
export type CorrespondenceAttachmentWire = z.output<typeof correspondenceAttachmentSchema>;

export const correspondenceContentSchema = namedWireSchema(
  z.object({
    language: z.string(),
    messageTitle: z.string(),
    messageSummary: z.string(),
    messageBody: z.string(),
    attachments: z.array(correspondenceAttachmentSchema),
  }),
  "CorrespondenceContentExt",
  "response",
);
export type CorrespondenceContentWire = z.output<typeof correspondenceContentSchema>;

/** What a sender-only caller sees once the correspondence has been published (lifecycle.md §3). */
export const emptyCorrespondenceContent: CorrespondenceContentWire = {
  language: "no",
  messageTitle: "",
  messageSummary: "",
  messageBody: "",
  attachments: [],
};

export const correspondenceReplyOptionResponseSchema = z.object({
  linkURL: z.string(),
  linkText: z.string().nullable(),
});

export const correspondenceNotificationOverviewSchema = namedWireSchema(
  z.object({
    notificationOrderId: z.string().nullable(),
    isReminder: z.boolean(),
  }),
  "CorrespondenceNotificationOverviewExt",
  "response",
);

export const correspondenceStatusEventSchema = namedWireSchema(
  z.object({
    status: correspondenceStatusSchema,
    statusText: z.string(),
    statusChanged: wireTimestampSchema,
  }),
  "CorrespondenceStatusEventExt",
  "response",
);
export type CorrespondenceStatusEventWire = z.output<typeof correspondenceStatusEventSchema>;

const notificationStatusSchema = z.object({
  status: z.string().nullable(),
  description: z.string().nullable(),
  lastUpdate: nullableTimestamp,
});

export const notificationRecipientResponseSchema = z.object({
  emailAddress: z.string().nullable(),
  mobileNumber: z.string().nullable(),
  organizationNumber: z.string().nullable(),
  nationalIdentityNumber: z.string().nullable(),
  isReserved: z.boolean().nullable(),
});

export const notificationDetailsSchema = namedWireSchema(
  z.object({
    id: z.string(),
    succeeded: z.boolean(),
    recipient: notificationRecipientResponseSchema.nullable(),
    sendStatus: notificationStatusSchema.nullable(),
  }),
  "NotificationDetailsExt",
  "response",
);

export const notificationExtSchema = namedWireSchema(
  z.object({
    /** Shipment (v2) or order (v1) id. */
    id: z.string(),
    sendersReference: z.string().nullable(),
    requestedSendTime: nullableTimestamp,
    /** The service owner's org code, or `"Not found"`. */
    creator: z.string().nullable(),
    created: nullableTimestamp,
    isReminder: z.boolean(),
    notificationChannel: notificationChannelSchema.nullable(),
    ignoreReservation: z.boolean().nullable(),
    resourceId: z.string().nullable(),
    processingStatus: notificationStatusSchema.nullable(),
    notificationStatusDetails: z
      .object({
        email: notificationDetailsSchema.nullable(),
        sms: notificationDetailsSchema.nullable(),
        emails: z.array(notificationDetailsSchema),
        smses: z.array(notificationDetailsSchema),
      })
      .nullable(),
  }),
  "NotificationExt",
  "response",
);
export type NotificationExtWire = z.output<typeof notificationExtSchema>;

/** The members overview and details share, in the order Altinn writes them. */
const correspondenceMembers = {
  correspondenceId: z.string(),
  recipient: z.string(),
  resourceId: z.string(),
  /** `urn:altinn:organization:identifier-no:<orgNo>`. */
  sender: z.string(),
  sendersReference: z.string(),
  /** `""` when none was given. */
  messageSender: z.string(),
  content: correspondenceContentSchema,
  requestedPublishTime: wireTimestampSchema,
  dueDateTime: nullableTimestamp,
  externalReferences: z.array(externalReferenceSchema),
  propertyList: z.record(z.string(), z.string()),
  replyOptions: z.array(correspondenceReplyOptionResponseSchema),
  /** Always null: the notification request is not echoed. */
  notification: z.null(),
  ignoreReservation: z.boolean(),
  isConfirmationNeeded: z.boolean(),
  isConfidential: z.boolean(),
  allowForwarding: z.boolean(),
  created: wireTimestampSchema,
  /** The current status (highest ordinal except Fetched). */
  status: correspondenceStatusSchema,
  statusText: z.string(),
  statusChanged: wireTimestampSchema,
} as const;

/** Members written after `notifications`. */
const correspondenceTrailingMembers = {
  altinn2CorrespondenceId: z.number().int().nullable(),
  published: nullableTimestamp,
  /** When it was first Read, else null. */
  read: nullableTimestamp,
} as const;

export const correspondenceOverviewSchema = namedWireSchema(
  z.object({
    ...correspondenceMembers,
    notifications: z.array(correspondenceNotificationOverviewSchema),
    ...correspondenceTrailingMembers,
  }),
  "CorrespondenceOverviewExt",
  "response",
);
export type CorrespondenceOverviewWire = z.output<typeof correspondenceOverviewSchema>;

export const correspondenceDetailsSchema = namedWireSchema(
  z.object({
    ...correspondenceMembers,
    notifications: z.array(notificationExtSchema),
    ...correspondenceTrailingMembers,
    /** Ordered by time, Fetched rows included. */
    statusHistory: z.array(correspondenceStatusEventSchema),
    systemLabel: systemLabelSchema,
  }),
  "CorrespondenceDetailsExt",
  "response",
);
export type CorrespondenceDetailsWire = z.output<typeof correspondenceDetailsSchema>;

export const correspondenceIdsSchema = namedWireSchema(
  z.object({ ids: z.array(z.string()) }),
  "CorrespondencesExt",
  "response",
);
export type CorrespondenceIdsWire = z.output<typeof correspondenceIdsSchema>;

/** markasread, confirm and purge answer with the correspondence id as a JSON string. */
export const correspondenceIdResponseSchema = z.guid();

/** `GET /{id}/content`: the body as markdown, `text/plain; charset=utf-8`. */
export const correspondenceMarkdownSchema = z.string();

/**
 * Validates a response value against its schema and returns it in the contract's member order. A value that does
 * not fit is a bug in the mapping, so this throws (→ 500) rather than send a shape clients do not expect.
 */
export function serializeWire<Schema extends z.ZodType>(schema: Schema, value: z.input<Schema>): string {
  return JSON.stringify(schema.parse(value));
}

export const serializeOverview = (value: CorrespondenceOverviewWire) => serializeWire(correspondenceOverviewSchema, value);
export const serializeDetails = (value: CorrespondenceDetailsWire) => serializeWire(correspondenceDetailsSchema, value);
export const serializeCorrespondenceIds = (value: CorrespondenceIdsWire) => serializeWire(correspondenceIdsSchema, value);
export const serializeCorrespondenceId = (id: string) => serializeWire(correspondenceIdResponseSchema, id);
