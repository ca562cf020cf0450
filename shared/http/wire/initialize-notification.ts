/**
 * The `notification` part of an initialize request (`InitializeCorrespondenceNotificationExt`, notifications.md §1):
 * its schema with the model-level limits, and the value the use case receives. Its business rules (3xxx) and the
 * special "Invalid notification template" answer belong to the notifications feature.
 */
import { z } from "zod";
import { namedWireSchema } from "../openapi/schema-registry.js";
import {
  emailContentTypeSchema,
  notificationChannelSchema,
  notificationTemplateSchema,
  type EmailContentType,
  type NotificationChannel,
  type NotificationTemplate,
} from "./enums.js";
import { optionalFlag, optionalText, wireFlag } from "./primitives.js";

export const notificationRecipientSchema = namedWireSchema(
  z.object({
    emailAddress: z.string().nullish(),
    mobileNumber: z.string().nullish(),
    organizationNumber: z.string().nullish(),
    nationalIdentityNumber: z.string().nullish(),
    /** Accepted and ignored. */
    isReserved: optionalFlag(),
  }),
  "NotificationRecipientExt",
  "request",
);

/**
 * The notification part, with its model-level limits (notifications.md §1). Its business rules (3xxx) and the
 * special "Invalid notification template" answer belong to the notifications feature; a template given as an
 * undefined integer is therefore let through as that integer.
 */
export const initializeCorrespondenceNotificationSchema = namedWireSchema(
  z.object({
    notificationTemplate: z.union([notificationTemplateSchema, z.number().int()]).default("CustomMessage"),
    notificationChannel: notificationChannelSchema.default("Email"),
    emailSubject: optionalText(512),
    emailBody: optionalText(10_000),
    emailContentType: emailContentTypeSchema.default("Plain"),
    smsBody: optionalText(2144),
    sendReminder: wireFlag(),
    reminderEmailSubject: optionalText(512),
    reminderEmailBody: optionalText(10_000),
    reminderEmailContentType: emailContentTypeSchema.nullish(),
    reminderSmsBody: optionalText(2144),
    reminderNotificationChannel: notificationChannelSchema.nullish(),
    sendersReference: z.string().nullish(),
    customRecipients: z.array(notificationRecipientSchema).nullish(),
    customRecipient: notificationRecipientSchema.nullish(),
    customNotificationRecipients: z
      .array(
        z.object({
          recipientToOverride: z.string().nullish(),
          recipients: z.array(notificationRecipientSchema).nullish(),
        }),
      )
      .nullish(),
    overrideRegisteredContactInformation: wireFlag(),
  }),
  "InitializeCorrespondenceNotificationExt",
  "request",
);

export interface NotificationRecipientRequest {
  emailAddress: string | null;
  mobileNumber: string | null;
  organizationNumber: string | null;
  nationalIdentityNumber: string | null;
}

/** As received (after the model-level rules); validated against 3xxx by the notifications feature. */
export interface InitializeNotificationRequest {
  /** A name, or the integer as given when it is not a defined template (→ "Invalid notification template"). */
  notificationTemplate: NotificationTemplate | number;
  notificationChannel: NotificationChannel;
  emailSubject: string | null;
  emailBody: string | null;
  emailContentType: EmailContentType;
  smsBody: string | null;
  sendReminder: boolean;
  reminderEmailSubject: string | null;
  reminderEmailBody: string | null;
  reminderEmailContentType: EmailContentType | null;
  reminderSmsBody: string | null;
  reminderNotificationChannel: NotificationChannel | null;
  sendersReference: string | null;
  customRecipients: NotificationRecipientRequest[] | null;
  customRecipient: NotificationRecipientRequest | null;
  customNotificationRecipients: { recipientToOverride: string | null; recipients: NotificationRecipientRequest[] }[] | null;
  overrideRegisteredContactInformation: boolean;
}

type NotificationRecipientWire = z.output<typeof notificationRecipientSchema>;
type NotificationWire = z.output<typeof initializeCorrespondenceNotificationSchema>;

function toNotificationRecipient(recipient: NotificationRecipientWire): NotificationRecipientRequest {
  return {
    emailAddress: recipient.emailAddress ?? null,
    mobileNumber: recipient.mobileNumber ?? null,
    organizationNumber: recipient.organizationNumber ?? null,
    nationalIdentityNumber: recipient.nationalIdentityNumber ?? null,
  };
}

export function toNotificationRequest(notification: NotificationWire): InitializeNotificationRequest {
  return {
    notificationTemplate: notification.notificationTemplate,
    notificationChannel: notification.notificationChannel,
    emailSubject: notification.emailSubject ?? null,
    emailBody: notification.emailBody ?? null,
    emailContentType: notification.emailContentType,
    smsBody: notification.smsBody ?? null,
    sendReminder: notification.sendReminder,
    reminderEmailSubject: notification.reminderEmailSubject ?? null,
    reminderEmailBody: notification.reminderEmailBody ?? null,
    reminderEmailContentType: notification.reminderEmailContentType ?? null,
    reminderSmsBody: notification.reminderSmsBody ?? null,
    reminderNotificationChannel: notification.reminderNotificationChannel ?? null,
    sendersReference: notification.sendersReference ?? null,
    customRecipients: notification.customRecipients?.map(toNotificationRecipient) ?? null,
    customRecipient: notification.customRecipient ? toNotificationRecipient(notification.customRecipient) : null,
    customNotificationRecipients:
      notification.customNotificationRecipients?.map((entry) => ({
        recipientToOverride: entry.recipientToOverride ?? null,
        recipients: entry.recipients?.map(toNotificationRecipient) ?? [],
      })) ?? null,
    overrideRegisteredContactInformation: notification.overrideRegisteredContactInformation,
  };
}
