import { ServiceBusClient } from "@azure/service-bus";
import type { Connection } from "../../config/config.js";
import type { AzureCredentials } from "./credentials.js";

/** Locally the broker's `UseDevelopmentEmulator=true` connection string; in Azure the namespace with Entra ID. */
export function createServiceBusClient(connection: Connection, credentials: AzureCredentials): ServiceBusClient {
  if (connection.kind === "connectionString") return new ServiceBusClient(connection.connectionString);
  return new ServiceBusClient(connection.endpoint, credentials.forClientId(connection.clientId));
}
