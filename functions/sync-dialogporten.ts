/**
 * The consumer of the `dialogporten-sync` queue: the Dialogporten side effects that read and state-change endpoints
 * leave in the outbox (the opened activity of the first Read, the soft delete of a purged correspondence's dialogue).
 * Through the delivery policy (service-bus-delivery.ts):
 * - a body that is not one of our messages is parked with what is wrong with it: it cannot become valid later;
 * - a Dialogporten failure is tried again later, with growing delays, so an outage of hours delays the effect
 *   instead of losing it; after the last attempt the message is parked with the last error.
 */
import { app } from "@azure/functions";
import { connectionNames } from "../shared/config/config.js";
import type { MessageHandler } from "../shared/use-cases/message-delivery/delivery-ports.js";
import type { SyncDialogporten, SyncOutcome } from "../shared/use-cases/sync-dialogporten/sync-dialogporten.js";
import {
  parseSyncMessage,
  queueNames,
  type DialogportenSyncMessage,
} from "../shared/use-cases/sync-dialogporten/sync-messages.js";
import { deliveredThrough, type ServiceBusDeliveryDependencies } from "./service-bus-delivery.js";

export interface SyncDialogportenFunctionDependencies extends ServiceBusDeliveryDependencies {
  syncDialogporten: Pick<SyncDialogporten, "execute">;
}

/** Outcomes someone may want to look at: the effect did not (fully) happen, by design. */
const noteworthy = new Set<SyncOutcome>(["dialogMissing", "dialogDeletedWithoutActivity"]);

export function syncMessageHandler(dependencies: SyncDialogportenFunctionDependencies): MessageHandler<DialogportenSyncMessage> {
  return {
    describes: "dialogporten-sync message",
    parse: parseSyncMessage,
    handle: async (message) => {
      const outcome = await dependencies.syncDialogporten.execute(message);
      const what = `Dialogporten ${message.kind} of correspondence ${message.correspondenceId} on dialog ${message.dialogId}`;
      return { summary: `${what}: ${outcome}`, noteworthy: noteworthy.has(outcome) };
    },
  };
}

export function makeSyncDialogportenHandler(dependencies: SyncDialogportenFunctionDependencies) {
  return deliveredThrough(dependencies, queueNames.dialogportenSync, syncMessageHandler(dependencies));
}

export function registerSyncDialogportenFunction(dependencies: SyncDialogportenFunctionDependencies): void {
  app.serviceBusQueue("syncDialogporten", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.dialogportenSync,
    handler: makeSyncDialogportenHandler(dependencies),
  });
}
