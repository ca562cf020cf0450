/**
 * ASP.NET Core's lenient JSON input (api.md §1, `JsonSerializerDefaults.Web` + a string-enum converter), applied
 * before zod sees the value: property names match case-insensitively and are rewritten to the schema's camelCase,
 * numbers may arrive as JSON strings, enums arrive by name (any case) or by integer, unknown properties are dropped.
 *
 * The walk follows the zod schema itself, so there is no second description of any wire shape. Values that cannot
 * be coerced are passed through untouched: zod then reports them, and the model-state mapping turns that into
 * ASP.NET's conversion error.
 */
import { z } from "zod";

type AnySchema = z.core.$ZodType;

/** Integer value of each enum member, for enums whose ordinals are not simply 0, 1, 2 … */
const enumOrdinals = new WeakMap<AnySchema, ReadonlyMap<number, string>>();

/**
 * A wire enum: written as its names, read by name (case-insensitive) or by integer. `typeName` is the .NET enum a
 * conversion error names; `firstOrdinal` is the integer of the first name (TransmissionType starts at 1), the rest
 * follow consecutively.
 */
export function wireEnum<const Names extends readonly [string, ...string[]]>(
  names: Names,
  options: { typeName: string; firstOrdinal?: number },
) {
  // The issue message carries the .NET type name to the model-state mapping (an unknown member is a conversion error).
  const schema = z.enum(names, { error: () => `Altinn.Correspondence.API.Models.Enums.${options.typeName}` });
  const firstOrdinal = options.firstOrdinal ?? 0;
  enumOrdinals.set(schema, new Map(names.map((name, index) => [firstOrdinal + index, name])));
  return schema;
}

/** The member name for `value` given by name (any case) or integer (number or numeric string), else undefined. */
export function enumMemberOf(schema: AnySchema, value: unknown): string | undefined {
  const def = schema._zod.def;
  if (def.type !== "enum") return undefined;
  const names = Object.values((def as z.core.$ZodEnumDef).entries).filter(
    (entry): entry is string => typeof entry === "string",
  );
  const ordinals = enumOrdinals.get(schema) ?? new Map(names.map((name, index) => [index, name]));
  if (typeof value === "number") return Number.isInteger(value) ? ordinals.get(value) : undefined;
  if (typeof value !== "string") return undefined;
  if (/^-?\d+$/.test(value.trim())) return ordinals.get(Number(value.trim()));
  const wanted = value.toLowerCase();
  return names.find((name) => name.toLowerCase() === wanted);
}

/** `enumMemberOf`, typed by the enum schema it reads. */
export function wireEnumMember<Schema extends z.ZodEnum>(schema: Schema, value: unknown): z.output<Schema> | undefined {
  const member = enumMemberOf(schema, value);
  return member === undefined ? undefined : schema.parse(member);
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Rewrites `value` as ASP.NET would have bound it against `schema` (see the file comment). Never throws. */
export function normaliseLenientJson(schema: AnySchema, value: unknown): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return value === null || value === undefined || !("innerType" in def)
        ? value
        : normaliseLenientJson(def.innerType as AnySchema, value);
    case "pipe":
      return normaliseLenientJson((def as z.core.$ZodPipeDef).in, value);
    case "lazy":
      return normaliseLenientJson((def as z.core.$ZodLazyDef).getter(), value);
    case "object":
      return normaliseObject((def as z.core.$ZodObjectDef).shape, value);
    case "array":
      return Array.isArray(value)
        ? value.map((item) => normaliseLenientJson((def as z.core.$ZodArrayDef).element, item))
        : value;
    case "record":
      return normaliseRecord((def as z.core.$ZodRecordDef).valueType, value);
    case "number":
      return typeof value === "string" && jsonNumber.test(value) ? Number(value) : value;
    case "enum":
      return enumMemberOf(schema, value) ?? value;
    case "union":
      return normaliseUnion((def as z.core.$ZodUnionDef).options, value);
    default:
      return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function normaliseObject(shape: Readonly<Record<string, AnySchema>>, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const canonicalKeys = new Map(Object.keys(shape).map((key) => [key.toLowerCase(), key]));
  const entries: [string, unknown][] = [];
  // Later duplicates win, as System.Text.Json assigns a property each time it reads it.
  for (const [key, member] of Object.entries(value)) {
    const canonical = canonicalKeys.get(key.toLowerCase());
    const memberSchema = canonical === undefined ? undefined : shape[canonical];
    if (canonical === undefined || memberSchema === undefined) continue;
    entries.push([canonical, normaliseLenientJson(memberSchema, member)]);
  }
  return Object.fromEntries(entries);
}

function normaliseRecord(valueSchema: AnySchema, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  // Object.fromEntries defines own properties, so a `__proto__` key stays an ordinary entry.
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [key, normaliseLenientJson(valueSchema, member)]),
  );
}

/** The first option under which the normalised value is valid; otherwise the value as it came. */
function normaliseUnion(options: readonly AnySchema[], value: unknown): unknown {
  for (const option of options) {
    const candidate = normaliseLenientJson(option, value);
    if (z.safeParse(option, candidate).success) return candidate;
  }
  return value;
}
