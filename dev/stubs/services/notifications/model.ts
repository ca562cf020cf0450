/** The stub's own record of orders and shipments: what the real service keeps in its database, reduced to what the API shows. */

export const notificationChannels = ["Email", "Sms", "EmailPreferred", "SmsPreferred", "EmailAndSms"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** One addressee of a shipment after parsing; persons, organisations and external identities are resolved when processed. */
export type RecipientSpec =
  | { kind: "email"; emailAddress: string }
  | { kind: "sms"; phoneNumber: string }
  /** A v1 recipient that gave both an e-mail address and a mobile number; the channel picks one or both. */
  | { kind: "emailAndSms"; emailAddress: string; phoneNumber: string; channel: NotificationChannel }
  | { kind: "person"; nationalIdentityNumber: string; channel: NotificationChannel; ignoreReservation: boolean }
  | { kind: "organization"; orgNumber: string; channel: NotificationChannel }
  | { kind: "externalIdentity"; externalIdentity: string; channel: NotificationChannel };

export type OrderStatus =
  | "Order_Registered"
  | "Order_Processing"
  | "Order_Processed"
  | "Order_Completed"
  | "Order_SendConditionNotMet"
  | "Order_Cancelled";

export const finalOrderStatuses: readonly OrderStatus[] = [
  "Order_Completed",
  "Order_SendConditionNotMet",
  "Order_Cancelled",
];

/** Manifest recipient type, the real API's discriminator values. */
export type DeliveryChannel = "Email" | "SMS";

export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  destination: string;
  /** A `ProcessingLifecycle` value such as `Email_Sending` or `SMS_Failed_RecipientReserved`. */
  status: string;
  lastUpdate: Date;
}

export interface ConditionCheck {
  at: Date;
  endpoint: string;
  /** The endpoint's answer, or `error` when it could not be reached or gave no usable answer. */
  outcome: "sendNotification:true" | "sendNotification:false" | "error";
  detail?: string;
}

/** How the shipment came to be: which endpoint created it, and its place in an order chain. */
export type ShipmentOrigin = "orderChainMain" | "orderChainReminder" | "composedEmail" | "v1Order";

export interface Shipment {
  /** Also the id of the underlying order (the real service uses the order's id as shipment id). */
  shipmentId: string;
  /** The order chain this shipment belongs to; for v1 orders the order id itself. */
  notificationOrderId: string;
  origin: ShipmentOrigin;
  creator: string;
  idempotencyId: string | null;
  sendersReference: string | null;
  requestedSendTime: Date;
  conditionEndpoint: string | null;
  recipients: RecipientSpec[];
  /** The order's channel as the v1 status endpoint reports it. */
  notificationChannel: NotificationChannel;
  ignoreReservation: boolean | null;
  resourceId: string | null;
  created: Date;
  status: OrderStatus;
  lastUpdate: Date;
  statusHistory: Array<{ status: OrderStatus; at: Date }>;
  conditionChecks: ConditionCheck[];
  deliveries: Delivery[];
  /** The v1 request body, kept to answer `GET /orders/{id}` with its recipients and templates. */
  v1Request?: Record<string, unknown>;
}
