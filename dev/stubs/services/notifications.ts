/**
 * Altinn Notifications stub: the v2 order-chain API (with reminders and send conditions), composed e-mails, delivery
 * manifests, and the v1 order API. Shipments move through the real lifecycle on a timer (`STUB_NOTIFICATIONS_STEP_MS`,
 * default 1 s per step) once their requested send time has come.
 *
 * Recordings: `GET /_stub/notifications/orders` lists every order request body that created an order, as received;
 * `GET /_stub/notifications/shipments` shows the stub-side state (ids, condition answers, status history, deliveries).
 */
import type { StubModule } from "../context.js";
import { registerOrderChainRoutes } from "./notifications/order-chain-routes.js";
import { StubScheduler } from "./notifications/scheduler.js";
import { createSendConditionChecker } from "./notifications/send-condition.js";
import { ShipmentLifecycle } from "./notifications/shipment-lifecycle.js";
import { NotificationStore } from "./notifications/store.js";
import { notificationTimingFromEnvironment } from "./notifications/timing.js";
import { registerV1OrderRoutes } from "./notifications/v1-order-routes.js";
import { shipmentRecording } from "./notifications/views.js";

export const notificationsStub: StubModule = (router, context) => {
  const timing = notificationTimingFromEnvironment();
  const scheduler = new StubScheduler();
  const store = new NotificationStore();
  const closing = new AbortController();
  const lifecycle = new ShipmentLifecycle({
    scheduler,
    store,
    stepMs: timing.stepMs,
    reservedNationalIds: context.fixtures.reservedNationalIds,
    checkSendCondition: createSendConditionChecker({
      maskinporten: context.issuers.maskinporten,
      timeoutMs: timing.conditionTimeoutMs,
      closing: closing.signal,
    }),
  });

  registerOrderChainRoutes(router, { context, store, lifecycle });
  registerV1OrderRoutes(router, { context, store, lifecycle });
  router.route("control", "GET", "/_stub/notifications/orders", () => ({ status: 200, json: store.receivedOrders }));
  router.route("control", "GET", "/_stub/notifications/shipments", () => ({ status: 200, json: shipmentRecording(store) }));

  context.onReset(() => {
    scheduler.cancelAll();
    store.clear();
  });
  context.onClose(() => {
    scheduler.stop();
    closing.abort();
  });
};
