/**
 * Turning a recipient into deliveries, and moving a delivery one status further. The status names and their order are the
 * real service's `ProcessingLifecycle`: e-mail New → Sending → Succeeded → Delivered, SMS New → Sending → Accepted → Delivered.
 */
import { randomUUID } from "node:crypto";
import {
  externalIdentityContactPoints,
  organisationContactPoints,
  personContactPoints,
  type ContactPoints,
} from "./contact-points.js";
import type { Delivery, DeliveryChannel, NotificationChannel, RecipientSpec } from "./model.js";

const nextDeliveryStatus: Readonly<Record<string, string>> = {
  Email_New: "Email_Sending",
  Email_Sending: "Email_Succeeded",
  Email_Succeeded: "Email_Delivered",
  SMS_New: "SMS_Sending",
  SMS_Sending: "SMS_Accepted",
  SMS_Accepted: "SMS_Delivered",
};

export function isFinalDeliveryStatus(status: string): boolean {
  return !(status in nextDeliveryStatus);
}

/** The status after one more step, or the same status when it is final. */
export function advancedDeliveryStatus(status: string): string {
  return nextDeliveryStatus[status] ?? status;
}

export function plannedDeliveries(recipient: RecipientSpec, reservedNationalIds: readonly string[], now: Date): Delivery[] {
  const delivery = (channel: DeliveryChannel, destination: string | undefined, outcome?: string): Delivery => ({
    id: randomUUID(),
    channel,
    destination: destination ?? "",
    status: `${channel}_${destination === undefined ? "Failed_RecipientNotIdentified" : (outcome ?? "New")}`,
    lastUpdate: now,
  });
  switch (recipient.kind) {
    case "email":
      return [delivery("Email", recipient.emailAddress)];
    case "sms":
      return [delivery("SMS", recipient.phoneNumber)];
    case "emailAndSms":
      return deliveriesByChannel(recipient.channel, { email: recipient.emailAddress, mobile: recipient.phoneNumber }, delivery);
    case "person": {
      // KRR reservation: the real service refuses to notify a reserved person unless the order may ignore reservations.
      const reserved = !recipient.ignoreReservation && reservedNationalIds.includes(recipient.nationalIdentityNumber);
      const contact = personContactPoints(recipient.nationalIdentityNumber);
      return deliveriesByChannel(recipient.channel, contact, (channel, destination) =>
        delivery(channel, destination, reserved ? "Failed_RecipientReserved" : undefined),
      );
    }
    case "organization":
      return deliveriesByChannel(recipient.channel, organisationContactPoints(recipient.orgNumber), delivery);
    case "externalIdentity":
      return deliveriesByChannel(recipient.channel, externalIdentityContactPoints(recipient.externalIdentity), delivery);
  }
}

function deliveriesByChannel(
  channel: NotificationChannel,
  contact: ContactPoints,
  delivery: (channel: DeliveryChannel, destination: string | undefined) => Delivery,
): Delivery[] {
  const email = () => delivery("Email", contact.email);
  const sms = () => delivery("SMS", contact.mobile);
  switch (channel) {
    case "Email":
      return [email()];
    case "Sms":
      return [sms()];
    case "EmailPreferred":
      return [contact.email || !contact.mobile ? email() : sms()];
    case "SmsPreferred":
      return [contact.mobile || !contact.email ? sms() : email()];
    case "EmailAndSms":
      return [email(), sms()];
  }
}
