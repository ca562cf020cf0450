/**
 * `npm start` keeps local data: the platform stopped and started again on the same data folder still has what was
 * written to Cosmos DB and Blob Storage. Uses the same startPlatform as `npm start`, on free ports.
 */
import { CosmosClient } from "@azure/cosmos";
import { BlobServiceClient } from "@azure/storage-blob";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePlatformPorts } from "../../dev/platform/free-ports.js";
import { startPlatform, type RunningPlatform } from "../../dev/platform/platform.js";

async function startOn(dataDir: string): Promise<RunningPlatform> {
  const ports = await freePlatformPorts();
  return startPlatform({ ports, dataDir, log: () => undefined });
}

describe("local platform restart", () => {
  it("keeps Cosmos DB items and blobs when stopped and started again", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "platform-data-"));
    try {
      const first = await startOn(dataDir);
      const database = first.appSettings.COSMOS_DATABASE!;
      const cosmos = new CosmosClient(first.appSettings.COSMOS!);
      await cosmos
        .database(database)
        .container("correspondences")
        .items.create({ id: "kept-across-restart", partitionKey: "restart", note: "written before the restart" });
      cosmos.dispose();
      const blobs = BlobServiceClient.fromConnectionString(first.appSettings.ATTACHMENT_STORAGE!);
      await blobs.getContainerClient("attachments").getBlockBlobClient("kept-across-restart.txt").upload("blob content", 12);
      await first.close();

      const second = await startOn(dataDir);
      try {
        const cosmosAgain = new CosmosClient(second.appSettings.COSMOS!);
        const { resource } = await cosmosAgain
          .database(database)
          .container("correspondences")
          .item("kept-across-restart", "restart")
          .read<{ note: string }>();
        cosmosAgain.dispose();
        const blobsAgain = BlobServiceClient.fromConnectionString(second.appSettings.ATTACHMENT_STORAGE!);
        const content = await blobsAgain
          .getContainerClient("attachments")
          .getBlockBlobClient("kept-across-restart.txt")
          .downloadToBuffer();
        expect(resource?.note).toBe("written before the restart");
        expect(content.toString()).toBe("blob content");
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
