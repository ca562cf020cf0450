/**
 * The publish step (lifecycle.md T3), triggered by the publish message that initialize scheduled for
 * max(now, requestedPublishTime). Through the delivery policy (service-bus-delivery.ts): a transient failure is tried
 * again later, with growing delays; on the last attempt a dialogue that still cannot be created fails the
 * correspondence instead. A body that names no correspondence is parked.
 */
import { app } from "@azure/functions";
import { connectionNames } from "../shared/config/config.js";
import type { MessageHandler } from "../shared/use-cases/message-delivery/delivery-ports.js";
import type { PublishCorrespondence } from "../shared/use-cases/publish-correspondence/publish-correspondence.js";
import {
  parseCorrespondenceMessage,
  queueNames,
  type CorrespondenceMessageBody,
} from "../shared/use-cases/publish-correspondence/publish-messages.js";
import { deliveredThrough, type ServiceBusDeliveryDependencies } from "./service-bus-delivery.js";

export interface PublishCorrespondenceFunctionDependencies extends ServiceBusDeliveryDependencies {
  publishCorrespondence: Pick<PublishCorrespondence, "publish">;
}

export function publishMessageHandler(dependencies: PublishCorrespondenceFunctionDependencies): MessageHandler<CorrespondenceMessageBody> {
  return {
    describes: "publish message",
    parse: parseCorrespondenceMessage,
    handle: async ({ correspondenceId }, attempt) => {
      const outcome = await dependencies.publishCorrespondence.publish(correspondenceId, { finalAttempt: attempt.isLast });
      return { summary: `publish of correspondence ${correspondenceId}: ${outcome}`, noteworthy: outcome === "notFound" };
    },
  };
}

export function makePublishCorrespondenceHandler(dependencies: PublishCorrespondenceFunctionDependencies) {
  return deliveredThrough(dependencies, queueNames.publish, publishMessageHandler(dependencies));
}

export function registerPublishCorrespondenceFunction(dependencies: PublishCorrespondenceFunctionDependencies): void {
  app.serviceBusQueue("publishCorrespondence", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.publish,
    handler: makePublishCorrespondenceHandler(dependencies),
  });
}
