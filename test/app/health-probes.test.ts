/**
 * The health probes against the local platform's real Cosmos server, Azurite and Service Bus broker, and against
 * dependencies that are down (connection refused) or hang (accept and never answer). Wired through the composition
 * root, as in the app.
 */
import { CosmosClient } from "@azure/cosmos";
import { ServiceBusClient } from "@azure/service-bus";
import { BlobServiceClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../dev/blob/azurite.js";
import { startLocalCosmos, type RunningLocalCosmos } from "../../dev/cosmos/local-cosmos-server.js";
import { startServiceBusBroker, type RunningServiceBusBroker } from "../../dev/servicebus/broker.js";
import { loadServiceBusEntities } from "../../dev/servicebus/entities.js";
import {
  blobConnectionString,
  cosmosConnectionString,
  defaultPorts,
  localAppSettings,
  serviceBusConnectionString,
} from "../../dev/platform/local-environment.js";
import { BlobHealthProbe, CosmosHealthProbe, ServiceBusHealthProbe } from "../../shared/adapters/azure/health-probes.js";
import { buildApplication, healthProbeTimeoutMs, type Application } from "../../shared/composition-root.js";
import { parseConfig } from "../../shared/config/config.js";
import { freePort, startBlackHole } from "./support/network.js";

let cosmos: RunningLocalCosmos;
let azurite: RunningAzurite;
let broker: RunningServiceBusBroker;
let blackHole: Awaited<ReturnType<typeof startBlackHole>>;
const applications: Application[] = [];

beforeAll(async () => {
  [cosmos, azurite, broker, blackHole] = await Promise.all([
    startLocalCosmos({ port: 0 }),
    freePort().then((port) => startAzurite({ port })),
    startServiceBusBroker({ port: 0, entities: loadServiceBusEntities() }),
    startBlackHole(),
  ]);
  const client = new CosmosClient(cosmos.connectionString);
  await client.databases.createIfNotExists({ id: "correspondence" });
  client.dispose();
  await BlobServiceClient.fromConnectionString(azurite.connectionString).createContainer("attachments");
});

afterAll(async () => {
  await Promise.all(applications.map((application) => application.close()));
  await Promise.all([cosmos?.close(), azurite?.close(), broker?.close(), blackHole?.close()]);
});

function application(overrides: Record<string, string>): Application {
  const settings = {
    ...localAppSettings(defaultPorts),
    COSMOS: cosmos.connectionString,
    ATTACHMENT_STORAGE: azurite.connectionString,
    SERVICEBUS: broker.connectionString,
    ...overrides,
  };
  const built = buildApplication(parseConfig(settings));
  applications.push(built);
  return built;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

describe("health probes against the local platform", () => {
  it("Cosmos: healthy when the database exists, failing when it does not", async () => {
    const client = new CosmosClient(cosmos.connectionString);
    try {
      const signal = AbortSignal.timeout(5000);
      await expect(new CosmosHealthProbe(client.database("correspondence")).check(signal)).resolves.toBeUndefined();
      await expect(new CosmosHealthProbe(client.database("no-such-database")).check(signal)).rejects.toThrow();
    } finally {
      client.dispose();
    }
  });

  it("Blob: healthy when the attachments container exists, failing when it does not", async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const signal = AbortSignal.timeout(5000);
    await expect(new BlobHealthProbe(service.getContainerClient("attachments")).check(signal)).resolves.toBeUndefined();
    await expect(new BlobHealthProbe(service.getContainerClient("no-such-container")).check(signal)).rejects.toThrow();
  });

  it("Service Bus: healthy when the queue exists, failing when it does not", async () => {
    const client = new ServiceBusClient(broker.connectionString);
    try {
      const signal = AbortSignal.timeout(5000);
      await expect(new ServiceBusHealthProbe(client, "correspondence-publish").check(signal)).resolves.toBeUndefined();
      await expect(new ServiceBusHealthProbe(client, "no-such-queue").check(signal)).rejects.toThrow(/could not be found/);
    } finally {
      await client.close();
    }
  });

  it("Service Bus: a probe that was healthy turns unhealthy when the broker goes away, and healthy when it is back", async () => {
    const ownBroker = await startServiceBusBroker({ port: 0, entities: loadServiceBusEntities() });
    const client = new ServiceBusClient(ownBroker.connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: 1000 } });
    const probe = new ServiceBusHealthProbe(client, "correspondence-publish");
    let restarted: RunningServiceBusBroker | undefined;
    try {
      await expect(probe.check(AbortSignal.timeout(5000))).resolves.toBeUndefined();
      await ownBroker.close();
      await expect(probe.check(AbortSignal.timeout(2500))).rejects.toThrow();
      restarted = await startServiceBusBroker({ port: ownBroker.port, entities: loadServiceBusEntities() });
      await expect(probe.check(AbortSignal.timeout(5000))).resolves.toBeUndefined();
    } finally {
      // The client first: a broker waits for its connections to end when it closes.
      await client.close().catch(() => undefined);
      await restarted?.close();
    }
  });

  it("reports every dependency healthy through the composition root's wiring", async () => {
    const report = await application({}).useCases.checkHealth.execute();
    expect(report).toEqual({
      status: "Healthy",
      message: "Environment properly configured and all dependencies are accessible",
      dependencies: {
        cosmos: { status: "Healthy", durationMs: expect.any(Number) },
        blob: { status: "Healthy", durationMs: expect.any(Number) },
        serviceBus: { status: "Healthy", durationMs: expect.any(Number) },
      },
    });
  });

  it("reports Cosmos and Blob healthy and a hanging Service Bus unhealthy, within the deadline", async () => {
    const { checkHealth } = application({ SERVICEBUS: serviceBusConnectionString(blackHole.port) }).useCases;
    const { result: report, elapsedMs } = await timed(() => checkHealth.execute());

    expect(report.dependencies.cosmos?.status).toBe("Healthy");
    expect(report.dependencies.blob?.status).toBe("Healthy");
    expect(report.dependencies.serviceBus?.status).toBe("Unhealthy");
    expect(report.status).toBe("Unhealthy");
    expect(elapsedMs).toBeLessThan(healthProbeTimeoutMs + 500);
  });

  it("reports every dependency unhealthy within ~3 s when nothing answers", async () => {
    const refused = await freePort();
    const { checkHealth } = application({
      COSMOS: cosmosConnectionString(blackHole.port),
      ATTACHMENT_STORAGE: blobConnectionString(blackHole.port),
      SERVICEBUS: serviceBusConnectionString(refused),
    }).useCases;
    const { result: report, elapsedMs } = await timed(() => checkHealth.execute());

    expect(report.status).toBe("Unhealthy");
    expect(Object.values(report.dependencies).map((dependency) => dependency.status)).toEqual([
      "Unhealthy",
      "Unhealthy",
      "Unhealthy",
    ]);
    expect(report.dependencies.cosmos?.error).toMatch(/No answer within/);
    expect(elapsedMs).toBeLessThan(3000);
  });
});
