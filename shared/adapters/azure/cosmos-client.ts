import { CosmosClient } from "@azure/cosmos";
import type { Connection } from "../../config/config.js";
import type { AzureCredentials } from "./credentials.js";

/** Locally a connection string to the emulator; in Azure the account endpoint with Entra ID (keys are disabled). */
export function createCosmosClient(connection: Connection, credentials: AzureCredentials): CosmosClient {
  if (connection.kind === "connectionString") return new CosmosClient(connection.connectionString);
  return new CosmosClient({
    endpoint: connection.endpoint,
    aadCredentials: credentials.forClientId(connection.clientId),
  });
}
