/**
 * Request bodies of the order endpoints (v2 "future" order chain, composed e-mail, v1 orders). The stub validates them the
 * way the real API does and answers a failure with 400 ValidationProblemDetails; it never rewrites what it received.
 * Optional members accept null too, since .NET and many TypeScript clients serialise absent values as null.
 */
import { z } from "zod";
import {
  emailAddress,
  httpUrl,
  mobileNumber,
  nationalIdentityNumber,
  notificationChannel,
  organizationNumber,
  requiredText,
  resourceUrn,
  sendTime,
} from "./field-rules.js";

const emailSettings = z.object({
  senderEmailAddress: emailAddress.nullish(),
  subject: requiredText("Email subject cannot be empty."),
  body: requiredText("Email body cannot be empty."),
  contentType: z.enum(["Plain", "Html"]).nullish(),
  // E-mails are sent at any time of day; Daytime is only meaningful (and only accepted) for SMS.
  sendingTimePolicy: z.literal("Anytime", "SendingTimePolicy for email must be Anytime.").nullish(),
});

const smsSettings = z.object({
  sender: z.string().nullish(),
  body: requiredText("SMS body cannot be empty."),
  sendingTimePolicy: z.enum(["Anytime", "Daytime"]).nullish(),
});

const channelSettings = {
  channelSchema: notificationChannel.nullish(),
  resourceId: resourceUrn.nullish(),
  resourceAction: z.string().nullish(),
  emailSettings: emailSettings.nullish(),
  smsSettings: smsSettings.nullish(),
};

type ChannelSettings = {
  channelSchema?: z.infer<typeof notificationChannel> | null;
  emailSettings?: unknown;
  smsSettings?: unknown;
};

/** The settings a channel needs must be present: e-mail settings for e-mail, SMS settings for SMS, both for the rest. */
function requireSettingsForChannel(defaultChannel: z.infer<typeof notificationChannel>) {
  return (recipient: ChannelSettings, context: z.RefinementCtx) => {
    const channel = recipient.channelSchema ?? defaultChannel;
    const needsEmail = channel !== "Sms";
    const needsSms = channel !== "Email";
    if (needsEmail && recipient.emailSettings == null) {
      context.addIssue({ code: "custom", path: ["emailSettings"], message: `EmailSettings must be set when ChannelSchema is ${channel}.` });
    }
    if (needsSms && recipient.smsSettings == null) {
      context.addIssue({ code: "custom", path: ["smsSettings"], message: `SmsSettings must be set when ChannelSchema is ${channel}.` });
    }
  };
}

export const defaultPersonChannel = "EmailPreferred";
export const defaultOrganizationChannel = "EmailPreferred";
export const defaultExternalIdentityChannel = "Email";

const recipientPerson = z
  .object({
    nationalIdentityNumber,
    ignoreReservation: z.boolean().nullish(),
    useStaleContactInformation: z.boolean().nullish(),
    ...channelSettings,
  })
  .superRefine(requireSettingsForChannel(defaultPersonChannel));

const recipientOrganization = z
  .object({ orgNumber: organizationNumber, ...channelSettings })
  .superRefine(requireSettingsForChannel(defaultOrganizationChannel));

const recipientExternalIdentity = z
  .object({
    externalIdentity: z
      .string()
      .regex(
        /^urn:altinn:person:(idporten-email|legacy-selfidentified):.+$/i,
        "ExternalIdentity must be an idporten-email or legacy-selfidentified URN.",
      ),
    ...channelSettings,
  })
  .superRefine(requireSettingsForChannel(defaultExternalIdentityChannel));

export const notificationRecipientSchema = z
  .object({
    recipientEmail: z.object({ emailAddress, emailSettings }).nullish(),
    recipientSms: z.object({ phoneNumber: mobileNumber, smsSettings }).nullish(),
    recipientPerson: recipientPerson.nullish(),
    recipientOrganization: recipientOrganization.nullish(),
    recipientExternalIdentity: recipientExternalIdentity.nullish(),
  })
  .superRefine((recipient, context) => {
    const given = Object.values(recipient).filter((value) => value != null).length;
    if (given !== 1) context.addIssue({ code: "custom", message: "Must have exactly one recipient." });
  });
export type NotificationRecipient = z.infer<typeof notificationRecipientSchema>;

const reminderSchema = z
  .object({
    sendersReference: z.string().nullish(),
    conditionEndpoint: httpUrl.nullish(),
    delayDays: z.number().int().min(1, "DelayDays must be greater than 0.").nullish(),
    requestedSendTime: sendTime.nullish(),
    recipient: notificationRecipientSchema,
  })
  .superRefine((reminder, context) => {
    if ((reminder.delayDays == null) === (reminder.requestedSendTime == null)) {
      context.addIssue({ code: "custom", message: "Either DelayDays or RequestedSendTime must be set, but not both." });
    }
  });

const idempotencyId = requiredText("IdempotencyId cannot be null or empty.");

export const orderChainRequestSchema = z.object({
  idempotencyId,
  sendersReference: z.string().nullish(),
  requestedSendTime: sendTime.nullish(),
  conditionEndpoint: httpUrl.nullish(),
  dialogportenAssociation: z.object({ dialogId: z.guid().nullish(), transmissionId: z.guid().nullish() }).nullish(),
  recipient: notificationRecipientSchema,
  reminders: z.array(reminderSchema).nullish(),
});
export type OrderChainRequest = z.infer<typeof orderChainRequestSchema>;

const emailAttachment = z.object({
  filename: z.string().regex(/^[^/\\]+\.[^./\\]+$/, "Filename must have an extension and no path separators."),
  mimeType: requiredText("MimeType cannot be empty."),
  sasUrl: httpUrl,
});

export const composedEmailRequestSchema = z.object({
  idempotencyId,
  sendersReference: z.string().nullish(),
  requestedSendTime: sendTime.nullish(),
  recipient: z.object({
    emailAddress,
    emailSettings: emailSettings.extend({ attachments: z.array(emailAttachment).nullish() }),
  }),
});
export type ComposedEmailRequest = z.infer<typeof composedEmailRequestSchema>;
