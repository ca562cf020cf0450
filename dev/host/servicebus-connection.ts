/**
 * Service Bus connections the way the extension resolves a binding's `connection` (an app setting NAME, default
 * "AzureWebJobsServiceBus"): the setting itself holds a connection string, or `<name>__fullyQualifiedNamespace`
 * names the namespace for an identity-based connection (`<name>__credential=managedidentity` with optional
 * `<name>__clientId` picks a managed identity, otherwise DefaultAzureCredential). One client per setting name.
 */
import { ServiceBusClient } from "@azure/service-bus";

export const defaultServiceBusConnection = "AzureWebJobsServiceBus";

export class ServiceBusConnections {
  readonly #clients = new Map<string, Promise<ServiceBusClient>>();

  client(connectionName: string | undefined): Promise<ServiceBusClient> {
    const name = connectionName || defaultServiceBusConnection;
    let client = this.#clients.get(name);
    if (!client) {
      client = createClient(name);
      this.#clients.set(name, client);
    }
    return client;
  }

  async closeAll(): Promise<void> {
    const clients = await Promise.allSettled(this.#clients.values());
    this.#clients.clear();
    await Promise.allSettled(clients.map((client) => (client.status === "fulfilled" ? client.value.close() : undefined)));
  }
}

async function createClient(name: string): Promise<ServiceBusClient> {
  const connectionString = process.env[name];
  if (connectionString) return new ServiceBusClient(connectionString);
  const namespace = process.env[`${name}__fullyQualifiedNamespace`];
  if (!namespace) {
    throw new Error(`Service Bus account connection string '${name}' does not exist. Make sure that it is a defined App Setting.`);
  }
  // Loaded only when needed: identity is heavy and most local runs use a connection string.
  const identity = await import("@azure/identity");
  const clientId = process.env[`${name}__clientId`];
  const credential =
    process.env[`${name}__credential`]?.toLowerCase() === "managedidentity"
      ? new identity.ManagedIdentityCredential(clientId ? { clientId } : {})
      : new identity.DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
  return new ServiceBusClient(namespace, credential);
}
