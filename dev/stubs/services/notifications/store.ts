/** Everything the Notifications stub remembers between calls; `clear` is what `DELETE /_stub/state` does to it. */
import type { Shipment } from "./model.js";

/** What an idempotent repeat of an order request gets back: the first response, unchanged. */
export interface OrderReceipt {
  notificationOrderId: string;
  response: unknown;
  /** How many times the same idempotencyId came again after the order was created. */
  repeatedRequests: number;
}

export class NotificationStore {
  /** Every order request body that created an order, as received, oldest first. */
  readonly receivedOrders: unknown[] = [];
  /** Insertion order is creation order, which the recordings rely on. */
  private readonly shipments = new Map<string, Shipment>();
  private readonly receiptsByIdempotency = new Map<string, OrderReceipt>();

  addShipment(shipment: Shipment): void {
    this.shipments.set(shipment.shipmentId, shipment);
  }

  /** Lookups are scoped by creator, as in the real service: another organisation's order looks like no order at all. */
  findShipment(shipmentId: string, creator: string): Shipment | undefined {
    const shipment = this.shipments.get(shipmentId.toLowerCase());
    return shipment?.creator === creator ? shipment : undefined;
  }

  /** False once the shipment was cleared away by a reset, so late timer and HTTP callbacks leave the new state alone. */
  isCurrent(shipment: Shipment): boolean {
    return this.shipments.get(shipment.shipmentId) === shipment;
  }

  allShipments(): Shipment[] {
    return [...this.shipments.values()];
  }

  findReceipt(creator: string, idempotencyId: string): OrderReceipt | undefined {
    return this.receiptsByIdempotency.get(receiptKey(creator, idempotencyId));
  }

  rememberReceipt(creator: string, idempotencyId: string, receipt: OrderReceipt): void {
    this.receiptsByIdempotency.set(receiptKey(creator, idempotencyId), receipt);
  }

  receipts(): OrderReceipt[] {
    return [...this.receiptsByIdempotency.values()];
  }

  clear(): void {
    this.receivedOrders.length = 0;
    this.shipments.clear();
    this.receiptsByIdempotency.clear();
  }
}

function receiptKey(creator: string, idempotencyId: string): string {
  return `${creator}\n${idempotencyId}`;
}
