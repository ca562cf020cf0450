/**
 * The broker's entities and the addresses Service Bus gives them:
 *   <queue>                                     send, receive, $management
 *   <topic>                                     send, $management (schedule)
 *   <topic>/Subscriptions/<subscription>        receive, $management
 *   <entity>/$DeadLetterQueue                   receive, $management (of a queue or a subscription)
 *   <entity>/$Transfer/$DeadLetterQueue         receive (always empty here: there is no auto-forwarding)
 * Entity names are case-insensitive, as in Azure.
 */
import {
  queueDefinitionSchema,
  resolvePublishSettings,
  resolveReceiveSettings,
  topicDefinitionSchema,
  type ReceiveSettings,
  type ServiceBusQueueDefinition,
  type ServiceBusSubscriptionDefinition,
  type ServiceBusTopicDefinition,
} from "./entities.js";
import { MessageStore } from "./message-store.js";
import { Publisher, requestedTimeToLive } from "./publisher.js";
import { cloneContent, StoredMessage, type MessageContent } from "./stored-message.js";

/** What an address leads to: a publisher takes messages in, a store hands them out. */
export interface EntityEndpoint {
  /** The path as configured (original casing), e.g. "orders/Subscriptions/audit/$DeadLetterQueue". */
  readonly path: string;
  readonly publisher?: Publisher;
  readonly store?: MessageStore;
}

/** A queue or a subscription: the store receivers read, with its dead-letter sub-queues. */
class ReceivableEntity {
  readonly store: MessageStore;
  readonly deadLetterStore: MessageStore;
  readonly transferDeadLetterStore: MessageStore;

  constructor(
    readonly path: string,
    readonly settings: ReceiveSettings,
    now: () => number,
  ) {
    const subQueueSettings: ReceiveSettings = { ...settings, defaultTimeToLiveMs: Number.POSITIVE_INFINITY };
    this.deadLetterStore = new MessageStore({ path: `${path}/$DeadLetterQueue`, settings: subQueueSettings, now });
    this.transferDeadLetterStore = new MessageStore({
      path: `${path}/$Transfer/$DeadLetterQueue`,
      settings: subQueueSettings,
      now,
    });
    this.store = new MessageStore({
      path,
      settings,
      now,
      deadLetter: (message, reason, description) =>
        this.deadLetterStore.enqueue(message.toDeadLetter(reason, description)),
    });
  }

  accept(sequenceNumber: bigint, content: MessageContent, enqueuedAt: number): void {
    const timeToLiveMs = Math.min(requestedTimeToLive(content), this.settings.defaultTimeToLiveMs);
    this.store.enqueue(new StoredMessage(sequenceNumber, content, enqueuedAt, timeToLiveMs, "active"));
  }

  endpoint(subQueue: SubQueue | undefined): EntityEndpoint {
    if (subQueue === "deadLetter") return { path: this.deadLetterStore.path, store: this.deadLetterStore };
    if (subQueue === "transferDeadLetter") {
      return { path: this.transferDeadLetterStore.path, store: this.transferDeadLetterStore };
    }
    return { path: this.path, store: this.store };
  }

  dispose(): void {
    this.store.dispose();
    this.deadLetterStore.dispose();
    this.transferDeadLetterStore.dispose();
  }
}

class QueueEntity {
  readonly receivable: ReceivableEntity;
  readonly publisher: Publisher;

  constructor(definition: ServiceBusQueueDefinition, now: () => number) {
    this.receivable = new ReceivableEntity(definition.name, resolveReceiveSettings(definition), now);
    this.publisher = new Publisher(
      resolvePublishSettings(definition),
      (sequenceNumber, content, enqueuedAt) => this.receivable.accept(sequenceNumber, content, enqueuedAt),
      now,
    );
  }

  endpoint(subQueue: SubQueue | undefined): EntityEndpoint {
    const endpoint = this.receivable.endpoint(subQueue);
    return subQueue === undefined ? { ...endpoint, publisher: this.publisher } : endpoint;
  }

  dispose(): void {
    this.publisher.dispose();
    this.receivable.dispose();
  }
}

class TopicEntity {
  readonly publisher: Publisher;
  readonly subscriptions = new Map<string, ReceivableEntity>();

