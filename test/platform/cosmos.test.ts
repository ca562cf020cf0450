/**
 * The local Cosmos DB through the real @azure/cosmos SDK: what the application relies on — CRUD, ETag-conditioned
 * writes (412), queries with continuation tokens — and that its data survives a restart through the snapshot.
 */
import { CosmosClient, type Container } from "@azure/cosmos";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalCosmos, type RunningLocalCosmos } from "../../dev/cosmos/local-cosmos-server.js";

interface Letter {
  id: string;
  partitionKey: string;
  subject: string;
  position: number;
}

describe("local Cosmos DB through the real SDK", () => {
  let cosmos: RunningLocalCosmos;
  let client: CosmosClient;
  let container: Container;

  beforeAll(async () => {
    cosmos = await startLocalCosmos({ port: 0 });
    client = new CosmosClient(cosmos.connectionString);
    const { database } = await client.databases.createIfNotExists({ id: "contract" });
    ({ container } = await database.containers.createIfNotExists({ id: "letters", partitionKey: { paths: ["/partitionKey"] } }));
  });

  afterAll(async () => {
    client.dispose();
    await cosmos.close();
  });

  it("creates, reads, replaces and deletes an item, and refuses a duplicate id with 409", async () => {
    const letter: Letter = { id: "crud", partitionKey: "p1", subject: "first", position: 1 };
    const created = await container.items.create(letter);
    expect(created.statusCode).toBe(201);
    await expect(container.items.create(letter)).rejects.toMatchObject({ code: 409 });

    const { resource: read } = await container.item("crud", "p1").read<Letter>();
    expect(read?.subject).toBe("first");
    await container.item("crud", "p1").replace({ ...letter, subject: "second" });
    expect((await container.item("crud", "p1").read<Letter>()).resource?.subject).toBe("second");

    await container.item("crud", "p1").delete();
    expect((await container.item("crud", "p1").read()).statusCode).toBe(404);
  });

  it("does not find an item under another partition key", async () => {
    await container.items.create({ id: "partitioned", partitionKey: "p1", subject: "x", position: 0 });
    expect((await container.item("partitioned", "p2").read()).statusCode).toBe(404);
  });

  it("applies a write conditioned on the current ETag and refuses a stale one with 412", async () => {
    const { resource } = await container.items.create<Letter>({ id: "etag", partitionKey: "p1", subject: "v1", position: 0 });
    const staleEtag = resource?._etag;
    expect(staleEtag).toBeTruthy();

    const updated = await container
      .item("etag", "p1")
      .replace({ id: "etag", partitionKey: "p1", subject: "v2", position: 0 }, { accessCondition: { type: "IfMatch", condition: staleEtag! } });
    expect(updated.statusCode).toBe(200);
    expect(updated.resource?._etag).not.toBe(staleEtag);

    await expect(
      container
        .item("etag", "p1")
        .replace({ id: "etag", partitionKey: "p1", subject: "lost update", position: 0 }, { accessCondition: { type: "IfMatch", condition: staleEtag! } }),
    ).rejects.toMatchObject({ code: 412 });
    expect((await container.item("etag", "p1").read<Letter>()).resource?.subject).toBe("v2");
  });

  it("pages a single-partition query with continuation tokens, in position", async () => {
    for (let position = 0; position < 25; position++) {
      await container.items.create({ id: `page-${position}`, partitionKey: "paged", subject: "page", position });
    }
    const query = container.items.query<Letter>(
      {
        query: "SELECT * FROM c WHERE c.partitionKey = @partitionKey ORDER BY c.position DESC",
        parameters: [{ name: "@partitionKey", value: "paged" }],
      },
      { maxItemCount: 10 },
    );
    const pages: number[][] = [];
    let continuationTokens = 0;
    while (query.hasMoreResults()) {
      const page = await query.fetchNext();
      if (page.resources.length > 0) pages.push(page.resources.map((letter) => letter.position));
      if (page.continuationToken) continuationTokens++;
    }
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(continuationTokens).toBeGreaterThanOrEqual(2);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, index) => 24 - index));
  });
});

describe("local Cosmos DB snapshots", () => {
  it("keeps databases, containers and items across a restart", async () => {
    const folder = await mkdtemp(join(tmpdir(), "cosmos-snapshot-"));
    const snapshotFile = join(folder, "snapshot.json");
    try {
      const first = await startLocalCosmos({ port: 0, snapshotFile });
      const firstClient = new CosmosClient(first.connectionString);
      const { database } = await firstClient.databases.createIfNotExists({ id: "kept" });
      const { container } = await database.containers.createIfNotExists({
        id: "things",
        partitionKey: { paths: ["/partitionKey"] },
      });
      await container.items.create({ id: "survivor", partitionKey: "p", subject: "still here" });
      firstClient.dispose();
      await first.close();

      const second = await startLocalCosmos({ port: 0, snapshotFile });
      const secondClient = new CosmosClient(second.connectionString);
      const { resource } = await secondClient.database("kept").container("things").item("survivor", "p").read<{ subject: string }>();
      const { resource: definition } = await secondClient.database("kept").container("things").read();
      secondClient.dispose();
      await second.close();
      expect(resource?.subject).toBe("still here");
      expect(definition?.partitionKey?.paths).toEqual(["/partitionKey"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
