/**
 * Creates everything the application expects to exist — the Cosmos database and containers, the blob containers and
 * the Service Bus entities — from the definitions under infra/. Idempotent: safe on every start.
 */
import { CosmosClient, type ContainerRequest } from "@azure/cosmos";
import { BlobServiceClient } from "@azure/storage-blob";
import type { ServiceBusEntities, ServiceBusQueueDefinition, ServiceBusTopicDefinition } from "../servicebus/entities.js";
import type { CosmosContainerDefinition, CosmosDefinitions, StorageDefinitions } from "./infra-definitions.js";

export interface BootstrapTargets {
  cosmosConnectionString: string;
  blobConnectionString: string;
  /** The local broker's entity creation; the broker is in-process, so no wire protocol is needed for this. */
  serviceBus: {
    ensureQueue(definition: ServiceBusQueueDefinition): void;
    ensureTopic(definition: ServiceBusTopicDefinition): void;
  };
}

export interface BootstrapDefinitions {
  cosmos: CosmosDefinitions;
  storage: StorageDefinitions;
  serviceBus: ServiceBusEntities;
}

export async function bootstrap(targets: BootstrapTargets, definitions: BootstrapDefinitions): Promise<void> {
  await Promise.all([
    createCosmosResources(targets.cosmosConnectionString, definitions.cosmos),
    createBlobContainers(targets.blobConnectionString, definitions.storage),
  ]);
  for (const queue of definitions.serviceBus.queues ?? []) targets.serviceBus.ensureQueue(queue);
  for (const topic of definitions.serviceBus.topics ?? []) targets.serviceBus.ensureTopic(topic);
}

export function toContainerRequest(container: CosmosContainerDefinition): ContainerRequest {
  return {
    id: container.name,
    partitionKey: { paths: container.partitionKey.paths },
    ...(container.indexingPolicy ? { indexingPolicy: container.indexingPolicy } : {}),
    ...(container.uniqueKeys.length > 0 ? { uniqueKeyPolicy: { uniqueKeys: container.uniqueKeys } } : {}),
    ...(container.defaultTtl !== undefined ? { defaultTtl: container.defaultTtl } : {}),
  };
}

async function createCosmosResources(connectionString: string, definitions: CosmosDefinitions): Promise<void> {
  const client = new CosmosClient(connectionString);
  try {
    const { database } = await client.databases.createIfNotExists({ id: definitions.database });
    for (const container of definitions.containers) {
      await database.containers.createIfNotExists(toContainerRequest(container));
    }
  } finally {
    client.dispose();
  }
}

async function createBlobContainers(connectionString: string, definitions: StorageDefinitions): Promise<void> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  await Promise.all(definitions.containers.map((container) => service.getContainerClient(container.name).createIfNotExists()));
}
