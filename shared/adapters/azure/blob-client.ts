import { BlobServiceClient } from "@azure/storage-blob";
import type { Connection } from "../../config/config.js";
import type { AzureCredentials } from "./credentials.js";

/** Locally Azurite's connection string; in Azure the blob service URI with Entra ID (shared keys are disabled). */
export function createBlobServiceClient(connection: Connection, credentials: AzureCredentials): BlobServiceClient {
  if (connection.kind === "connectionString") {
    return BlobServiceClient.fromConnectionString(connection.connectionString);
  }
  return new BlobServiceClient(connection.endpoint, credentials.forClientId(connection.clientId));
}
