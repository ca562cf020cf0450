/**
 * Moves every shipment the way Altinn Notifications does, one step per `stepMs` once its requested send time has come:
 * Order_Registered → (send time) Order_Processing + condition check → Order_Processed with New deliveries → deliveries
 * advance → Order_Completed when every delivery is final. A condition answer of false ends in Order_SendConditionNotMet.
 *
 * An unreachable or malformed condition endpoint is treated as the real service does: the first failure sends the order
 * to its retry queue (here: one step later), and when the retry fails too the order is processed regardless.
 */
import { isFinalDeliveryStatus, advancedDeliveryStatus, plannedDeliveries } from "./deliveries.js";
import type { OrderStatus, Shipment } from "./model.js";
import type { StubScheduler } from "./scheduler.js";
import type { SendConditionChecker } from "./send-condition.js";
import type { NotificationStore } from "./store.js";

export interface ShipmentLifecycleDependencies {
  scheduler: StubScheduler;
  store: NotificationStore;
  stepMs: number;
  checkSendCondition: SendConditionChecker;
  reservedNationalIds: readonly string[];
}

export class ShipmentLifecycle {
  constructor(private readonly deps: ShipmentLifecycleDependencies) {}

  /** Nothing at all happens before the requested send time. */
  schedule(shipment: Shipment): void {
    this.deps.scheduler.runAt(shipment.requestedSendTime.getTime(), () => this.startProcessing(shipment));
  }

  /** Only an order that nobody has started on can be cancelled; once its send time has passed it is too late. */
  tryCancel(shipment: Shipment): boolean {
    if (shipment.status !== "Order_Registered" || shipment.requestedSendTime.getTime() <= Date.now()) return false;
    this.setStatus(shipment, "Order_Cancelled");
    return true;
  }

  private async startProcessing(shipment: Shipment): Promise<void> {
    if (!this.deps.store.isCurrent(shipment) || shipment.status !== "Order_Registered") return;
    this.setStatus(shipment, "Order_Processing");
    await this.evaluateSendCondition(shipment, false);
  }

  private async evaluateSendCondition(shipment: Shipment, isRetry: boolean): Promise<void> {
    const endpoint = shipment.conditionEndpoint;
    if (endpoint === null) return this.nextStep(shipment, () => this.generateNotifications(shipment));

    const outcome = await this.deps.checkSendCondition(endpoint);
    if (!this.deps.store.isCurrent(shipment)) return;
    const at = new Date();
    if (outcome.kind === "failed") {
      shipment.conditionChecks.push({ at, endpoint, outcome: "error", detail: outcome.reason });
      if (isRetry) return this.nextStep(shipment, () => this.generateNotifications(shipment));
      return this.nextStep(shipment, () => this.evaluateSendCondition(shipment, true));
    }
    shipment.conditionChecks.push({ at, endpoint, outcome: `sendNotification:${outcome.sendNotification}` });
    if (!outcome.sendNotification) return this.setStatus(shipment, "Order_SendConditionNotMet");
    this.nextStep(shipment, () => this.generateNotifications(shipment));
  }

  private generateNotifications(shipment: Shipment): void {
    const now = new Date();
    shipment.deliveries = shipment.recipients.flatMap((recipient) =>
      plannedDeliveries(recipient, this.deps.reservedNationalIds, now),
    );
    this.setStatus(shipment, "Order_Processed");
    this.nextStep(shipment, () => this.advanceDeliveries(shipment));
  }

  private advanceDeliveries(shipment: Shipment): void {
    const now = new Date();
    for (const delivery of shipment.deliveries) {
      if (isFinalDeliveryStatus(delivery.status)) continue;
      delivery.status = advancedDeliveryStatus(delivery.status);
      delivery.lastUpdate = now;
    }
    if (shipment.deliveries.every((delivery) => isFinalDeliveryStatus(delivery.status))) {
      this.setStatus(shipment, "Order_Completed");
    } else {
      this.nextStep(shipment, () => this.advanceDeliveries(shipment));
    }
  }

  private nextStep(shipment: Shipment, step: () => void | Promise<void>): void {
    this.deps.scheduler.runAfter(this.deps.stepMs, () => (this.deps.store.isCurrent(shipment) ? step() : undefined));
  }

  private setStatus(shipment: Shipment, status: OrderStatus): void {
    const at = new Date();
    shipment.status = status;
    shipment.lastUpdate = at;
    shipment.statusHistory.push({ status, at });
  }
}
