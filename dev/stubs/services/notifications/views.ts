/** How shipments look from outside: the v2 delivery manifest, the v1 order views, and the stub's own recording. */
import type { Delivery, DeliveryChannel, Shipment } from "./model.js";
import type { NotificationStore } from "./store.js";

/** `GET /future/shipment/{id}`; `type` is always "Notification" in the real API, reminders included. */
export function deliveryManifest(shipment: Shipment): Record<string, unknown> {
  return {
    shipmentId: shipment.shipmentId,
    sendersReference: shipment.sendersReference,
    type: "Notification",
    status: shipment.status,
    lastUpdate: shipment.lastUpdate.toISOString(),
    recipients: shipment.deliveries.map((delivery) => ({
      type: delivery.channel,
      destination: delivery.destination,
      status: delivery.status,
      lastUpdate: delivery.lastUpdate.toISOString(),
    })),
  };
}

/** v1 statuses are the v2 lifecycle names without the `Order_` prefix. */
function v1ProcessingStatus(shipment: Shipment): Record<string, unknown> {
  return {
    status: shipment.status.replace(/^Order_/, ""),
    description: null,
    lastUpdate: shipment.lastUpdate.toISOString(),
  };
}

function orderBase(shipment: Shipment): Record<string, unknown> {
  return {
    id: shipment.shipmentId,
    sendersReference: shipment.sendersReference,
    requestedSendTime: shipment.requestedSendTime.toISOString(),
    creator: shipment.creator,
    created: shipment.created.toISOString(),
    notificationChannel: shipment.notificationChannel,
    ignoreReservation: shipment.ignoreReservation,
    resourceId: shipment.resourceId,
    conditionEndpoint: shipment.conditionEndpoint,
  };
}

/** `GET /orders/{id}/status` and the body of a successful cancel (`NotificationOrderWithStatusExt`). */
export function orderWithStatus(shipment: Shipment, baseUrl: string): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  for (const [key, channel, path] of [["email", "Email", "email"], ["sms", "SMS", "sms"]] as const) {
    const deliveries = shipment.deliveries.filter((delivery) => delivery.channel === channel);
    if (deliveries.length === 0) continue;
    summary[key] = {
      links: { self: `${orderUrl(baseUrl, shipment)}/notifications/${path}` },
      generated: deliveries.length,
      succeeded: deliveries.filter(isSucceeded).length,
    };
  }
  return { ...orderBase(shipment), processingStatus: v1ProcessingStatus(shipment), notificationsStatusSummary: summary };
}

/** `GET /orders/{id}` (`NotificationOrderExt`): the order as requested, with links to itself and its status. */
export function orderView(shipment: Shipment, baseUrl: string): Record<string, unknown> {
  const request = shipment.v1Request ?? {};
  return {
    ...orderBase(shipment),
    recipients: request["recipients"] ?? [],
    emailTemplate: request["emailTemplate"] ?? null,
    smsTemplate: request["smsTemplate"] ?? null,
    links: { self: orderUrl(baseUrl, shipment), status: `${orderUrl(baseUrl, shipment)}/status` },
  };
}

/** `GET /orders/{id}/notifications/email|sms`: one entry per generated notification of that channel. */
export function notificationSummary(shipment: Shipment, channel: DeliveryChannel): Record<string, unknown> {
  const deliveries = shipment.deliveries.filter((delivery) => delivery.channel === channel);
  return {
    orderId: shipment.shipmentId,
    sendersReference: shipment.sendersReference,
    generated: deliveries.length,
    succeeded: deliveries.filter(isSucceeded).length,
    notifications: deliveries.map((delivery) => ({
      id: delivery.id,
      succeeded: isSucceeded(delivery),
      recipient: channel === "Email" ? { emailAddress: delivery.destination } : { mobileNumber: delivery.destination },
      sendStatus: {
        status: delivery.status.replace(/^(Email|SMS)_/, ""),
        description: null,
        lastUpdate: delivery.lastUpdate.toISOString(),
      },
    })),
  };
}

/** `GET /_stub/notifications/shipments`: the stub-side state, including every condition check and status change. */
export function shipmentRecording(store: NotificationStore): unknown[] {
  const repeatsByOrder = new Map(store.receipts().map((receipt) => [receipt.notificationOrderId, receipt.repeatedRequests]));
  return store.allShipments().map((shipment) => ({
    shipmentId: shipment.shipmentId,
    notificationOrderId: shipment.notificationOrderId,
    origin: shipment.origin,
    creator: shipment.creator,
    idempotencyId: shipment.idempotencyId,
    repeatedRequests: repeatsByOrder.get(shipment.notificationOrderId) ?? 0,
    sendersReference: shipment.sendersReference,
    requestedSendTime: shipment.requestedSendTime.toISOString(),
    conditionEndpoint: shipment.conditionEndpoint,
    conditionChecks: shipment.conditionChecks.map((check) => ({ ...check, at: check.at.toISOString() })),
    status: shipment.status,
    statusHistory: shipment.statusHistory.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
    recipients: deliveryManifest(shipment)["recipients"],
  }));
}

function isSucceeded(delivery: Delivery): boolean {
  return /_(Succeeded|Accepted|Delivered)$/.test(delivery.status);
}

function orderUrl(baseUrl: string, shipment: Shipment): string {
  return `${baseUrl}/notifications/api/v1/orders/${shipment.shipmentId}`;
}
