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
import { createAltinnAdapters, type AltinnAdapters } from "./adapters/altinn/create-altinn-adapters.js";
import { createBlobServiceClient } from "./adapters/azure/blob-client.js";
import { createCosmosClient } from "./adapters/azure/cosmos-client.js";
import { AzureCredentials } from "./adapters/azure/credentials.js";
import { BlobHealthProbe, CosmosHealthProbe, ServiceBusHealthProbe } from "./adapters/azure/health-probes.js";
import { declared, loadInfraDefinitions } from "./adapters/azure/infra-definitions.js";
import { createServiceBusClient } from "./adapters/azure/service-bus-client.js";
import { containerNames } from "./adapters/cosmos/container-names.js";
import { CosmosCorrespondenceRepository } from "./adapters/cosmos/cosmos-correspondence-repository.js";
import { CosmosInitializeRequestStore } from "./adapters/cosmos/cosmos-initialize-request-store.js";
import { CosmosIdempotencyRecordStore } from "./adapters/cosmos/idempotency-record-store.js";
import { fastPathSender } from "./adapters/servicebus/fault-injecting-message-sender.js";
import { ServiceBusCopySender } from "./adapters/servicebus/service-bus-copy-sender.js";
import { ServiceBusMessageSender } from "./adapters/servicebus/service-bus-message-sender.js";
import type { Config } from "./config/config.js";
import type { CorrespondenceRepository } from "./domain/correspondence/correspondence-repository.js";
import { isMarkdown, isPlainText } from "./domain/text-format.js";
import { JwtAuthenticator } from "./http/authentication/jwt-authenticator.js";
import type { TokenAuthenticator } from "./http/authentication/token-authenticator.js";
import type { IdempotencyRecordStore } from "./http/idempotency/idempotency-record-store.js";
import { CheckHealth } from "./use-cases/check-health/check-health.js";
import { ConfirmCorrespondence } from "./use-cases/confirm-correspondence/confirm-correspondence.js";
import { CallerPartyResolver } from "./use-cases/correspondence-access/caller-party.js";
import { CorrespondenceAccessCheck } from "./use-cases/correspondence-access/correspondence-access.js";
import { GetCorrespondenceContent } from "./use-cases/get-correspondence-content/get-correspondence-content.js";
import { GetCorrespondenceDetails } from "./use-cases/get-correspondence-details/get-correspondence-details.js";
import { GetCorrespondenceOverview } from "./use-cases/get-correspondence-overview/get-correspondence-overview.js";
import { MarkAsRead } from "./use-cases/mark-as-read/mark-as-read.js";
import { MessageDelivery } from "./use-cases/message-delivery/message-delivery.js";
import { queueNames as parkingQueueNames } from "./use-cases/message-delivery/parking-queue.js";
import {
  defaultJitterRatio,
  defaultMaxAttempts,
  defaultRetryDelaysMs,
  type RetryPolicy,
} from "./use-cases/message-delivery/retry-policy.js";
import { PurgeCorrespondence } from "./use-cases/purge-correspondence/purge-correspondence.js";
import { SearchCorrespondences } from "./use-cases/search-correspondences/search-correspondences.js";
import { SyncDialogporten } from "./use-cases/sync-dialogporten/sync-dialogporten.js";
import { ExpandInitializeRequest } from "./use-cases/initialize-correspondences/expand-initialize-request.js";
import { InitializeCorrespondences } from "./use-cases/initialize-correspondences/initialize-correspondences.js";
import { CreateCorrespondenceDialog } from "./use-cases/publish-correspondence/create-correspondence-dialog.js";
import { PublishCorrespondence } from "./use-cases/publish-correspondence/publish-correspondence.js";
import { OutboxRelayingRepository } from "./use-cases/relay-outbox/outbox-relaying-repository.js";
import { RelayOutbox, type SweepReport } from "./use-cases/relay-outbox/relay-outbox.js";

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
  /** Where the Service Bus triggers park the messages they can never handle. */
  parkingQueueName: string;
}

export interface UseCases {
  checkHealth: CheckHealth;
  initializeCorrespondences: InitializeCorrespondences;
  createCorrespondenceDialog: CreateCorrespondenceDialog;
  publishCorrespondence: PublishCorrespondence;
  /** One run of the outbox sweep (functions/outbox-sweep.ts). */
  sweepOutbox: () => Promise<SweepReport>;
  searchCorrespondences: SearchCorrespondences;
  getCorrespondenceOverview: GetCorrespondenceOverview;
  getCorrespondenceDetails: GetCorrespondenceDetails;
  getCorrespondenceContent: GetCorrespondenceContent;
  markAsRead: MarkAsRead;
  confirmCorrespondence: ConfirmCorrespondence;
  purgeCorrespondence: PurgeCorrespondence;
  /** The consumer of the dialogporten-sync queue (functions/sync-dialogporten.ts). */
  syncDialogporten: SyncDialogporten;
  /** The delivery policy every Service Bus trigger goes through: retries with backoff, parking (docs/messaging.md). */
  messageDelivery: MessageDelivery;
}

export interface Application {
  config: Config;
  authenticator: TokenAuthenticator;
  useCases: UseCases;
  /** The Altinn platform clients (PDP, Resource Registry, Register, KRR, Dialogporten, Events). */
  altinn: AltinnAdapters;
  /** Correspondences, with the outbox fast path after every write that adds messages (docs/data-model.md). */
  correspondences: CorrespondenceRepository;
  /** Records of the Idempotency-Key header. */
  idempotencyRecords: IdempotencyRecordStore;
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
    parkingQueueName: declared(infra.serviceBusQueues, parkingQueueNames.parkedMessages, "Service Bus queue"),
  };
}

