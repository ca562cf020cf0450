/**
 * JSON for the values a stored message holds. The store keeps what rhea decoded (see stored-message.ts), and rhea
 * picks the wire type of each value from its JavaScript kind when the message goes out again: a Date goes out as a
 * timestamp, a Buffer as binary, an integral number as (u)int/(u)long, a fractional one as a double, a Typed as its
 * own type and descriptor. So a value round-trips faithfully when it comes back as the same kind with the same
 * content — which plain JSON cannot do for Buffers, Dates, -0, NaN, ±Infinity, bigints or rhea's own classes.
 *
 * Strings, booleans, null and ordinary finite numbers are written as themselves, arrays as arrays; everything else
 * is an object tagged with `$type`. Plain objects (AMQP maps) are tagged too, so no user map can pass for a tag.
 *
 * What cannot round-trip: objects of other classes (rhea's decoder never produces them; a Map or Set could only come
 * from code in this process) are kept as the map of their enumerable fields — what rhea's `wrap` would send for them.
 */
import { bodySectionParts, makeBodySection, makeTyped, typedParts } from "./amqp-values.js";

export type EncodedValue =
  | null
  | boolean
  | number
  | string
  | EncodedValue[]
  | { $type: "undefined" }
  | { $type: "number"; value: "NaN" | "Infinity" | "-Infinity" | "-0" }
  | { $type: "bigint"; value: string }
  | { $type: "binary"; base64: string }
  | { $type: "timestamp"; value: EncodedValue }
  | { $type: "map"; value: { [key: string]: EncodedValue } }
  | { $type: "section"; typecode: number; multiple?: boolean; content: EncodedValue }
  | {
      $type: "typed";
      typecode: number;
      value: EncodedValue;
      descriptor?: EncodedValue;
      arrayConstructor?: { typecode: number; descriptor?: EncodedValue };
    };

/** A snapshot value that does not decode; `path` says where it sits (e.g. "stores[0].messages[3].content.body"). */
export class SnapshotValueError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
  }
}

function encodeNumber(value: number): EncodedValue {
  if (Number.isNaN(value)) return { $type: "number", value: "NaN" };
  if (value === Number.POSITIVE_INFINITY) return { $type: "number", value: "Infinity" };
  if (value === Number.NEGATIVE_INFINITY) return { $type: "number", value: "-Infinity" };
  if (Object.is(value, -0)) return { $type: "number", value: "-0" };
  return value;
}

export function encodeValue(value: unknown): EncodedValue {
  if (value === null) return null;
  switch (typeof value) {
    case "undefined":
      return { $type: "undefined" };
    case "boolean":
    case "string":
      return value;
    case "number":
      return encodeNumber(value);
    case "bigint":
      return { $type: "bigint", value: value.toString() };
    case "object":
      return encodeObject(value);
    default:
      // Functions and symbols are not AMQP values; rhea would send them as null.
      return null;
  }
}

function encodeObject(value: object): EncodedValue {
  if (value instanceof Uint8Array) return { $type: "binary", base64: Buffer.from(value).toString("base64") };
  if (value instanceof Date) return { $type: "timestamp", value: encodeNumber(value.getTime()) };
  if (Array.isArray(value)) return value.map((item: unknown) => encodeValue(item));
  const section = bodySectionParts(value);
  if (section) {
    return {
      $type: "section",
      typecode: section.typecode,
      ...(section.multiple === undefined ? {} : { multiple: section.multiple }),
      content: encodeValue(section.content),
    };
  }
  const typed = typedParts(value);
  if (typed) {
    const { arrayConstructor } = typed;
    return {
      $type: "typed",
      typecode: typed.typecode,
      value: encodeValue(typed.value),
      ...(typed.descriptor === undefined ? {} : { descriptor: encodeValue(typed.descriptor) }),
      ...(arrayConstructor
        ? {
            arrayConstructor: {
              typecode: arrayConstructor.typecode,
              ...(arrayConstructor.descriptor === undefined
                ? {}
                : { descriptor: encodeValue(arrayConstructor.descriptor) }),
            },
          }
        : {}),
    };
  }
  // An AMQP map as rhea decodes it: walked with for…in, as rhea's wrap_map does; built with fromEntries, so a
  // "__proto__" key stays a key.
  const record = value as Record<string, unknown>;
  const entries: [string, EncodedValue][] = [];
  for (const key in record) entries.push([key, encodeValue(record[key])]);
  return { $type: "map", value: Object.fromEntries(entries) };
}

