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
import { MessageStore, type MessageSnapshot } from "./message-store.js";
import { Publisher, requestedTimeToLive, type PublisherSnapshot } from "./publisher.js";
import { cloneContent, StoredMessage, type MessageContent } from "./stored-message.js";

/** Everything a restart must keep: the entities as defined, each publisher's state, and each store's messages. */
export interface NamespaceSnapshot {
  readonly queues: readonly ServiceBusQueueDefinition[];
  readonly topics: readonly ServiceBusTopicDefinition[];
  /** By queue or topic name. */
  readonly publishers: readonly { readonly entity: string; readonly state: PublisherSnapshot }[];
  /** By path (a queue, a subscription, or one of their dead-letter queues); stores without messages are left out. */
  readonly stores: readonly { readonly path: string; readonly messages: readonly MessageSnapshot[] }[];
}

/** What every entity is built with: the clock, and whom to tell about changes a snapshot would see. */
interface EntityContext {
  readonly now: () => number;
  readonly onChange: () => void;
}

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
    { now, onChange }: EntityContext,
  ) {
    const subQueueSettings: ReceiveSettings = { ...settings, defaultTimeToLiveMs: Number.POSITIVE_INFINITY };
    this.deadLetterStore = new MessageStore({
      path: `${path}/$DeadLetterQueue`,
      settings: subQueueSettings,
      now,
      onChange,
    });
    this.transferDeadLetterStore = new MessageStore({
      path: `${path}/$Transfer/$DeadLetterQueue`,
      settings: subQueueSettings,
      now,
      onChange,
    });
    this.store = new MessageStore({
      path,
      settings,
      now,
      onChange,
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

  /** The stores that hold messages, for a snapshot. */
  storeSnapshots(): { path: string; messages: MessageSnapshot[] }[] {
    return [this.store, this.deadLetterStore, this.transferDeadLetterStore]
      .map((store) => ({ path: store.path, messages: store.snapshot() }))
      .filter((entry) => entry.messages.length > 0);
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

  constructor(
    readonly definition: ServiceBusQueueDefinition,
    context: EntityContext,
  ) {
    this.receivable = new ReceivableEntity(definition.name, resolveReceiveSettings(definition), context);
    this.publisher = new Publisher(
      resolvePublishSettings(definition),
      (sequenceNumber, content, enqueuedAt) => this.receivable.accept(sequenceNumber, content, enqueuedAt),
      context.now,
      context.onChange,
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
  private readonly subscriptionDefinitions: ServiceBusSubscriptionDefinition[] = [];

  constructor(
    readonly name: string,
    private readonly topicDefinition: ServiceBusTopicDefinition,
    private readonly context: EntityContext,
  ) {
    // Every subscription gets its own copy of each message; settling one copy leaves the others untouched.
    this.publisher = new Publisher(
      resolvePublishSettings(topicDefinition),
      (sequenceNumber, content, enqueuedAt) => {
        for (const subscription of this.subscriptions.values()) {
          subscription.accept(sequenceNumber, cloneContent(content), enqueuedAt);
        }
      },
      context.now,
      context.onChange,
    );
  }

  /** The topic as defined, with every subscription it has now (also those added after it was created). */
  get definition(): ServiceBusTopicDefinition {
    return { ...this.topicDefinition, subscriptions: [...this.subscriptionDefinitions] };
  }

  addSubscription(definition: ServiceBusSubscriptionDefinition): void {
    const key = definition.name.toLowerCase();
    if (this.subscriptions.has(key)) return;
    const settings = resolveReceiveSettings(definition, this.publisher.settings.defaultTimeToLiveMs);
    const path = `${this.name}/Subscriptions/${definition.name}`;
    this.subscriptions.set(key, new ReceivableEntity(path, settings, this.context));
    this.subscriptionDefinitions.push(definition);
    this.context.onChange();
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
  private readonly context: EntityContext;

  /** `onChange` hears of every change a snapshot would see (messages, locks, counters, entities). */
  constructor(now: () => number = Date.now, onChange: () => void = () => undefined) {
    this.context = { now, onChange };
  }

  /** Creates the queue unless one of that name exists (idempotent; an existing queue keeps its settings). */
  ensureQueue(definition: ServiceBusQueueDefinition): void {
    const parsed = queueDefinitionSchema.parse(definition);
    const key = parsed.name.toLowerCase();
    if (this.queues.has(key)) return;
    if (this.topics.has(key)) throw new Error(`"${parsed.name}" is already a topic`);
    this.queues.set(key, new QueueEntity(parsed, this.context));
    this.context.onChange();
  }

  /** Creates the topic unless it exists, and adds any of its subscriptions that do not exist yet (idempotent). */
  ensureTopic(definition: ServiceBusTopicDefinition): void {
    const parsed = topicDefinitionSchema.parse(definition);
    const key = parsed.name.toLowerCase();
    if (this.queues.has(key)) throw new Error(`"${parsed.name}" is already a queue`);
    let topic = this.topics.get(key);
    if (!topic) {
      topic = new TopicEntity(parsed.name, { ...parsed, subscriptions: [] }, this.context);
      this.topics.set(key, topic);
      this.context.onChange();
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

  snapshot(): NamespaceSnapshot {
    const queues = [...this.queues.values()];
    const topics = [...this.topics.values()];
    return {
      queues: queues.map((queue) => queue.definition),
      topics: topics.map((topic) => topic.definition),
      publishers: [
        ...queues.map((queue) => ({ entity: queue.definition.name, state: queue.publisher.snapshot() })),
        ...topics.map((topic) => ({ entity: topic.name, state: topic.publisher.snapshot() })),
      ],
      stores: [
        ...queues.flatMap((queue) => queue.receivable.storeSnapshots()),
        ...topics.flatMap((topic) => [...topic.subscriptions.values()].flatMap((entity) => entity.storeSnapshots())),
      ],
    };
  }

  /**
   * Takes back a snapshot: its entities are ensured (one that exists already keeps its settings, as with
   * `ensureQueue`), then publishers and stores get their state back. Throws when the snapshot names an entity that
   * it does not define.
   */
  restore(snapshot: NamespaceSnapshot): void {
    for (const queue of snapshot.queues) this.ensureQueue(queue);
    for (const topic of snapshot.topics) this.ensureTopic(topic);
    for (const { entity, state } of snapshot.publishers) {
      const publisher = this.resolve(entity)?.publisher;
      if (!publisher) {
        throw new Error(`the snapshot has sequence numbers for "${entity}", which is not a queue or topic`);
      }
      publisher.restore(state);
    }
    for (const { path, messages } of snapshot.stores) {
      const store = this.resolve(path)?.store;
      if (!store) throw new Error(`the snapshot has messages for "${path}", which is not a queue or subscription`);
      store.restore(messages);
    }
  }

  dispose(): void {
    for (const queue of this.queues.values()) queue.dispose();
    for (const topic of this.topics.values()) topic.dispose();
    this.queues.clear();
    this.topics.clear();
  }
}
