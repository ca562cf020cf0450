/** HealthProbe adapters: each makes one cheap call that really reaches its service. */
import type { Database } from "@azure/cosmos";
import type { ServiceBusClient } from "@azure/service-bus";
import type { ContainerClient } from "@azure/storage-blob";
import type { HealthProbe } from "../../domain/health-probe.js";

/** Reads the configured database: proves the endpoint answers, the credential works and the database exists. */
export class CosmosHealthProbe implements HealthProbe {
  readonly name = "cosmos";
  constructor(private readonly database: Database) {}

  async check(signal: AbortSignal): Promise<void> {
    await this.database.read({ abortSignal: signal });
  }
}

/** Reads the attachments container's properties: proves the account answers and the container exists. */
export class BlobHealthProbe implements HealthProbe {
  readonly name = "blob";
  constructor(private readonly container: ContainerClient) {}

  async check(signal: AbortSignal): Promise<void> {
    await this.container.getProperties({ abortSignal: signal });
  }
}

/**
 * Opens a sender link on a queue and asks for a batch, which needs the link's negotiated message size: that takes a
 * connection, authentication and an attached link, without sending (or receiving) a message.
 */
export class ServiceBusHealthProbe implements HealthProbe {
  readonly name = "serviceBus";
  constructor(
    private readonly client: ServiceBusClient,
    private readonly queueName: string,
  ) {}

  /**
   * A new sender (link) on every check, although opening one costs tens of milliseconds: an open sender answers
   * `createMessageBatch` from what it cached at attach time, so it would go on reporting healthy after the broker
   * went away (test/app/health-probes.test.ts shows it).
   */
  async check(signal: AbortSignal): Promise<void> {
    const sender = this.client.createSender(this.queueName);
    try {
      await sender.createMessageBatch({ abortSignal: signal });
    } finally {
      await sender.close().catch(() => undefined);
    }
  }
}
