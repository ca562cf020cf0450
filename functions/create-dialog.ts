/**
 * Creates a new correspondence's Dialogporten dialogue right after initialize (dialogporten.md §2: before publish,
 * hidden until `visibleFrom` when the publish time is ahead). Through the delivery policy (service-bus-delivery.ts):
 * a transient failure is tried again later, a body that names no correspondence is parked. The publish step creates
 * the dialogue itself if it still has none when its time comes.
 */
import { app } from "@azure/functions";
import { connectionNames } from "../shared/config/config.js";
import type { MessageHandler } from "../shared/use-cases/message-delivery/delivery-ports.js";
import type { CreateCorrespondenceDialog } from "../shared/use-cases/publish-correspondence/create-correspondence-dialog.js";
import {
  parseCorrespondenceMessage,
  queueNames,
  type CorrespondenceMessageBody,
} from "../shared/use-cases/publish-correspondence/publish-messages.js";
import { deliveredThrough, type ServiceBusDeliveryDependencies } from "./service-bus-delivery.js";

export interface CreateDialogFunctionDependencies extends ServiceBusDeliveryDependencies {
  createCorrespondenceDialog: Pick<CreateCorrespondenceDialog, "execute">;
}

export function createDialogMessageHandler(dependencies: CreateDialogFunctionDependencies): MessageHandler<CorrespondenceMessageBody> {
  return {
    describes: "create-dialogue message",
    parse: parseCorrespondenceMessage,
    handle: async ({ correspondenceId }) => {
      const outcome = await dependencies.createCorrespondenceDialog.execute(correspondenceId);
      // A purge that raced the create leaves a dialogue to soft-delete: worth seeing, as is an unknown correspondence.
      return { summary: `dialogue of correspondence ${correspondenceId}: ${outcome}`, noteworthy: outcome === "notFound" || outcome === "deletedAfterPurge" };
    },
  };
}

export function makeCreateDialogHandler(dependencies: CreateDialogFunctionDependencies) {
  return deliveredThrough(dependencies, queueNames.createDialog, createDialogMessageHandler(dependencies));
}

export function registerCreateDialogFunction(dependencies: CreateDialogFunctionDependencies): void {
  app.serviceBusQueue("createCorrespondenceDialog", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.createDialog,
    handler: makeCreateDialogHandler(dependencies),
  });
}
