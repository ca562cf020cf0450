/**
 * The publish step (lifecycle.md T3), triggered by the publish message that initialize scheduled for
 * max(now, requestedPublishTime). A transient failure throws: the host abandons the message and the queue delivers it
 * again (dead-lettering after maxDeliveryCount). A message that names no correspondence is completed with a log.
 */
import { app, type InvocationContext } from "@azure/functions";
import { maxDeliveryCountOf } from "../shared/adapters/servicebus/queue-definitions.js";
import { connectionNames } from "../shared/config/config.js";
import type { PublishCorrespondence } from "../shared/use-cases/publish-correspondence/publish-correspondence.js";
import { queueNames, readCorrespondenceMessage } from "../shared/use-cases/publish-correspondence/publish-messages.js";
import { deliveryCountOf } from "./service-bus-delivery.js";

export interface PublishCorrespondenceFunctionDependencies {
  publishCorrespondence: Pick<PublishCorrespondence, "publish">;
}

export function makePublishCorrespondenceHandler(dependencies: PublishCorrespondenceFunctionDependencies) {
  const maxDeliveryCount = maxDeliveryCountOf(queueNames.publish);
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const body = readCorrespondenceMessage(message);
    if (!body) {
      context.error(`Publish message ${String(context.triggerMetadata?.messageId)} has no correspondenceId; dropped`);
      return;
    }
    const finalAttempt = deliveryCountOf(context) >= maxDeliveryCount;
    const outcome = await dependencies.publishCorrespondence.publish(body.correspondenceId, { finalAttempt });
    const log = outcome === "notFound" ? context.warn.bind(context) : context.log.bind(context);
    log(`Publish of correspondence ${body.correspondenceId}: ${outcome}`);
  };
}

export function registerPublishCorrespondenceFunction(dependencies: PublishCorrespondenceFunctionDependencies): void {
  app.serviceBusQueue("publishCorrespondence", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.publish,
    handler: makePublishCorrespondenceHandler(dependencies),
  });
}
