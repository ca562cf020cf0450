/**
 * ASP.NET Core inline route constraints (`{id:int}`, `{x:regex(...)}`), which the Functions host applies to
 * HTTP trigger routes. Semantics follow the .NET ones with the invariant culture: `regex` is case-insensitive and not
 * anchored (write ^...$ yourself, as in ASP.NET), `alpha` is ASCII letters only, `int`/`long` check the range.
 */
export type RouteConstraint = (value: string) => boolean;

const int32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function parseInteger(value: string): bigint | undefined {
  const trimmed = value.trim();
  return /^[+-]?\d+$/.test(trimmed) ? BigInt(trimmed) : undefined;
}

function integerIn(range: { min: bigint; max: bigint }): RouteConstraint {
  return (value) => {
    const parsed = parseInteger(value);
    return parsed !== undefined && parsed >= range.min && parsed <= range.max;
  };
}

function parseNumber(value: string): number | undefined {
  const trimmed = value.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Guid.TryParse formats D, N, B, P. */
const guidPattern =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\))$/i;

function numericArguments(name: string, args: string | undefined, count: number[]): bigint[] {
  const parts = (args ?? "").split(",").map((part) => parseInteger(part));
  if (!count.includes(parts.length) || parts.some((part) => part === undefined)) {
    throw new Error(`Route constraint "${name}" needs ${count.join(" or ")} integer argument(s), got "${args ?? ""}".`);
  }
  return parts as bigint[];
}

function lengthBetween(min: bigint, max: bigint): RouteConstraint {
  return (value) => BigInt(value.length) >= min && BigInt(value.length) <= max;
}

function valueBetween(min: bigint, max: bigint): RouteConstraint {
  return (value) => {
    const parsed = parseInteger(value);
    return parsed !== undefined && parsed >= min && parsed <= max;
  };
}

/** Builds one constraint; throws for unknown names (the host fails to index such a function too). */
export function createRouteConstraint(name: string, args: string | undefined): RouteConstraint {
  switch (name.toLowerCase()) {
    case "int":
      return integerIn(int32);
    case "long":
      return integerIn(int64);
    case "bool":
      return (value) => /^(true|false)$/i.test(value.trim());
    case "guid":
      return (value) => guidPattern.test(value.trim());
    case "alpha":
      return (value) => /^[a-z]*$/i.test(value);
    case "decimal":
    case "double":
    case "float":
      return (value) => parseNumber(value) !== undefined;
    case "datetime":
      return (value) => !Number.isNaN(Date.parse(value));
    case "required":
      return (value) => value.length > 0;
    case "file":
      return (value) => /\.[^.]+$/.test(value.slice(value.lastIndexOf("/") + 1));
    case "nonfile":
      return (value) => !/\.[^.]+$/.test(value.slice(value.lastIndexOf("/") + 1));
    case "minlength": {
      const [min] = numericArguments(name, args, [1]) as [bigint];
      return lengthBetween(min, int64.max);
    }
    case "maxlength": {
      const [max] = numericArguments(name, args, [1]) as [bigint];
      return lengthBetween(0n, max);
    }
    case "length": {
      const bounds = numericArguments(name, args, [1, 2]);
      const [min, max = min] = bounds as [bigint, bigint?];
      return lengthBetween(min, max);
    }
    case "min": {
      const [min] = numericArguments(name, args, [1]) as [bigint];
      return valueBetween(min, int64.max);
    }
    case "max": {
      const [max] = numericArguments(name, args, [1]) as [bigint];
      return valueBetween(int64.min, max);
    }
    case "range": {
      const [min, max] = numericArguments(name, args, [2]) as [bigint, bigint];
      return valueBetween(min, max);
    }
    case "regex": {
      if (args === undefined) throw new Error(`Route constraint "regex" needs a pattern.`);
      const pattern = new RegExp(args, "i");
      return (value) => pattern.test(value);
    }
    default:
      throw new Error(`Unknown route constraint "${name}".`);
  }
}
