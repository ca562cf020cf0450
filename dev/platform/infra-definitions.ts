/**
 * The Cosmos and Blob definitions under infra/ — the same files the Bicep loads with loadJsonContent(), so the local
 * platform and Azure are created from one source of truth.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { projectRoot } from "./project-root.js";

const cosmosContainerSchema = z.object({
  name: z.string().min(1),
  partitionKey: z.object({ paths: z.array(z.string()).min(1), kind: z.enum(["Hash", "MultiHash"]).default("Hash") }),
  indexingPolicy: z.record(z.string(), z.unknown()).optional(),
  uniqueKeys: z.array(z.object({ paths: z.array(z.string()) })).default([]),
  defaultTtl: z.number().int().optional(),
});
export type CosmosContainerDefinition = z.infer<typeof cosmosContainerSchema>;

export const cosmosDefinitionsSchema = z.object({
  database: z.string().min(1),
  containers: z.array(cosmosContainerSchema),
});
export type CosmosDefinitions = z.infer<typeof cosmosDefinitionsSchema>;

export const storageDefinitionsSchema = z.object({
  containers: z.array(z.object({ name: z.string().min(3) })),
});
export type StorageDefinitions = z.infer<typeof storageDefinitionsSchema>;

function readInfraJson(file: string): unknown {
  return JSON.parse(readFileSync(join(projectRoot(), "infra", file), "utf8"));
}

export function loadCosmosDefinitions(): CosmosDefinitions {
  return cosmosDefinitionsSchema.parse(readInfraJson("cosmos.json"));
}

export function loadStorageDefinitions(): StorageDefinitions {
  return storageDefinitionsSchema.parse(readInfraJson("storage.json"));
}

export function infraFile(file: string): string {
  return join(projectRoot(), "infra", file);
}
