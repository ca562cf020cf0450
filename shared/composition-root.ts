/**
 * The one place that creates SDK clients and wires adapters into use cases. Triggers receive the finished use cases
 * (and the authenticator); nothing else constructs a client, so every connection is made once per worker.
 *
 * To add a feature: write its adapter(s) under shared/adapters/, its use case under shared/use-cases/<name>/, build
 * both in `buildApplication` from `resources` and add the use case to `UseCases`; its trigger file under functions/
 * takes the use case from there.
 */
import type { CosmosClient, Database } from "@azure/cosmos";
import type { ServiceBusClient } from "@azure/service-bus";
import type { BlobServiceClient, ContainerClient } from "@azure/storage-blob";
import { createBlobServiceClient } from "./adapters/azure/blob-client.js";
import { createCosmosClient } from "./adapters/azure/cosmos-client.js";
import { AzureCredentials } from "./adapters/azure/credentials.js";
import { BlobHealthProbe, CosmosHealthProbe, ServiceBusHealthProbe } from "./adapters/azure/health-probes.js";
import { declared, loadInfraDefinitions } from "./adapters/azure/infra-definitions.js";
import { createServiceBusClient } from "./adapters/azure/service-bus-client.js";
import type { Config } from "./config/config.js";
import { JwtAuthenticator } from "./http/authentication/jwt-authenticator.js";
import type { TokenAuthenticator } from "./http/authentication/token-authenticator.js";
import { CheckHealth } from "./use-cases/check-health/check-health.js";

/** Each probe's deadline: leaves headroom so /health answers within ~3 s even when a dependency hangs. */
export const healthProbeTimeoutMs = 2_500;

export interface PlatformClients {
  cosmos: CosmosClient;
  blobService: BlobServiceClient;
  serviceBus: ServiceBusClient;
}

/** The named Azure resources the adapters work on, resolved once from config and infra/*.json. */
export interface AzureResources {
  database: Database;
  attachmentsContainer: ContainerClient;
  /** Any declared queue will do for the Service Bus health probe; the first is the publish queue. */
  healthProbeQueueName: string;
}

export interface UseCases {
  checkHealth: CheckHealth;
}

export interface Application {
  config: Config;
  authenticator: TokenAuthenticator;
  useCases: UseCases;
  /** Closes the connections the clients hold (Service Bus keeps an AMQP connection open). */
  close(): Promise<void>;
}

export function createPlatformClients(config: Config): PlatformClients {
  const credentials = new AzureCredentials();
  return {
    cosmos: createCosmosClient(config.cosmos, credentials),
    blobService: createBlobServiceClient(config.attachmentStorage, credentials),
    serviceBus: createServiceBusClient(config.serviceBus, credentials),
  };
}

export function resolveAzureResources(config: Config, clients: PlatformClients): AzureResources {
  const infra = loadInfraDefinitions();
  const healthProbeQueueName = infra.serviceBusQueues[0];
  if (!healthProbeQueueName) throw new Error("infra/servicebus.json declares no queue");
  return {
    database: clients.cosmos.database(config.cosmos.databaseName),
    attachmentsContainer: clients.blobService.getContainerClient(
      declared(infra.blobContainers, "attachments", "Blob container"),
    ),
    healthProbeQueueName,
  };
}

/** `clients` can be given by tests that point the application at their own servers. */
export function buildApplication(
  config: Config,
  clients: PlatformClients = createPlatformClients(config),
): Application {
  const resources = resolveAzureResources(config, clients);
  const checkHealth = new CheckHealth(
    [
      new CosmosHealthProbe(resources.database),
      new BlobHealthProbe(resources.attachmentsContainer),
      new ServiceBusHealthProbe(clients.serviceBus, resources.healthProbeQueueName),
    ],
    { timeoutMs: healthProbeTimeoutMs },
  );
  return {
    config,
    authenticator: new JwtAuthenticator(config.issuers),
    useCases: { checkHealth },
    close: async () => {
      clients.cosmos.dispose();
      await clients.serviceBus.close();
    },
  };
}
