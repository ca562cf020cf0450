/**
 * The v2 ("future") API Correspondence uses today: order chains with reminders, composed e-mails (forwarding), and the
 * per-shipment delivery manifest. A repeated idempotencyId answers 200 with the first response and creates nothing.
 */
import { randomUUID } from "node:crypto";
import type { StubRequest, StubResponse, StubRouter } from "../../router.js";
import { creatorOrganisation } from "./creator.js";
import type { Shipment } from "./model.js";
import { composedEmailRequestSchema, orderChainRequestSchema } from "./order-schemas.js";
import { forbidden, notFound, validationProblem } from "./responses.js";
import type { NotificationRouteDependencies } from "./route-dependencies.js";
import { newShipment, orderRecipient } from "./shipment-factory.js";
import { deliveryManifest } from "./views.js";

const dayMs = 24 * 60 * 60 * 1000;
const futureBase = "/notifications/api/v1/future";

export function registerOrderChainRoutes(router: StubRouter, deps: NotificationRouteDependencies): void {
  const withToken = { requiresToken: true };
  router.route("notifications", "POST", `${futureBase}/orders`, (req) => createOrderChain(req, deps), withToken);
  router.route("notifications", "POST", `${futureBase}/orders/composed-email`, (req) => createComposedEmail(req, deps), withToken);
  router.route(
    "notifications",
    "GET",
    `${futureBase}/shipment/:shipmentId`,
    (req) => {
      const creator = creatorOrganisation(req.caller, deps.context.fixtures);
      if (!creator) return forbidden();
      const shipment = deps.store.findShipment(req.params["shipmentId"] ?? "", creator);
      return shipment ? { status: 200, json: deliveryManifest(shipment) } : notFound();
    },
    withToken,
  );
}

function createOrderChain(req: StubRequest, deps: NotificationRouteDependencies): StubResponse {
  const creator = creatorOrganisation(req.caller, deps.context.fixtures);
  if (!creator) return forbidden();
  const parsed = orderChainRequestSchema.safeParse(req.body);
  if (!parsed.success) return validationProblem(parsed.error);
  const order = parsed.data;
  const repeated = repeatOf(deps, creator, order.idempotencyId);
  if (repeated) return repeated;

  const notificationOrderId = randomUUID();
  const mainSendTime = order.requestedSendTime ? new Date(order.requestedSendTime) : new Date();
  const mainRecipient = orderRecipient(order.recipient);
  const main = newShipment({
    notificationOrderId,
    origin: "orderChainMain",
    creator,
    idempotencyId: order.idempotencyId,
    sendersReference: order.sendersReference ?? null,
    requestedSendTime: mainSendTime,
    conditionEndpoint: order.conditionEndpoint ?? null,
    recipients: [mainRecipient.spec],
    notificationChannel: mainRecipient.channel,
    ignoreReservation: mainRecipient.ignoreReservation,
    resourceId: mainRecipient.resourceId,
  });
  const reminders = (order.reminders ?? []).map((reminder) => {
    const recipient = orderRecipient(reminder.recipient);
    return newShipment({
      notificationOrderId,
      origin: "orderChainReminder",
      creator,
      idempotencyId: order.idempotencyId,
      sendersReference: reminder.sendersReference ?? null,
      // delayDays counts real days from the main notification's send time, as in the real service.
      requestedSendTime: reminder.requestedSendTime
        ? new Date(reminder.requestedSendTime)
        : new Date(mainSendTime.getTime() + (reminder.delayDays ?? 0) * dayMs),
      conditionEndpoint: reminder.conditionEndpoint ?? null,
      recipients: [recipient.spec],
      notificationChannel: recipient.channel,
      ignoreReservation: recipient.ignoreReservation,
      resourceId: recipient.resourceId,
    });
  });
  const response = {
    notificationOrderId,
    notification: {
      shipmentId: main.shipmentId,
      sendersReference: main.sendersReference,
      reminders: reminders.map((reminder) => ({ shipmentId: reminder.shipmentId, sendersReference: reminder.sendersReference })),
    },
  };
  return accept(req, deps, { creator, idempotencyId: order.idempotencyId, notificationOrderId, response }, [main, ...reminders]);
}

/** Forwarding e-mails: one e-mail recipient, optional attachments by SAS URL, no reminders and no condition. */
function createComposedEmail(req: StubRequest, deps: NotificationRouteDependencies): StubResponse {
  const creator = creatorOrganisation(req.caller, deps.context.fixtures);
  if (!creator) return forbidden();
  const parsed = composedEmailRequestSchema.safeParse(req.body);
  if (!parsed.success) return validationProblem(parsed.error);
  const order = parsed.data;
  const repeated = repeatOf(deps, creator, order.idempotencyId);
  if (repeated) return repeated;

  const notificationOrderId = randomUUID();
  const shipment = newShipment({
    notificationOrderId,
    origin: "composedEmail",
    creator,
    idempotencyId: order.idempotencyId,
    sendersReference: order.sendersReference ?? null,
    requestedSendTime: order.requestedSendTime ? new Date(order.requestedSendTime) : new Date(),
    conditionEndpoint: null,
    recipients: [{ kind: "email", emailAddress: order.recipient.emailAddress }],
    notificationChannel: "Email",
    ignoreReservation: null,
    resourceId: null,
  });
  const response = {
    notificationOrderId,
    notification: { shipmentId: shipment.shipmentId, sendersReference: shipment.sendersReference },
  };
  return accept(req, deps, { creator, idempotencyId: order.idempotencyId, notificationOrderId, response }, [shipment]);
}

function repeatOf(deps: NotificationRouteDependencies, creator: string, idempotencyId: string): StubResponse | undefined {
  const receipt = deps.store.findReceipt(creator, idempotencyId);
  if (!receipt) return undefined;
  receipt.repeatedRequests += 1;
  return { status: 200, json: receipt.response };
}

function accept(
  req: StubRequest,
  deps: NotificationRouteDependencies,
  order: { creator: string; idempotencyId: string; notificationOrderId: string; response: unknown },
  shipments: Shipment[],
): StubResponse {
  deps.store.receivedOrders.push(req.body);
  deps.store.rememberReceipt(order.creator, order.idempotencyId, {
    notificationOrderId: order.notificationOrderId,
    response: order.response,
    repeatedRequests: 0,
  });
  for (const shipment of shipments) {
    deps.store.addShipment(shipment);
    deps.lifecycle.schedule(shipment);
  }
  return {
    status: 201,
    json: order.response,
    headers: { location: `${deps.context.baseUrl}${futureBase}/orders/${order.notificationOrderId}` },
  };
}
