/**
 * Service Bus triggers through real @azure/service-bus receivers, as the extension runs them: peek-lock, up to
 * `maxConcurrentCalls` messages at once (cardinality "many": batches of up to `maxMessageBatchSize`, one batch at a
 * time), locks renewed for up to `maxAutoLockRenewalDuration`, complete on success (when `autoCompleteMessages`),
 * abandon on failure. The host never counts deliveries itself: the broker dead-letters after maxDeliveryCount.
 * Stopping lets running invocations finish and settle before the receivers close, so no message stays locked.
 */
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from "@azure/service-bus";
import { parseTimeSpan, resolveAppSettingExpressions, type HostJson } from "./app-config.js";
import type { FunctionInvoker, HostedFunction } from "./invocation.js";
import { describeError, type HostLogger } from "./logger.js";
import type { ServiceBusConnections } from "./servicebus-connection.js";
import { batchMetadata, messageBodyToInput, singleMessageMetadata } from "./servicebus-message.js";

export interface ServiceBusSettings {
  maxConcurrentCalls: number;
  maxMessageBatchSize: number;
  maxAutoLockRenewalDurationInMs: number;
  autoCompleteMessages: boolean;
}

export function serviceBusSettings(hostJson: HostJson): ServiceBusSettings {
  const configured = hostJson.extensions?.serviceBus ?? {};
  return {
    maxConcurrentCalls: configured.maxConcurrentCalls ?? 16,
    maxMessageBatchSize: configured.maxMessageBatchSize ?? 1000,
    maxAutoLockRenewalDurationInMs: parseTimeSpan(configured.maxAutoLockRenewalDuration ?? "00:05:00"),
    autoCompleteMessages: configured.autoCompleteMessages ?? true,
  };
}

export interface RunningServiceBusTrigger {
  stop(): Promise<void>;
}

interface TriggerRuntime {
  hosted: HostedFunction;
  entity: string;
  receiver: ServiceBusReceiver;
  invoker: FunctionInvoker;
  logger: HostLogger;
  settings: ServiceBusSettings;
  inFlight: Set<Promise<void>>;
  /** The tail of this receiver's settlement chain (see settleInTurn). */
  settlements: Promise<void>;
}

/** How long a batch receive waits for a first message before checking whether the host is stopping. */
const batchPollMs = 1000;

export async function startServiceBusTrigger(
  hosted: HostedFunction,
  invoker: FunctionInvoker,
  logger: HostLogger,
  settings: ServiceBusSettings,
  connections: ServiceBusConnections,
): Promise<RunningServiceBusTrigger> {
  const { trigger } = hosted;
  if (trigger.isSessionsEnabled === true) throw new Error("Session-enabled Service Bus triggers are not supported by the dev host.");
  const client = await connections.client(typeof trigger.connection === "string" ? trigger.connection : undefined);
  const receiverOptions = {
    receiveMode: "peekLock" as const,
    maxAutoLockRenewalDurationInMs: settings.maxAutoLockRenewalDurationInMs,
    // Raw bytes and dates: the conversion to the handler's input is ours (see servicebus-message.ts).
    skipParsingBodyAsJson: true,
    skipConvertingDate: true,
  };
  let entity: string;
  let receiver: ServiceBusReceiver;
  if (typeof trigger.queueName === "string") {
    entity = resolveAppSettingExpressions(trigger.queueName);
    receiver = client.createReceiver(entity, receiverOptions);
  } else if (typeof trigger.topicName === "string" && typeof trigger.subscriptionName === "string") {
    const topic = resolveAppSettingExpressions(trigger.topicName);
    const subscription = resolveAppSettingExpressions(trigger.subscriptionName);
    entity = `${topic}/Subscriptions/${subscription}`;
    receiver = client.createReceiver(topic, subscription, receiverOptions);
  } else {
    throw new Error(`Service Bus trigger of "${hosted.name}" needs queueName, or topicName and subscriptionName.`);
  }
  const runtime: TriggerRuntime = {
    hosted,
    entity,
    receiver,
    invoker,
    logger,
    settings,
    inFlight: new Set(),
    settlements: Promise.resolve(),
  };
  return trigger.cardinality === "many" ? receiveBatches(runtime) : subscribeSingle(runtime);
}

