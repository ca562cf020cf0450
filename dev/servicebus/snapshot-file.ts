/**
 * The broker's snapshot file: the namespace's entities, sequence counters, duplicate-detection history and messages
 * (active, deferred, dead-lettered, scheduled) as JSON, so `npm start` keeps them across restarts as Azure Service
 * Bus (durable) would. Sequence numbers are decimal text (64-bit); message values go through snapshot-values.ts.
 * A file that cannot be read back fails the broker's start with the reason: silently starting empty would lose
 * messages the developer expects to find.
 */
import { z } from "zod";
import { readFileIfExists } from "../platform/snapshot-files.js";
import { queueDefinitionSchema, topicDefinitionSchema } from "./entities.js";
import type { MessageSnapshot } from "./message-store.js";
import type { NamespaceSnapshot } from "./namespace.js";
import type { PublisherSnapshot } from "./publisher.js";
import { decodeValue, encodeValue } from "./snapshot-values.js";
import type { MessageContent } from "./stored-message.js";

export const snapshotVersion = 1;

const sequenceNumber = z.string().regex(/^-?\d{1,20}$/, "expected a sequence number as decimal text");
const epochMs = z.number().finite();

const contentSchema = z.object({
  header: z.object({ durable: z.boolean().optional(), priority: z.number().optional(), ttl: z.number().optional() }),
  properties: z.unknown(),
  annotations: z.unknown(),
  applicationProperties: z.unknown(),
  body: z.unknown(),
  footer: z.unknown(),
});

const messageSchema = z.object({
  sequenceNumber,
  state: z.enum(["active", "deferred"]),
  locked: z.boolean(),
  deliveryCount: z.number().int().min(0),
  enqueuedAt: epochMs,
  /** null: never expires. */
  timeToLiveMs: z.number().min(0).nullable(),
  content: contentSchema,
});

const snapshotSchema = z.object({
  version: z.literal(snapshotVersion),
  takenAt: z.string(),
  queues: z.array(queueDefinitionSchema),
  topics: z.array(topicDefinitionSchema),
  publishers: z.array(
    z.object({
      entity: z.string(),
      nextSequenceNumber: sequenceNumber,
      duplicateHistory: z.array(z.tuple([z.string(), epochMs])),
      scheduled: z.array(z.object({ sequenceNumber, enqueueAt: epochMs, content: contentSchema })),
    }),
  ),
  stores: z.array(z.object({ path: z.string(), messages: z.array(messageSchema) })),
});

type SnapshotJson = z.input<typeof snapshotSchema>;
type ContentJson = z.output<typeof contentSchema>;

function encodeContent(content: MessageContent): ContentJson {
  return {
    header: content.header,
    properties: encodeValue(content.properties),
    annotations: encodeValue(content.annotations),
    applicationProperties: encodeValue(content.applicationProperties),
    body: encodeValue(content.body),
    footer: encodeValue(content.footer),
  };
}

function encodeMessage(message: MessageSnapshot): SnapshotJson["stores"][number]["messages"][number] {
  return {
    sequenceNumber: message.sequenceNumber.toString(),
    state: message.state,
    locked: message.locked,
    deliveryCount: message.deliveryCount,
    enqueuedAt: message.enqueuedAt,
    timeToLiveMs: Number.isFinite(message.timeToLiveMs) ? message.timeToLiveMs : null,
    content: encodeContent(message.content),
  };
}

function encodePublisher(entity: string, state: PublisherSnapshot): SnapshotJson["publishers"][number] {
  return {
    entity,
    nextSequenceNumber: state.nextSequenceNumber.toString(),
    duplicateHistory: state.duplicateHistory.map(([id, acceptedAt]) => [id, acceptedAt]),
    scheduled: state.scheduled.map((entry) => ({
      sequenceNumber: entry.sequenceNumber.toString(),
      enqueueAt: entry.enqueueAt,
      content: encodeContent(entry.content),
    })),
  };
}

/** The snapshot as the file's text. Taken synchronously, so it is one consistent moment of the broker. */
export function encodeSnapshot(snapshot: NamespaceSnapshot, takenAt: Date = new Date()): string {
  const json: SnapshotJson = {
    version: snapshotVersion,
    takenAt: takenAt.toISOString(),
    queues: [...snapshot.queues],
    topics: [...snapshot.topics],
    publishers: snapshot.publishers.map(({ entity, state }) => encodePublisher(entity, state)),
    stores: snapshot.stores.map(({ path, messages }) => ({ path, messages: messages.map(encodeMessage) })),
  };
  return JSON.stringify(json);
}

function decodeRecord(encoded: unknown, path: string): Record<string, unknown> {
  const value = decodeOptionalRecord(encoded, path);
  if (value === undefined) throw new Error(`${path}: expected a map`);
  return value;
}

function decodeOptionalRecord(encoded: unknown, path: string): Record<string, unknown> | undefined {
  const value = decodeValue(encoded, path);
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new Error(`${path}: expected a map`);
  }
  return value as Record<string, unknown>;
}

function decodeContent(json: ContentJson, path: string): MessageContent {
  return {
    header: json.header,
    properties: decodeRecord(json.properties, `${path}.properties`),
    annotations: decodeRecord(json.annotations, `${path}.annotations`),
    applicationProperties: decodeOptionalRecord(json.applicationProperties, `${path}.applicationProperties`),
    body: decodeValue(json.body, `${path}.body`),
    footer: decodeOptionalRecord(json.footer, `${path}.footer`),
  };
}

export function decodeSnapshot(data: unknown): NamespaceSnapshot {
  const version = typeof data === "object" && data !== null ? (data as { version?: unknown }).version : undefined;
  if (version !== snapshotVersion) {
    throw new Error(`it has version ${JSON.stringify(version)}; this broker reads version ${snapshotVersion}`);
  }
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  const json = parsed.data;
  return {
    queues: json.queues,
    topics: json.topics,
    publishers: json.publishers.map((publisher, index) => ({
      entity: publisher.entity,
      state: {
        nextSequenceNumber: BigInt(publisher.nextSequenceNumber),
        duplicateHistory: publisher.duplicateHistory,
        scheduled: publisher.scheduled.map((entry, entryIndex) => ({
          sequenceNumber: BigInt(entry.sequenceNumber),
          enqueueAt: entry.enqueueAt,
          content: decodeContent(entry.content, `publishers.${index}.scheduled.${entryIndex}.content`),
        })),
      },
    })),
    stores: json.stores.map((store, index) => ({
      path: store.path,
      messages: store.messages.map((message, messageIndex) => ({
        sequenceNumber: BigInt(message.sequenceNumber),
        state: message.state,
        locked: message.locked,
        deliveryCount: message.deliveryCount,
        enqueuedAt: message.enqueuedAt,
        timeToLiveMs: message.timeToLiveMs ?? Number.POSITIVE_INFINITY,
        content: decodeContent(message.content, `stores.${index}.messages.${messageIndex}.content`),
      })),
    })),
  };
}

/** The snapshot in `file`, or undefined when there is none yet; throws, naming the file, when it cannot be used. */
export async function readSnapshotFile(file: string): Promise<NamespaceSnapshot | undefined> {
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  try {
    return decodeSnapshot(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The Service Bus snapshot ${file} cannot be loaded: ${reason}. ` +
        `Repair it, or delete it to start with an empty broker.`,
    );
  }
}
