/**
 * The consumer of the `dialogporten-sync` queue: the Dialogporten side effects that read and state-change endpoints
 * leave in the outbox (the opened activity of the first Read, the soft delete of a purged correspondence's dialogue).
 *
 * - A body that is not one of our messages is completed with an error log, never retried: it cannot become valid on
 *   a later delivery, and a Functions trigger cannot dead-letter a message itself, so retrying would only loop it
 *   maxDeliveryCount times to the same end. The log carries the message id and what is wrong with it.
 * - A Dialogporten failure throws: the host abandons the message and the queue delivers it again, dead-lettering it
 *   after maxDeliveryCount. The last delivery logs why, so the dead-lettered message has a readable reason.
 */
import { app, type InvocationContext } from "@azure/functions";
import { maxDeliveryCountOf } from "../shared/adapters/servicebus/queue-definitions.js";
import { connectionNames } from "../shared/config/config.js";
import type { SyncDialogporten, SyncOutcome } from "../shared/use-cases/sync-dialogporten/sync-dialogporten.js";
import { parseSyncMessage, queueNames } from "../shared/use-cases/sync-dialogporten/sync-messages.js";
import { deliveryCountOf, messageIdOf } from "./service-bus-delivery.js";

export interface SyncDialogportenFunctionDependencies {
  syncDialogporten: Pick<SyncDialogporten, "execute">;
}

/** Outcomes someone may want to look at: the effect did not (fully) happen, by design. */
const noteworthy = new Set<SyncOutcome>(["dialogMissing", "dialogDeletedWithoutActivity"]);

export function makeSyncDialogportenHandler(dependencies: SyncDialogportenFunctionDependencies) {
  const maxDeliveryCount = maxDeliveryCountOf(queueNames.dialogportenSync);
  return async (body: unknown, context: InvocationContext): Promise<void> => {
    const parsed = parseSyncMessage(body);
    if (!parsed.ok) {
      const id = messageIdOf(context);
      context.error(`Dialogporten sync message ${id} is not one we send; completed without effect: ${parsed.reason}`);
      return;
    }
    const { kind, correspondenceId, dialogId } = parsed.message;
    const what = `Dialogporten ${kind} of correspondence ${correspondenceId} on dialog ${dialogId}`;
    try {
      const outcome = await dependencies.syncDialogporten.execute(parsed.message);
      (noteworthy.has(outcome) ? context.warn.bind(context) : context.log.bind(context))(`${what}: ${outcome}`);
    } catch (error) {
      const delivery = deliveryCountOf(context);
      if (delivery >= maxDeliveryCount) {
        const reason = String(error);
        context.error(`${what} failed on delivery ${delivery} of ${maxDeliveryCount}; the queue dead-letters it: ${reason}`);
      }
      throw error;
    }
  };
}

export function registerSyncDialogportenFunction(dependencies: SyncDialogportenFunctionDependencies): void {
  app.serviceBusQueue("syncDialogporten", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.dialogportenSync,
    handler: makeSyncDialogportenHandler(dependencies),
  });
}