function subscribeSingle(runtime: TriggerRuntime): RunningServiceBusTrigger {
  const { receiver, logger, hosted, settings } = runtime;
  const subscription = receiver.subscribe(
    {
      processMessage: (message) => track(runtime, processMessages(runtime, [message])),
      processError: async ({ error, errorSource }) => {
        logger.write("error", hosted.name, `Service Bus ${errorSource} error on '${runtime.entity}': ${describeError(error)}`);
      },
    },
    { autoCompleteMessages: false, maxConcurrentCalls: settings.maxConcurrentCalls },
  );
  return {
    async stop() {
      // close() on a subscription only stops the flow; the link stays open so running invocations can settle.
      await subscription.close();
      await drain(runtime);
      await receiver.close();
    },
  };
}

function receiveBatches(runtime: TriggerRuntime): RunningServiceBusTrigger {
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      try {
        const messages = await runtime.receiver.receiveMessages(runtime.settings.maxMessageBatchSize, { maxWaitTimeInMs: batchPollMs });
        if (messages.length > 0) await track(runtime, processMessages(runtime, messages));
      } catch (error) {
        if (stopping) return;
        runtime.logger.write("error", runtime.hosted.name, `Service Bus receive error on '${runtime.entity}': ${describeError(error)}`);
        await new Promise((resolve) => setTimeout(resolve, batchPollMs));
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      await drain(runtime);
      await runtime.receiver.close();
    },
  };
}

function track(runtime: TriggerRuntime, work: Promise<void>): Promise<void> {
  runtime.inFlight.add(work);
  return work.finally(() => runtime.inFlight.delete(work));
}

async function drain(runtime: TriggerRuntime): Promise<void> {
  while (runtime.inFlight.size > 0) await Promise.allSettled([...runtime.inFlight]);
}

async function processMessages(runtime: TriggerRuntime, messages: ServiceBusReceivedMessage[]): Promise<void> {
  const { hosted, receiver, invoker, logger, settings } = runtime;
  const dataType = typeof hosted.trigger.dataType === "string" ? hosted.trigger.dataType : undefined;
  const single = hosted.trigger.cardinality !== "many";
  for (const message of messages) {
    logger.write(
      "information",
      hosted.name,
      `Trigger Details: MessageId: ${String(message.messageId)}, SequenceNumber: ${message.sequenceNumber?.toString()}, ` +
        `DeliveryCount: ${(message.deliveryCount ?? 0) + 1}, EnqueuedTimeUtc: ${message.enqueuedTimeUtc?.toISOString()}, ` +
        `LockedUntilUtc: ${message.lockedUntilUtc?.toISOString()}`,
    );
  }
  let succeeded: boolean;
  try {
    await invoker.invoke(hosted, {
      triggerInput: single ? messageBodyToInput(messages[0] as ServiceBusReceivedMessage, dataType) : messages.map((message) => messageBodyToInput(message, dataType)),
      triggerMetadata: single ? singleMessageMetadata(messages[0] as ServiceBusReceivedMessage, hosted.name) : batchMetadata(messages, hosted.name),
      reason: `New ServiceBus message detected on '${runtime.entity}'.`,
    });
    succeeded = true;
  } catch {
    // Logged by the invoker; the message goes back to the queue and the broker counts the delivery.
    succeeded = false;
  }
  if (succeeded && !settings.autoCompleteMessages) return;
  for (const message of messages) {
    await settleInTurn(runtime, async () => {
      try {
        if (succeeded) await receiver.completeMessage(message);
        else await receiver.abandonMessage(message);
      } catch (error) {
        logger.write("warning", hosted.name, `Could not ${succeeded ? "complete" : "abandon"} message ${String(message.messageId)}: ${describeError(error)}`);
      }
    });
  }
}

/**
 * Settlements of one receiver go out one at a time, each in its own event-loop turn: rhea (inside the SDK) sends
 * adjacent deliveries settled in the same turn with the FIRST one's outcome, so a concurrent complete and abandon
 * could complete a failed message — losing it — or abandon a processed one. Found with the local broker's tests.
 */
function settleInTurn(runtime: TriggerRuntime, settle: () => Promise<void>): Promise<void> {
  const next = runtime.settlements.then(settle).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  runtime.settlements = next;
  return next;
}
