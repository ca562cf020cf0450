/**
 * The building blocks of request schemas, each with the ASP.NET behaviour of the C# type and data annotation it
 * stands for: `[Required]` rejects missing, null and blank strings; `[StringLength]` has its two message forms; GUIDs
 * and DateTimeOffsets that do not parse are JSON conversion failures. Messages use the `{field}` placeholder that
 * model-state.ts fills in with the property name.
 */
import { z } from "zod";
import { requiredMessage } from "./model-state.js";

const requiredTemplate = requiredMessage("{field}");

export function stringLengthMessage(maximum: number, minimum = 0): string {
  return minimum > 0
    ? `The field {field} must be a string with a minimum length of ${minimum} and a maximum length of ${maximum}.`
    : `The field {field} must be a string with a maximum length of ${maximum}.`;
}

/** `[Required]` (+ optional `[StringLength(max, MinimumLength = min)]`): present, not null, not blank. */
export function requiredText(length?: { max: number; min?: number }) {
  let schema = z.string().refine((value) => value.trim().length > 0, { error: requiredTemplate });
  if (length) {
    const message = stringLengthMessage(length.max, length.min);
    if (length.min !== undefined && length.min > 0) schema = schema.min(length.min, { error: message });
    schema = schema.max(length.max, { error: message });
  }
  return schema;
}

/** An optional `string?`, with `[StringLength(max)]` when given. */
export function optionalText(maximum?: number) {
  const schema = maximum === undefined ? z.string() : z.string().max(maximum, { error: stringLengthMessage(maximum) });
  return schema.nullish();
}

/** A GUID in its hyphenated form, the only one System.Text.Json reads. */
export const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const emptyGuid = "00000000-0000-0000-0000-000000000000";

export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

/**
 * A `{id:guid}` route segment: the lower-case GUID, or undefined when it does not parse (ASP.NET's route constraint
 * then does not match and the answer is an empty 404).
 */
export function parseRouteGuid(value: string | undefined): string | undefined {
  return value !== undefined && isGuid(value) ? value.toLowerCase() : undefined;
}

/**
 * `Guid`: an unparsable value is a conversion failure (the message carries the .NET type to the model-state
 * mapping). Normalise with `.toLowerCase()` when mapping.
 */
export function wireGuid() {
  return z.guid({ error: "System.Guid" });
}

/**
 * `DateTimeOffset`: ISO 8601 with or without seconds, fraction and offset. Without an offset the value is the
 * server's local time, which is UTC in Azure — see `toUtcIso`.
 */
export function wireDateTimeOffset() {
  return z.iso.datetime({ offset: true, local: true, error: "System.DateTimeOffset" });
}

/** A wire DateTimeOffset as a UTC ISO string (`2025-01-31T12:00:00.000Z`): one form for storage and comparison. */
export function toUtcIso(value: string): string {
  const hasOffset = /(?:Z|[+-]\d\d:\d\d)$/i.test(value);
  return new Date(hasOffset ? value : `${value}Z`).toISOString();
}

/** `bool` (non-nullable, default false when absent): JSON null cannot be converted. */
export function wireFlag() {
  return z.boolean().default(false);
}

/** `bool?`. */
export function optionalFlag() {
  return z.boolean().nullish();
}

/** `int?` (numbers may arrive as JSON strings; the lenient pass converts them). */
export function optionalInteger() {
  return z.number().int().nullish();
}