/** The configured retry schedule (MESSAGE_RETRY_DELAYS, MESSAGE_MAX_ATTEMPTS), the policy's defaults otherwise. */
function retryPolicyOf(config: Config): RetryPolicy {
  return {
    delaysMs: config.messageRetries.delaysMs ?? defaultRetryDelaysMs,
    maxAttempts: config.messageRetries.maxAttempts ?? defaultMaxAttempts,
    jitterRatio: defaultJitterRatio,
  };
}

/**
 * Persistence, initialize and the publishing backbone (docs/data-model.md): the Cosmos adapters, the outbox relay
 * (a fast path after each write, a sweep behind it) and the Service Bus sender they share.
 */
function buildCorrespondenceBackbone(config: Config, resources: AzureResources, clients: PlatformClients, altinn: AltinnAdapters) {
  const correspondenceContainers = {
    correspondences: resources.database.container(containerNames.correspondences),
    locators: resources.database.container(containerNames.locators),
    requests: resources.database.container(containerNames.requests),
  };
  const cosmosCorrespondences = new CosmosCorrespondenceRepository(correspondenceContainers);
  const initializeRequests = new CosmosInitializeRequestStore(correspondenceContainers, cosmosCorrespondences);
  const messageSender = new ServiceBusMessageSender(clients.serviceBus);
  // The fast path and the sweep send alike; only the fast path's sender can carry the test-only injected fault.
  const fastPath = fastPathSender(messageSender, config.faults.outboxFastPath);
  const sweepRelay = new RelayOutbox(cosmosCorrespondences, messageSender);
  const correspondences = new OutboxRelayingRepository(cosmosCorrespondences, new RelayOutbox(cosmosCorrespondences, fastPath));
  const expansion = new ExpandInitializeRequest(initializeRequests);
  const initializeCorrespondences = new InitializeCorrespondences({
    requests: initializeRequests,
    expansion,
    fastPathSender: fastPath,
    resourceRegistry: altinn.resourceRegistry,
    accessDecider: altinn.accessDecider,
    partyRegister: altinn.partyRegister,
    contactReservations: altinn.contactReservationRegistry,
    dialogporten: altinn.dialogporten,
    textFormat: { isPlainText, isMarkdown },
  });
  const createCorrespondenceDialog = new CreateCorrespondenceDialog(correspondences, altinn.dialogporten, config.publicBaseUrl);
  const publishCorrespondence = new PublishCorrespondence({
    repository: correspondences,
    createDialog: createCorrespondenceDialog,
    dialogporten: altinn.dialogporten,
    publicBaseUrl: config.publicBaseUrl,
    partyRegister: altinn.partyRegister,
    contactReservations: altinn.contactReservationRegistry,
    sender: messageSender,
  });
  return {
    correspondences,
    initializeCorrespondences,
    createCorrespondenceDialog,
    publishCorrespondence,
    messageSender,
    sweepOutbox: () => sweepRelay.sweep({ store: initializeRequests, expansion }),
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
  const altinn = createAltinnAdapters(config);
  const backbone = buildCorrespondenceBackbone(config, resources, clients, altinn);
  const { correspondences, initializeCorrespondences, createCorrespondenceDialog, publishCorrespondence } = backbone;
  // The read and state-change endpoints share one way of asking "sender or recipient?" and "acting as which party?".
  const access = new CorrespondenceAccessCheck(altinn.accessDecider);
  const callerParty = new CallerPartyResolver(altinn.partyRegister);
  const reading = { repository: correspondences, access, callerParty };
  const copySender = new ServiceBusCopySender(clients.serviceBus);
  return {
    config,
    authenticator: new JwtAuthenticator(config.issuers),
    useCases: {
      checkHealth,
      initializeCorrespondences,
      createCorrespondenceDialog,
      publishCorrespondence,
      sweepOutbox: backbone.sweepOutbox,
      searchCorrespondences: new SearchCorrespondences({ repository: correspondences, accessDecider: altinn.accessDecider }),
      getCorrespondenceOverview: new GetCorrespondenceOverview({ ...reading, inlinePublisher: publishCorrespondence }),
      getCorrespondenceDetails: new GetCorrespondenceDetails({ ...reading, dialogporten: altinn.dialogporten }),
      getCorrespondenceContent: new GetCorrespondenceContent(reading),
      markAsRead: new MarkAsRead(reading),
      confirmCorrespondence: new ConfirmCorrespondence(reading),
      purgeCorrespondence: new PurgeCorrespondence(reading),
      // Their Dialogporten side effects arrive here through the outbox and the dialogporten-sync queue.
      syncDialogporten: new SyncDialogporten(altinn.dialogporten),
      messageDelivery: new MessageDelivery({
        copies: copySender,
        policy: retryPolicyOf(config),
        parkingQueue: resources.parkingQueueName,
      }),
    },
    altinn,
    correspondences,
    idempotencyRecords: new CosmosIdempotencyRecordStore(resources.database.container(containerNames.idempotencyKeys)),
    close: async () => {
      await backbone.messageSender.close();
      await copySender.close();
      clients.cosmos.dispose();
      await clients.serviceBus.close();
    },
  };
}