const specialNumbers: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function decodeValue(encoded: unknown, path: string): unknown {
  if (encoded === null || typeof encoded === "boolean" || typeof encoded === "string") return encoded;
  if (typeof encoded === "number") return encoded;
  if (Array.isArray(encoded)) return encoded.map((item: unknown, index) => decodeValue(item, `${path}[${index}]`));
  if (!isPlainObject(encoded)) throw new SnapshotValueError(path, `not a snapshot value (${typeof encoded})`);
  const tag = encoded.$type;
  switch (tag) {
    case "undefined":
      return undefined;
    case "number":
      return decodeSpecialNumber(encoded.value, path);
    case "bigint":
      if (typeof encoded.value !== "string" || !/^-?\d+$/.test(encoded.value)) {
        throw new SnapshotValueError(path, "bigint without a decimal value");
      }
      return BigInt(encoded.value);
    case "binary":
      return decodeBinary(encoded.base64, path);
    case "timestamp":
      return new Date(decodeNumber(encoded.value, `${path}.value`));
    case "map":
      return decodeMap(encoded.value, `${path}.value`);
    case "section":
      return makeBodySection({
        typecode: decodeTypecode(encoded.typecode, path),
        multiple: decodeOptionalBoolean(encoded.multiple, `${path}.multiple`),
        content: decodeValue(encoded.content, `${path}.content`),
      });
    case "typed":
      return decodeTyped(encoded, path);
    default:
      throw new SnapshotValueError(path, `unknown value type ${JSON.stringify(tag)}`);
  }
}

function decodeSpecialNumber(value: unknown, path: string): number {
  const number = typeof value === "string" ? specialNumbers[value] : undefined;
  if (number === undefined) throw new SnapshotValueError(path, `unknown number ${JSON.stringify(value)}`);
  return number;
}

function decodeNumber(encoded: unknown, path: string): number {
  const value = decodeValue(encoded, path);
  if (typeof value !== "number") throw new SnapshotValueError(path, "expected a number");
  return value;
}

function decodeBinary(base64: unknown, path: string): Buffer {
  // Buffer.from ignores characters outside the alphabet; a stricter check catches a damaged file.
  if (typeof base64 !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new SnapshotValueError(path, "binary without base64 content");
  }
  return Buffer.from(base64, "base64");
}

function decodeMap(fields: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(fields)) throw new SnapshotValueError(path, "map without fields");
  // defineProperty, so a "__proto__" key stays an ordinary field as it was on the wire.
  const map: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    Object.defineProperty(map, key, {
      value: decodeValue(field, `${path}.${key}`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return map;
}

function decodeTypecode(typecode: unknown, path: string): number {
  if (typeof typecode !== "number" || !Number.isInteger(typecode) || typecode < 0 || typecode > 0xff) {
    throw new SnapshotValueError(path, `bad AMQP type code ${JSON.stringify(typecode)}`);
  }
  return typecode;
}

function decodeOptionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new SnapshotValueError(path, "expected true or false");
}

function decodeTyped(encoded: Record<string, unknown>, path: string): unknown {
  const typecode = decodeTypecode(encoded.typecode, path);
  let arrayConstructor: { typecode: number; descriptor: unknown } | undefined;
  if (encoded.arrayConstructor !== undefined) {
    const element = encoded.arrayConstructor;
    if (!isPlainObject(element)) throw new SnapshotValueError(`${path}.arrayConstructor`, "expected an object");
    const at = `${path}.arrayConstructor`;
    arrayConstructor = {
      typecode: decodeTypecode(element.typecode, at),
      descriptor: element.descriptor === undefined ? undefined : decodeValue(element.descriptor, `${at}.descriptor`),
    };
  }
  const typed = makeTyped({
    typecode,
    value: decodeValue(encoded.value, `${path}.value`),
    descriptor: encoded.descriptor === undefined ? undefined : decodeValue(encoded.descriptor, `${path}.descriptor`),
    arrayConstructor,
  });
  if (typed === undefined) throw new SnapshotValueError(path, `AMQP type code 0x${typecode.toString(16)} is unknown`);
  return typed;
}
