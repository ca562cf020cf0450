/**
 * A small seeded generator of malformed input (no new packages): awkward strings and lengths, values of every JSON
 * type, and mutations of valid bodies — members removed, renamed, replaced or mutated in turn. Deterministic per
 * seed, so a failing case can be replayed.
 */
/** mulberry32: a tiny deterministic PRNG, so every run sees the same cases. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const integer = (maximum: number) => Math.floor(next() * maximum);
  const pick = <T>(items: readonly T[]): T => items[integer(items.length)] as T;
  return { next, integer, pick };
}
export type Random = ReturnType<typeof randomSource>;

const awkwardStrings = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "😀".repeat(3),
  "0",
  "-1",
  "1e309",
  "NaN",
  "true",
  "null",
  "00000000-0000-0000-0000-000000000000",
  "urn:altinn:person:identifier-no:",
  "urn:altinn:person:idporten-email:@",
  "0192:",
  "<h1>x</h1>",
  "__proto__",
  "constructor",
  "2030-02-30T00:00:00Z",
  "9999-12-31T23:59:59.9999999+14:00",
];

export function randomString(random: Random): string {
  switch (random.integer(4)) {
    case 0:
      return random.pick(awkwardStrings);
    case 1:
      return "x".repeat(random.pick([1, 50, 51, 255, 256, 300, 301, 4096, 4097, 30_001]));
    case 2:
      return String.fromCharCode(...Array.from({ length: random.integer(20) }, () => random.integer(0xffff)));
    default:
      return random.pick(["Recipient", "published", "7", "3", "Email", "DialogportenTransmissionType"]);
  }
}

export function randomValue(random: Random, depth = 0): unknown {
  switch (random.integer(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick([0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0]);
    case 3:
    case 4:
    case 5:
      return randomString(random);
    case 6: {
      // Long arrays (past the 10/500 limits) only of scalars, so the generated values stay small.
      const length = random.pick(depth === 0 ? [0, 1, 2, 11, 501] : [0, 1, 2]);
      return Array.from({ length }, () => (length > 2 ? randomString(random) : randomValue(random, depth + 1)));
    }
    default: {
      const entries = Array.from({ length: random.integer(4) }, () => [randomString(random), randomValue(random, depth + 1)]);
      return Object.fromEntries(entries);
    }
  }
}

/** A copy of `value` with one randomly chosen member (at any depth) replaced, removed or renamed. */
export function mutate(random: Random, value: unknown): unknown {
  if (typeof value !== "object" || value === null) return randomValue(random);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0 || random.next() < 0.15) return randomValue(random);
  const key = random.pick(keys);
  const target = copy as Record<string, unknown>;
  const choice = random.integer(5);
  if (choice === 0) delete target[key];
  else if (choice === 1 && !Array.isArray(copy)) {
    const member = target[key];
    delete target[key];
    target[random.pick([key.toUpperCase(), key.toLowerCase(), `${key}X`])] = member;
  } else if (choice === 2) target[key] = randomValue(random);
  else target[key] = mutate(random, target[key]);
  return copy;
}
