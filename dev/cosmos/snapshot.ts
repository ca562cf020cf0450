/**
 * Snapshots of the local Cosmos server, taken and restored through the real SDK (the server keeps no files of its
 * own): every database, every container definition and every item. System properties are dropped on restore; the
 * server assigns new `_etag`/`_ts` values, as a restored backup in Azure would.
 */
import type { ContainerDefinition, CosmosClient } from "@azure/cosmos";
import { readFileIfExists, writeFileAtomically } from "../platform/snapshot-files.js";
import { z } from "zod";

const snapshotSchema = z.object({
  version: z.literal(1),
  takenAt: z.string(),
  databases: z.array(
    z.object({
      id: z.string(),
      containers: z.array(
        z.object({
          definition: z.record(z.string(), z.unknown()),
          items: z.array(z.record(z.string(), z.unknown())),
        }),
      ),
    }),
  ),
});
export type CosmosSnapshot = z.infer<typeof snapshotSchema>;

const systemProperties = ["_rid", "_self", "_etag", "_attachments", "_ts", "_docs", "_sprocs", "_triggers", "_udfs", "_conflicts"];

function withoutSystemProperties(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !systemProperties.includes(key)));
}

export async function takeSnapshot(client: CosmosClient): Promise<CosmosSnapshot> {
  const { resources: databases } = await client.databases.readAll().fetchAll();
  const snapshot: CosmosSnapshot = { version: 1, takenAt: new Date().toISOString(), databases: [] };
  for (const database of databases) {
    const { resources: containers } = await client.database(database.id).containers.readAll().fetchAll();
    const entry: CosmosSnapshot["databases"][number] = { id: database.id, containers: [] };
    for (const container of containers) {
      const { resources: items } = await client
        .database(database.id)
        .container(container.id)
        .items.readAll<Record<string, unknown> & { id: string }>()
        .fetchAll();
      entry.containers.push({
        definition: withoutSystemProperties({ ...container }),
        items: items.map(withoutSystemProperties),
      });
    }
    snapshot.databases.push(entry);
  }
  return snapshot;
}

/** Restores into an empty server; returns the number of items written. */
export async function restoreSnapshot(client: CosmosClient, snapshot: CosmosSnapshot): Promise<number> {
  let count = 0;
  for (const database of snapshot.databases) {
    const { database: db } = await client.databases.createIfNotExists({ id: database.id });
    for (const container of database.containers) {
      const { container: target } = await db.containers.createIfNotExists(container.definition as ContainerDefinition);
      for (const item of container.items) {
        await target.items.upsert(item);
        count++;
      }
    }
  }
  return count;
}

export async function readSnapshot(file: string): Promise<CosmosSnapshot | undefined> {
  const text = await readFileIfExists(file);
  return text === undefined ? undefined : snapshotSchema.parse(JSON.parse(text));
}

export async function writeSnapshot(file: string, snapshot: CosmosSnapshot): Promise<void> {
  await writeFileAtomically(file, JSON.stringify(snapshot));
}
