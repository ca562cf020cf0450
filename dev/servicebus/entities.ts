/**
 * The Service Bus entities of infra/servicebus.json. The same file is read by the Bicep (loadJsonContent) and the local
 * bootstrap, so this schema describes its shape as written (durations stay ISO 8601 strings); `resolve…Settings` turn
 * a definition into the numbers the broker works with, applying Azure's defaults for absent properties.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { tryParseIsoDuration } from "./iso-duration.js";

const entityName = z
  .string()
  .min(1)
  .max(260)
  // Azure allows letters, digits, periods, hyphens, underscores and (for queues/topics) slashes.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, "letters, digits, '.', '-', '_' and '/' only");

const isoDuration = z.string().refine((text) => tryParseIsoDuration(text) !== undefined, {
  message: "expected an ISO 8601 duration such as PT1M or P14D",
});

/** Azure caps a message lock at five minutes. */
const lockDuration = isoDuration.refine((text) => (tryParseIsoDuration(text) ?? 0) <= 5 * 60_000, {
  message: "lockDuration cannot exceed PT5M",
});

const receivableProperties = {
  maxDeliveryCount: z.number().int().min(1).optional(),
  lockDuration: lockDuration.optional(),
  deadLetteringOnMessageExpiration: z.boolean().optional(),
  defaultMessageTimeToLive: isoDuration.optional(),
};

const publishableProperties = {
  defaultMessageTimeToLive: isoDuration.optional(),
  requiresDuplicateDetection: z.boolean().optional(),
  duplicateDetectionHistoryTimeWindow: isoDuration.optional(),
};

const publishableSchema = z.object(publishableProperties);

export const queueDefinitionSchema = z.object({ name: entityName, ...receivableProperties, ...publishableProperties });
export const subscriptionDefinitionSchema = z.object({ name: entityName, ...receivableProperties });
export const topicDefinitionSchema = z.object({
  name: entityName,
  ...publishableProperties,
  subscriptions: z.array(subscriptionDefinitionSchema).default([]),
});

export const serviceBusEntitiesSchema = z.object({
  $comment: z.string().optional(),
  queues: z.array(queueDefinitionSchema).default([]),
  topics: z.array(topicDefinitionSchema).default([]),
});

export type ServiceBusQueueDefinition = z.input<typeof queueDefinitionSchema>;
export type ServiceBusSubscriptionDefinition = z.input<typeof subscriptionDefinitionSchema>;
export type ServiceBusTopicDefinition = z.input<typeof topicDefinitionSchema>;
export type ServiceBusEntities = z.input<typeof serviceBusEntitiesSchema>;

/**
 * The repository's infra/servicebus.json, found upwards from this module: it runs from dev/servicebus (tsx, vitest)
 * and from dist/dev/servicebus (compiled), and the JSON is not copied into dist.
 */
export function defaultEntitiesFile(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 5; level += 1) {
    const candidate = join(directory, "infra", "servicebus.json");
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new Error("infra/servicebus.json not found above " + fileURLToPath(import.meta.url));
}

/** Reads and validates an entities file (default: infra/servicebus.json); throws with every problem listed. */
export function loadServiceBusEntities(file: string | URL = defaultEntitiesFile()): ServiceBusEntities {
  const parsed = serviceBusEntitiesSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid Service Bus entities in ${String(file)}:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

/** How a queue or subscription hands out messages. */
export interface ReceiveSettings {
  lockDurationMs: number;
  maxDeliveryCount: number;
  /** Infinity when messages never expire. */
  defaultTimeToLiveMs: number;
  deadLetterOnExpiration: boolean;
}

/** How a queue or topic accepts messages. */
export interface PublishSettings {
  /** Undefined when duplicate detection is off. */
  duplicateDetectionWindowMs: number | undefined;
  defaultTimeToLiveMs: number;
}

const azureDefaults = {
  maxDeliveryCount: 10,
  lockDuration: "PT1M",
  duplicateDetectionHistoryTimeWindow: "PT10M",
} as const;

function durationOr(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : (tryParseIsoDuration(text) ?? fallback);
}

export function resolveReceiveSettings(
  definition: z.input<typeof subscriptionDefinitionSchema>,
  inheritedTimeToLiveMs = Number.POSITIVE_INFINITY,
): ReceiveSettings {
  const parsed = subscriptionDefinitionSchema.parse(definition);
  return {
    lockDurationMs: durationOr(parsed.lockDuration ?? azureDefaults.lockDuration, 60_000),
    maxDeliveryCount: parsed.maxDeliveryCount ?? azureDefaults.maxDeliveryCount,
    // A subscription's messages live no longer than its topic allows: the shorter of the two applies.
    defaultTimeToLiveMs: Math.min(inheritedTimeToLiveMs, durationOr(parsed.defaultMessageTimeToLive, Infinity)),
    deadLetterOnExpiration: parsed.deadLetteringOnMessageExpiration ?? false,
  };
}

export function resolvePublishSettings(definition: z.input<typeof publishableSchema>): PublishSettings {
  const parsed = publishableSchema.parse(definition);
  const window = parsed.duplicateDetectionHistoryTimeWindow ?? azureDefaults.duplicateDetectionHistoryTimeWindow;
  return {
    duplicateDetectionWindowMs: parsed.requiresDuplicateDetection ? durationOr(window, 600_000) : undefined,
    defaultTimeToLiveMs: durationOr(parsed.defaultMessageTimeToLive, Infinity),
  };
}
