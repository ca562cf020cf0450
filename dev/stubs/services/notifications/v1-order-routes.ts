/**
 * The v1 order API that older Correspondence data still points at: create (202 with a recipient lookup), read, status,
 * per-channel notification summaries, and cancel. Every v2 shipment is an order here too (its id is the order id), which
 * is how the real service stores them.
 */
import { randomUUID } from "node:crypto";
import type { StubRequest, StubResponse, StubRouter } from "../../router.js";
import { creatorOrganisation } from "./creator.js";
import type { Shipment } from "./model.js";
import { conflict, forbidden, notFound, validationProblem } from "./responses.js";
import type { NotificationRouteDependencies } from "./route-dependencies.js";
import { newShipment, v1RecipientSpec } from "./shipment-factory.js";
import { v1OrderRequestSchema } from "./v1-order-schema.js";
import { notificationSummary, orderView, orderWithStatus } from "./views.js";

const ordersBase = "/notifications/api/v1/orders";

export function registerV1OrderRoutes(router: StubRouter, deps: NotificationRouteDependencies): void {
  const withToken = { requiresToken: true };
  const baseUrl = deps.context.baseUrl;
  router.route("notifications", "POST", ordersBase, (req) => createV1Order(req, deps), withToken);
  router.route("notifications", "GET", `${ordersBase}/:orderId`, (req) => withOrder(req, deps, (order) => ok(orderView(order, baseUrl))), withToken);
  router.route(
    "notifications",
    "GET",
    `${ordersBase}/:orderId/status`,
    (req) => withOrder(req, deps, (order) => ok(orderWithStatus(order, baseUrl))),
    withToken,
  );
  router.route(
    "notifications",
    "GET",
    `${ordersBase}/:orderId/notifications/email`,
    (req) => withOrder(req, deps, (order) => ok(notificationSummary(order, "Email"))),
    withToken,
  );
  router.route(
    "notifications",
    "GET",
    `${ordersBase}/:orderId/notifications/sms`,
    (req) => withOrder(req, deps, (order) => ok(notificationSummary(order, "SMS"))),
    withToken,
  );
  router.route(
    "notifications",
    "PUT",
    `${ordersBase}/:orderId/cancel`,
    (req) =>
      withOrder(req, deps, (order) => (deps.lifecycle.tryCancel(order) ? ok(orderWithStatus(order, baseUrl)) : conflict())),
    withToken,
  );
}

function createV1Order(req: StubRequest, deps: NotificationRouteDependencies): StubResponse {
  const creator = creatorOrganisation(req.caller, deps.context.fixtures);
  if (!creator) return forbidden();
  const parsed = v1OrderRequestSchema.safeParse(req.body);
  if (!parsed.success) return validationProblem(parsed.error);
  const order = parsed.data;
  const ignoreReservation = order.ignoreReservation ?? false;
  // A v1 order is a single shipment: its order id, shipment id and "order chain" id are one and the same.
  const orderId = randomUUID();
  const shipment = newShipment({
    shipmentId: orderId,
    notificationOrderId: orderId,
    origin: "v1Order",
    creator,
    idempotencyId: null,
    sendersReference: order.sendersReference ?? null,
    requestedSendTime: order.requestedSendTime ? new Date(order.requestedSendTime) : new Date(),
    conditionEndpoint: order.conditionEndpoint ?? null,
    recipients: order.recipients.map((recipient) => v1RecipientSpec(recipient, order.notificationChannel, ignoreReservation)),
    notificationChannel: order.notificationChannel,
    ignoreReservation: order.ignoreReservation ?? null,
    resourceId: order.resourceId ?? null,
    v1Request: isRecord(req.body) ? req.body : {},
  });

  // The lookup happens up front in the real service: reserved persons are reported now and their notifications fail later.
  const reserved = ignoreReservation
    ? []
    : order.recipients
        .map((recipient) => recipient.nationalIdentityNumber)
        .filter((nin): nin is string => !!nin && deps.context.fixtures.reservedNationalIds.includes(nin));
  const lookupStatus = reserved.length === 0 ? "Success" : reserved.length === order.recipients.length ? "Failed" : "PartialSuccess";

  deps.store.receivedOrders.push(req.body);
  deps.store.addShipment(shipment);
  deps.lifecycle.schedule(shipment);
  return {
    status: 202,
    json: { orderId: shipment.shipmentId, recipientLookup: { status: lookupStatus, isReserved: reserved, missingContact: [] } },
    headers: { location: `${deps.context.baseUrl}${ordersBase}/${shipment.shipmentId}` },
  };
}

function withOrder(req: StubRequest, deps: NotificationRouteDependencies, answer: (order: Shipment) => StubResponse): StubResponse {
  const creator = creatorOrganisation(req.caller, deps.context.fixtures);
  if (!creator) return forbidden();
  const order = deps.store.findShipment(req.params["orderId"] ?? "", creator);
  return order ? answer(order) : notFound();
}

function ok(json: unknown): StubResponse {
  return { status: 200, json };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
