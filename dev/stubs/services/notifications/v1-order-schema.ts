/** The v1 `POST /orders` body (`NotificationOrderRequestExt`): many recipients, one channel, templates per channel. */
import { z } from "zod";
import {
  emailAddress,
  httpUrl,
  mobileNumber,
  nationalIdentityNumber,
  notificationChannel,
  organizationNumber,
  requiredText,
  sendTime,
} from "./field-rules.js";

const v1Recipient = z
  .object({
    emailAddress: emailAddress.nullish(),
    mobileNumber: mobileNumber.nullish(),
    organizationNumber: organizationNumber.nullish(),
    nationalIdentityNumber: nationalIdentityNumber.nullish(),
    isReserved: z.boolean().nullish(),
  })
  .superRefine((recipient, context) => {
    const { emailAddress: email, mobileNumber: mobile, organizationNumber: org, nationalIdentityNumber: nin } = recipient;
    if (!email && !mobile && !org && !nin) {
      context.addIssue({
        code: "custom",
        message: "Either a valid email address, mobile number starting with country code, organization number, or national identity number must be provided for each recipient.",
      });
    }
    if (nin && (email || mobile || org)) {
      context.addIssue({ code: "custom", message: "National identity number cannot be combined with email address, mobile number, or organization number." });
    }
    if (org && (email || mobile || nin)) {
      context.addIssue({ code: "custom", message: "Organization number cannot be combined with email address, mobile number, or national identity number." });
    }
  });
export type V1Recipient = z.infer<typeof v1Recipient>;

export const v1OrderRequestSchema = z
  .object({
    sendersReference: z.string().nullish(),
    requestedSendTime: sendTime.nullish(),
    conditionEndpoint: httpUrl.nullish(),
    ignoreReservation: z.boolean().nullish(),
    resourceId: z.string().nullish(),
    resourceAction: z.string().nullish(),
    notificationChannel,
    recipients: z.array(v1Recipient).min(1, "One or more recipient is required."),
    emailTemplate: z
      .object({
        fromAddress: z.string().nullish(),
        subject: requiredText("The subject of the email template cannot be empty."),
        body: requiredText("The body of the email template cannot be empty."),
        contentType: z.enum(["Plain", "Html"]).nullish(),
      })
      .nullish(),
    smsTemplate: z
      .object({ senderNumber: z.string().nullish(), body: requiredText("The body of the SMS template cannot be empty.") })
      .nullish(),
  })
  .superRefine((order, context) => {
    const usesEmail = order.notificationChannel !== "Sms";
    const usesSms = order.notificationChannel !== "Email";
    if (usesEmail && order.emailTemplate == null) {
      context.addIssue({ code: "custom", path: ["emailTemplate"], message: `An email template is required for channel ${order.notificationChannel}.` });
    }
    if (usesSms && order.smsTemplate == null) {
      context.addIssue({ code: "custom", path: ["smsTemplate"], message: `An SMS template is required for channel ${order.notificationChannel}.` });
    }
    order.recipients.forEach((recipient, index) => {
      if (order.notificationChannel === "Email" && recipient.mobileNumber && !recipient.emailAddress) {
        context.addIssue({ code: "custom", path: ["recipients", index], message: "A mobile number cannot receive an email notification." });
      }
      if (order.notificationChannel === "Sms" && recipient.emailAddress && !recipient.mobileNumber) {
        context.addIssue({ code: "custom", path: ["recipients", index], message: "An email address cannot receive an SMS notification." });
      }
    });
  });
export type V1OrderRequest = z.infer<typeof v1OrderRequestSchema>;
