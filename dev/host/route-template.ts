/**
 * ASP.NET Core route templates as the Functions host matches HTTP trigger routes:
 * `{id}`, `{id?}` (optional), `{id=5}` (default), `{*rest}`/`{**rest}` (catch-all), inline constraints
 * `{id:int}`/`{x:regex(^a+$)}` (chainable), complex segments `{name}.{ext}`, `{{`/`}}` for literal braces.
 * Literal segments compare case-insensitively; a trailing slash in the path is ignored; segments are
 * percent-decoded except `%2F`, as ASP.NET does.
 */
import { parseTemplate, type RouteParameter, type Segment, type SegmentPart } from "./route-template-parser.js";

export interface CompiledRoute {
  template: string;
  /** ASP.NET inbound precedence, one digit per segment: lower digits are tried first. */
  precedence: number[];
  /** Optional parameters without a default: absent from the route values when the path leaves them out. */
  optionalParameters: string[];
  /** Route values for a request path (without query), or undefined when the route does not match. */
  match(path: string): Record<string, string> | undefined;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = parseTemplate(template);
  const segmentMatchers = segments.map(compileComplexSegment);
  return {
    template,
    precedence: segments.map(precedenceDigit),
    optionalParameters: segments.flatMap((parts) =>
      parts.flatMap((part) =>
        part.kind === "parameter" && part.parameter.optional && part.parameter.defaultValue === undefined
          ? [part.parameter.name]
          : [],
      ),
    ),
    match: (path) => matchSegments(segments, segmentMatchers, splitPath(path)),
  };
}

/** Orders routes as the host tries them: by precedence, registration order breaking ties. */
export function compareRoutePrecedence(left: CompiledRoute, right: CompiledRoute): number {
  const length = Math.max(left.precedence.length, right.precedence.length);
  for (let index = 0; index < length; index++) {
    const difference = (left.precedence[index] ?? 0) - (right.precedence[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, "").replace(/\/$/, "");
  return trimmed === "" ? [] : trimmed.split("/").map(decodeSegment);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/%2f/gi, "%252F"));
  } catch {
    return segment;
  }
}

function matchSegments(
  segments: Segment[],
  complexMatchers: Array<RegExp | undefined>,
  pathSegments: string[],
): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const parts = segments[index] as Segment;
    const first = parts[0] as SegmentPart;
    if (parts.length === 1 && first.kind === "parameter" && first.parameter.catchAll) {
      const rest = pathSegments.slice(index).join("/");
      return assign(values, first.parameter, rest === "" ? undefined : rest) ? values : undefined;
    }
    const pathSegment = pathSegments[index];
    if (pathSegment === undefined) {
      // Path ran out: the remaining segments must all be optional or have defaults.
      if (parts.length !== 1 || first.kind !== "parameter") return undefined;
      if (!first.parameter.optional && first.parameter.defaultValue === undefined) return undefined;
      if (!assign(values, first.parameter, undefined)) return undefined;
      continue;
    }
    if (parts.length === 1 && first.kind === "literal") {
      if (first.text.toLowerCase() !== pathSegment.toLowerCase()) return undefined;
    } else if (parts.length === 1 && first.kind === "parameter") {
      if (!assign(values, first.parameter, pathSegment)) return undefined;
    } else if (!matchComplexSegment(parts, complexMatchers[index] as RegExp, pathSegment, values)) {
      return undefined;
    }
  }
  return pathSegments.length > segments.length ? undefined : values;
}

function assign(values: Record<string, string>, parameter: RouteParameter, value: string | undefined): boolean {
  const effective = value ?? parameter.defaultValue;
  if (effective === undefined) return parameter.optional || parameter.catchAll;
  if (value !== undefined && !parameter.constraints.every((constraint) => constraint(value))) return false;
  values[parameter.name] = effective;
  return true;
}

function matchComplexSegment(parts: Segment, matcher: RegExp, pathSegment: string, values: Record<string, string>): boolean {
  const match = matcher.exec(pathSegment);
  if (!match) return false;
  let group = 1;
  for (const part of parts) {
    if (part.kind !== "parameter") continue;
    if (!assign(values, part.parameter, match[group++])) return false;
  }
  return true;
}

/**
 * Greedy groups give ASP.NET's right-to-left result: `{name}.{ext}` on "a.b.c" is name "a.b", ext "c".
 * In "{file}.{ext?}" the literal before a trailing optional parameter is optional with it, and that last
 * parameter cannot contain the literal (so "a.b.c" still gives file "a.b", ext "c").
 */
function compileComplexSegment(parts: Segment): RegExp | undefined {
  if (parts.length === 1) return undefined;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const last = parts.at(-1) as SegmentPart;
  const beforeLast = parts.at(-2) as SegmentPart;
  const optionalTail = last.kind === "parameter" && last.parameter.optional && beforeLast.kind === "literal";
  const body = optionalTail ? parts.slice(0, -2) : parts;
  let source = body.map((part) => (part.kind === "literal" ? escape(part.text) : "(.+)")).join("");
  if (optionalTail) {
    const separator = escape(beforeLast.text);
    source = source.replace(/\(\.\+\)$/, "(.+?)") + `(?:${separator}((?:(?!${separator}).)+))?`;
  }
  return new RegExp(`^${source}$`, "i");
}

function precedenceDigit(parts: Segment): number {
  if (parts.length > 1) return 2;
  const part = parts[0] as SegmentPart;
  if (part.kind === "literal") return 1;
  const digit = part.parameter.catchAll ? 5 : 3;
  return part.parameter.constraints.length > 0 ? digit - 1 : digit;
}
