import type { StubContext } from "../../context.js";
import type { ShipmentLifecycle } from "./shipment-lifecycle.js";
import type { NotificationStore } from "./store.js";

/** What the Notifications route modules share. */
export interface NotificationRouteDependencies {
  context: StubContext;
  store: NotificationStore;
  lifecycle: ShipmentLifecycle;
}
