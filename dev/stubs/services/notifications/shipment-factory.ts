/** Building shipments and recipient specs from parsed order requests. */
import { randomUUID } from "node:crypto";
import type { NotificationChannel, RecipientSpec, Shipment } from "./model.js";
import {
  defaultExternalIdentityChannel,
  defaultOrganizationChannel,
  defaultPersonChannel,
  type NotificationRecipient,
} from "./order-schemas.js";
import type { V1Recipient } from "./v1-order-schema.js";

type NewShipmentFields = Pick<
  Shipment,
  | "notificationOrderId"
  | "origin"
  | "creator"
  | "idempotencyId"
  | "sendersReference"
  | "requestedSendTime"
  | "conditionEndpoint"
  | "recipients"
  | "notificationChannel"
  | "ignoreReservation"
  | "resourceId"
> & { shipmentId?: string; v1Request?: Record<string, unknown> };

export function newShipment(fields: NewShipmentFields): Shipment {
  const now = new Date();
  return {
    ...fields,
    shipmentId: fields.shipmentId ?? randomUUID(),
    created: now,
    status: "Order_Registered",
    lastUpdate: now,
    statusHistory: [{ status: "Order_Registered", at: now }],
    conditionChecks: [],
    deliveries: [],
  };
}

export interface OrderRecipient {
  spec: RecipientSpec;
  channel: NotificationChannel;
  ignoreReservation: boolean | null;
  resourceId: string | null;
}

/** The one recipient of a v2 order (validation has made sure exactly one member is set). */
export function orderRecipient(recipient: NotificationRecipient): OrderRecipient {
  const { recipientEmail, recipientSms, recipientPerson, recipientOrganization, recipientExternalIdentity } = recipient;
  if (recipientEmail) {
    return { spec: { kind: "email", emailAddress: recipientEmail.emailAddress }, channel: "Email", ignoreReservation: null, resourceId: null };
  }
  if (recipientSms) {
    return { spec: { kind: "sms", phoneNumber: recipientSms.phoneNumber }, channel: "Sms", ignoreReservation: null, resourceId: null };
  }
  if (recipientPerson) {
    const channel = recipientPerson.channelSchema ?? defaultPersonChannel;
    const ignoreReservation = recipientPerson.ignoreReservation ?? false;
    return {
      spec: { kind: "person", nationalIdentityNumber: recipientPerson.nationalIdentityNumber, channel, ignoreReservation },
      channel,
      ignoreReservation,
      resourceId: recipientPerson.resourceId ?? null,
    };
  }
  if (recipientOrganization) {
    const channel = recipientOrganization.channelSchema ?? defaultOrganizationChannel;
    return {
      spec: { kind: "organization", orgNumber: recipientOrganization.orgNumber, channel },
      channel,
      ignoreReservation: null,
      resourceId: recipientOrganization.resourceId ?? null,
    };
  }
  if (recipientExternalIdentity) {
    const channel = recipientExternalIdentity.channelSchema ?? defaultExternalIdentityChannel;
    return {
      spec: { kind: "externalIdentity", externalIdentity: recipientExternalIdentity.externalIdentity, channel },
      channel,
      ignoreReservation: null,
      resourceId: recipientExternalIdentity.resourceId ?? null,
    };
  }
  throw new Error("A validated order recipient has exactly one member set");
}

/** A v1 recipient; identifiers that need a lookup take the order's channel and reservation setting. */
export function v1RecipientSpec(recipient: V1Recipient, channel: NotificationChannel, ignoreReservation: boolean): RecipientSpec {
  if (recipient.nationalIdentityNumber) {
    return { kind: "person", nationalIdentityNumber: recipient.nationalIdentityNumber, channel, ignoreReservation };
  }
  if (recipient.organizationNumber) return { kind: "organization", orgNumber: recipient.organizationNumber, channel };
  if (recipient.emailAddress && recipient.mobileNumber) {
    return { kind: "emailAndSms", emailAddress: recipient.emailAddress, phoneNumber: recipient.mobileNumber, channel };
  }
  if (recipient.emailAddress) return { kind: "email", emailAddress: recipient.emailAddress };
  if (recipient.mobileNumber) return { kind: "sms", phoneNumber: recipient.mobileNumber };
  throw new Error("A validated v1 recipient has at least one identifier");
}
