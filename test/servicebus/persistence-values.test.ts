/**
 * The snapshot's value encoding: every kind of value a stored message holds comes back from the JSON as the same
 * kind, so rhea puts the same bytes on the wire for it — the property that matters for a restored message.
 */
import rhea from "rhea";
import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../../dev/servicebus/snapshot-values.js";

function throughJson(value: unknown): unknown {
  return decodeValue(JSON.parse(JSON.stringify(encodeValue(value))), "value");
}

/** What rhea sends for a message carrying `value` as body, application property and annotation. */
function wire(value: unknown): Buffer {
  return rhea.message.encode({
    body: value,
    application_properties: { value },
    message_annotations: { "x-opt-value": value },
  });
}

const { types } = rhea;

const samples: Record<string, unknown> = {
  string: "text with ünïcode",
  integer: 42,
  negative: -7,
  fraction: 0.25,
  large: 2 ** 40,
  negativeZero: -0,
  notANumber: Number.NaN,
  infinity: Number.POSITIVE_INFINITY,
  boolean: false,
  null: null,
  binary: Buffer.from([0, 1, 2, 254, 255]),
  emptyBinary: Buffer.alloc(0),
  timestamp: new Date(1_700_000_000_123),
  list: [1, "two", [3], { four: 4 }],
  map: { plain: 1, nested: { deeper: [true, null] }, $type: "not a tag", ["__proto__"]: "a key like any other" },
  // rhea's decoder leaves described values it has no class for wrapped; the wrapper carries type and descriptor.
  described: types.described(types.wrap_symbol("com.example:tag"), types.wrap_string("v")),
  describedList: types.described(types.wrap_ulong(0x1234), types.wrap_list([1, "x"])),
  symbol: types.wrap_symbol("a-symbol"),
  uuid: types.wrap_uuid(Buffer.alloc(16, 7)),
  longArray: types.wrap_array([Buffer.alloc(8, 1), Buffer.alloc(8, 2)], 0x81, undefined),
  dataSection: rhea.message.data_section(Buffer.from("payload")),
  dataSections: rhea.message.data_sections([Buffer.from("one"), Buffer.from("two")]),
  sequenceSection: rhea.message.sequence_section([1, "a", new Date(5)]),
};

describe("snapshot values", () => {
  for (const [kind, value] of Object.entries(samples)) {
    it(`round-trips ${kind} to the same bytes on the wire`, () => {
      const restored = throughJson(value);
      expect(wire(restored).equals(wire(value))).toBe(true);
    });
  }

  it("keeps JavaScript kinds that plain JSON would lose", () => {
    expect(Object.is(throughJson(-0), -0)).toBe(true);
    expect(throughJson(Number.NaN)).toBeNaN();
    expect(throughJson(10n ** 20n)).toBe(10n ** 20n);
    expect(throughJson(undefined)).toBeUndefined();
    expect(throughJson(new Date(5))).toEqual(new Date(5));
    expect(Buffer.isBuffer(throughJson(Buffer.from([9])))).toBe(true);
    const map = throughJson({ ["__proto__"]: 1 }) as Record<string, unknown>;
    expect(Object.keys(map)).toEqual(["__proto__"]);
  });

  it("names the place and the problem of a value it cannot decode", () => {
    expect(() => decodeValue({ $type: "mystery" }, "stores.0.body")).toThrow(
      'stores.0.body: unknown value type "mystery"',
    );
    expect(() => decodeValue({ $type: "binary", base64: "not base64!" }, "x")).toThrow("x: binary without base64");
    expect(() => decodeValue({ $type: "typed", typecode: 0x01, value: 1 }, "y")).toThrow(
      "y: AMQP type code 0x1 is unknown",
    );
  });
});