  constructor(
    readonly name: string,
    definition: ServiceBusTopicDefinition,
    private readonly now: () => number,
  ) {
    // Every subscription gets its own copy of each message; settling one copy leaves the others untouched.
    this.publisher = new Publisher(
      resolvePublishSettings(definition),
      (sequenceNumber, content, enqueuedAt) => {
        for (const subscription of this.subscriptions.values()) {
          subscription.accept(sequenceNumber, cloneContent(content), enqueuedAt);
        }
      },
      now,
    );
  }

  addSubscription(definition: ServiceBusSubscriptionDefinition): void {
    const key = definition.name.toLowerCase();
    if (this.subscriptions.has(key)) return;
    const settings = resolveReceiveSettings(definition, this.publisher.settings.defaultTimeToLiveMs);
    const path = `${this.name}/Subscriptions/${definition.name}`;
    this.subscriptions.set(key, new ReceivableEntity(path, settings, this.now));
  }

  dispose(): void {
    this.publisher.dispose();
    for (const subscription of this.subscriptions.values()) subscription.dispose();
  }
}

type SubQueue = "deadLetter" | "transferDeadLetter";

const subQueueSuffixes: readonly (readonly [string, SubQueue])[] = [
  ["/$transfer/$deadletterqueue", "transferDeadLetter"],
  ["/$deadletterqueue", "deadLetter"],
];

const subscriptionsSegment = "/subscriptions/";

/** "sb://host/queue", "/queue/" and "queue" all name the entity "queue". */
function entityPathOf(address: string): string {
  let path = address;
  if (address.includes("://")) {
    try {
      path = decodeURIComponent(new URL(address).pathname);
    } catch {
      // Not a URL after all (or a malformed escape): use the address as it is.
    }
  }
  return path.replace(/^\/+|\/+$/g, "");
}

export class ServiceBusNamespace {
  private readonly queues = new Map<string, QueueEntity>();
  private readonly topics = new Map<string, TopicEntity>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Creates the queue unless one of that name exists (idempotent; an existing queue keeps its settings). */
  ensureQueue(definition: ServiceBusQueueDefinition): void {
    const parsed = queueDefinitionSchema.parse(definition);
    const key = parsed.name.toLowerCase();
    if (this.queues.has(key)) return;
    if (this.topics.has(key)) throw new Error(`"${parsed.name}" is already a topic`);
    this.queues.set(key, new QueueEntity(parsed, this.now));
  }

  /** Creates the topic unless it exists, and adds any of its subscriptions that do not exist yet (idempotent). */
  ensureTopic(definition: ServiceBusTopicDefinition): void {
    const parsed = topicDefinitionSchema.parse(definition);
    const key = parsed.name.toLowerCase();
    if (this.queues.has(key)) throw new Error(`"${parsed.name}" is already a queue`);
    let topic = this.topics.get(key);
    if (!topic) {
      topic = new TopicEntity(parsed.name, parsed, this.now);
      this.topics.set(key, topic);
    }
    for (const subscription of parsed.subscriptions) topic.addSubscription(subscription);
  }

  /** The entity an AMQP address names, or undefined when there is none. */
  resolve(address: string): EntityEndpoint | undefined {
    let path = entityPathOf(address);
    let subQueue: SubQueue | undefined;
    for (const [suffix, kind] of subQueueSuffixes) {
      if (path.toLowerCase().endsWith(suffix)) {
        subQueue = kind;
        path = path.slice(0, -suffix.length);
        break;
      }
    }
    const key = path.toLowerCase();
    const queue = this.queues.get(key);
    if (queue) return queue.endpoint(subQueue);

    const topic = this.topics.get(key);
    if (topic) return subQueue === undefined ? { path: topic.name, publisher: topic.publisher } : undefined;

    const split = key.lastIndexOf(subscriptionsSegment);
    if (split < 0) return undefined;
    const subscription = this.topics
      .get(key.slice(0, split))
      ?.subscriptions.get(key.slice(split + subscriptionsSegment.length));
    return subscription?.endpoint(subQueue);
  }

  dispose(): void {
    for (const queue of this.queues.values()) queue.dispose();
    for (const topic of this.topics.values()) topic.dispose();
    this.queues.clear();
    this.topics.clear();
  }
}
