/**
 * Doorways into the two rhea value classes a stored message can hold besides plain JavaScript values, for the
 * snapshot codec (snapshot-values.ts) to take apart and rebuild:
 *  - a body section (data or amqp-sequence): rhea decodes those into its own `Section` class, which it only encodes
 *    as sections again when the body is an instance of that class;
 *  - a `Typed` value: rhea leaves a described value it has no class for wrapped (type, value, descriptor), and the
 *    wrapper is what makes it go back on the wire with the same type and descriptor.
 * Neither class is exported by rhea, so instances are recognised and made through the functions that produce them.
 */
import { amqpMessages, amqpTypes, asNumber, asRecord } from "./amqp.js";

export interface BodySectionParts {
  /** 0x75 data, 0x76 amqp-sequence. */
  readonly typecode: number;
  /** One section's content, or an array of them when `multiple`. */
  readonly content: unknown;
  readonly multiple: boolean | undefined;
}

export interface TypedParts {
  readonly typecode: number;
  readonly value: unknown;
  readonly descriptor: unknown;
  /** Present on AMQP arrays: the element constructor. */
  readonly arrayConstructor: { readonly typecode: number; readonly descriptor: unknown } | undefined;
}

const sectionClass: unknown = asRecord(amqpMessages.data_section(Buffer.alloc(0))).constructor;

export function bodySectionParts(value: unknown): BodySectionParts | undefined {
  if (typeof value !== "object" || value === null || value.constructor !== sectionClass) return undefined;
  const section = asRecord(value);
  return {
    typecode: asNumber(section.typecode) ?? 0,
    content: section.content,
    multiple: typeof section.multiple === "boolean" ? section.multiple : undefined,
  };
}

export function makeBodySection(parts: BodySectionParts): unknown {
  const section = asRecord(amqpMessages.data_section(parts.content));
  section.typecode = parts.typecode;
  if (parts.multiple !== undefined) section.multiple = parts.multiple;
  return section;
}

/** Only rhea's `Typed` has `toRheaTyped` (it is how `types.wrap` recognises one). */
export function typedParts(value: unknown): TypedParts | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const toRheaTyped: unknown = asRecord(value).toRheaTyped;
  if (typeof toRheaTyped !== "function") return undefined;
  const typed = asRecord(Reflect.apply(toRheaTyped, value, []));
  const typecode = asNumber(asRecord(typed.type).typecode);
  if (typecode === undefined) return undefined;
  const arrayConstructor = asRecord(typed.array_constructor);
  const elementTypecode = asNumber(arrayConstructor.typecode);
  return {
    typecode,
    value: typed.value,
    descriptor: typed.descriptor,
    arrayConstructor:
      elementTypecode === undefined
        ? undefined
        : { typecode: elementTypecode, descriptor: arrayConstructor.descriptor },
  };
}

/** Rebuilds a `Typed`; undefined when rhea knows no type of that code. */
export function makeTyped(parts: TypedParts): unknown {
  const byCode = asRecord(asRecord(amqpTypes).by_code);
  const create: unknown = asRecord(byCode[String(parts.typecode)]).create;
  if (typeof create !== "function") return undefined;
  const typed = asRecord(Reflect.apply(create, undefined, [parts.value]));
  typed.value = parts.value;
  if (parts.descriptor !== undefined) typed.descriptor = parts.descriptor;
  if (parts.arrayConstructor) {
    const { typecode, descriptor } = parts.arrayConstructor;
    typed.array_constructor = descriptor === undefined ? { typecode } : { typecode, descriptor };
  }
  return typed;
}
