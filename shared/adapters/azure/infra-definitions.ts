/**
 * The names of the Azure resources the application uses, read from the same JSON definitions that Bicep and the local
 * bootstrap deploy (infra/*.json), so code and infrastructure cannot drift apart silently: a name the code needs but
 * the definitions lack fails at start-up.
 */
import { z } from "zod";
import cosmosJson from "../../../infra/cosmos.json" with { type: "json" };
import serviceBusJson from "../../../infra/servicebus.json" with { type: "json" };
import storageJson from "../../../infra/storage.json" with { type: "json" };

const named = z.object({ name: z.string().min(1) });

const cosmosDefinition = z.object({ database: z.string().min(1), containers: z.array(named).min(1) });
const storageDefinition = z.object({ containers: z.array(named).min(1) });
const serviceBusDefinition = z.object({
  queues: z.array(named).min(1),
  topics: z.array(named.extend({ subscriptions: z.array(named) })).default([]),
});

export interface InfraDefinitions {
  cosmosContainers: readonly string[];
  blobContainers: readonly string[];
  serviceBusQueues: readonly string[];
  serviceBusTopics: readonly string[];
}

export function loadInfraDefinitions(): InfraDefinitions {
  const cosmos = cosmosDefinition.parse(cosmosJson);
  const storage = storageDefinition.parse(storageJson);
  const serviceBus = serviceBusDefinition.parse(serviceBusJson);
  return {
    cosmosContainers: cosmos.containers.map((container) => container.name),
    blobContainers: storage.containers.map((container) => container.name),
    serviceBusQueues: serviceBus.queues.map((queue) => queue.name),
    serviceBusTopics: serviceBus.topics.map((topic) => topic.name),
  };
}

/** Returns `name` after checking the definitions declare it. */
export function declared(names: readonly string[], name: string, kind: string): string {
  if (!names.includes(name)) {
    throw new Error(`${kind} "${name}" is not declared in infra/ (declared: ${names.join(", ") || "none"})`);
  }
  return name;
}
