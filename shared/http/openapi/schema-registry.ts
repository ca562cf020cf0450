/**
 * The registry of named wire schemas: every zod schema that is a wire shape of its own (a request body, a response
 * body, an enum) is registered here under its Altinn model name, so the OpenAPI document can refer to it as a
 * component instead of inlining a copy. Registration is the only thing wire files do with OpenAPI.
 */
import { z } from "zod";

/** Which side of the wire the schema describes: request schemas are documented as they are read (defaults optional). */
export type WireDirection = "request" | "response";

export interface WireSchemaMetadata {
  /** The component name, e.g. `InitializeCorrespondencesExt`. */
  id: string;
  direction: WireDirection;
  description?: string;
}

export const wireSchemaRegistry = z.registry<WireSchemaMetadata>();

const registrations: { schema: z.core.$ZodType; metadata: WireSchemaMetadata }[] = [];

/** Registers `schema` under `metadata.id` (once; a second registration of the same schema is ignored). */
export function registerWireSchema(schema: z.core.$ZodType, metadata: WireSchemaMetadata): void {
  if (wireSchemaRegistry.has(schema)) return;
  wireSchemaRegistry.add(schema, metadata);
  registrations.push({ schema, metadata });
}

/** Every named schema, in registration order. */
export function registeredWireSchemas(): readonly { schema: z.core.$ZodType; metadata: WireSchemaMetadata }[] {
  return registrations;
}

/** Registers `schema` as a named component and returns it unchanged. */
export function namedWireSchema<Schema extends z.core.$ZodType>(
  schema: Schema,
  id: string,
  direction: WireDirection,
  description?: string,
): Schema {
  registerWireSchema(schema, description === undefined ? { id, direction } : { id, direction, description });
  return schema;
}
