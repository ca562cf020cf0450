/**
 * Parses ASP.NET Core route templates into segments of literal and parameter parts:
 * `[*|**]name[:constraint[(args)]]...[?|=default]` inside braces, `{{`/`}}` for literal braces.
 */
import { createRouteConstraint, type RouteConstraint } from "./route-constraints.js";

export interface RouteParameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: RouteConstraint[];
}

export type SegmentPart = { kind: "literal"; text: string } | { kind: "parameter"; parameter: RouteParameter };
export type Segment = SegmentPart[];

export function parseTemplate(template: string): Segment[] {
  const trimmed = template.replace(/^~?\/+/, "").replace(/\/+$/, "");
  if (trimmed === "") return [];
  const segments: Segment[] = [];
  let parts: Segment = [];
  let literal = "";
  const flushLiteral = () => {
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
  };
  for (let index = 0; index < trimmed.length; index++) {
    const char = trimmed.charAt(index);
    const next = trimmed.charAt(index + 1);
    if ((char === "{" && next === "{") || (char === "}" && next === "}")) {
      literal += char;
      index++;
    } else if (char === "{") {
      const end = findParameterEnd(trimmed, index + 1, template);
      const text = trimmed.slice(index + 1, end).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
      flushLiteral();
      if (parts.at(-1)?.kind === "parameter") throw new Error(`Route "${template}": two parameters need a literal between them.`);
      parts.push({ kind: "parameter", parameter: parseParameter(text, template) });
      index = end;
    } else if (char === "}") {
      throw new Error(`Route "${template}": unmatched "}".`);
    } else if (char === "/") {
      flushLiteral();
      if (parts.length === 0) throw new Error(`Route "${template}": empty segment.`);
      segments.push(parts);
      parts = [];
    } else literal += char;
  }
  flushLiteral();
  segments.push(parts);
  validateSegments(segments, template);
  return segments;
}

function findParameterEnd(template: string, start: number, original: string): number {
  for (let index = start; index < template.length; index++) {
    const char = template.charAt(index);
    if ((char === "{" || char === "}") && template.charAt(index + 1) === char) index++;
    else if (char === "}") return index;
    else if (char === "{") break;
  }
  throw new Error(`Route "${original}": unterminated parameter.`);
}

/** `[*|**]name[:constraint[(args)]]...[?|=default]` */
function parseParameter(text: string, template: string): RouteParameter {
  const catchAll = text.startsWith("*");
  let rest = text.replace(/^\*{1,2}/, "");
  const name = /^[^:=?]+/.exec(rest)?.[0] ?? "";
  if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new Error(`Route "${template}": bad parameter name in "{${text}}".`);
  rest = rest.slice(name.length);
  const constraints: RouteConstraint[] = [];
  let optional = false;
  let defaultValue: string | undefined;
  while (rest.startsWith(":")) {
    const constraintName = /^:([^:(=?]+)/.exec(rest)?.[1];
    if (!constraintName) throw new Error(`Route "${template}": empty constraint in "{${text}}".`);
    rest = rest.slice(1 + constraintName.length);
    let args: string | undefined;
    if (rest.startsWith("(")) {
      const close = findArgumentsEnd(rest);
      if (close < 0) throw new Error(`Route "${template}": unterminated constraint arguments in "{${text}}".`);
      args = rest.slice(1, close);
      rest = rest.slice(close + 1);
    }
    constraints.push(createRouteConstraint(constraintName, args));
  }
  if (rest === "?") optional = true;
  else if (rest.startsWith("=")) defaultValue = rest.slice(1);
  else if (rest !== "") throw new Error(`Route "${template}": cannot parse "{${text}}".`);
  if (catchAll && optional) throw new Error(`Route "${template}": a catch-all parameter cannot be marked optional.`);
  return { name, optional, catchAll, defaultValue, constraints };
}

/** As ASP.NET: the first ")" that is followed by the end, another constraint, "?" or "=" closes the arguments. */
function findArgumentsEnd(rest: string): number {
  for (let index = 1; index < rest.length; index++) {
    if (rest.charAt(index) === ")" && /^(?:$|[:=?])/.test(rest.slice(index + 1))) return index;
  }
  return -1;
}

function validateSegments(segments: Segment[], template: string): void {
  const names = new Set<string>();
  segments.forEach((parts, segmentIndex) => {
    parts.forEach((part, partIndex) => {
      if (part.kind !== "parameter") return;
      const key = part.parameter.name.toLowerCase();
      if (names.has(key)) throw new Error(`Route "${template}": parameter "${part.parameter.name}" appears twice.`);
      names.add(key);
      if (part.parameter.catchAll && (segmentIndex !== segments.length - 1 || parts.length > 1)) {
        throw new Error(`Route "${template}": a catch-all parameter must be the whole last segment.`);
      }
      if (part.parameter.optional && parts.length > 1 && partIndex !== parts.length - 1) {
        throw new Error(`Route "${template}": an optional parameter must be at the end of its segment.`);
      }
    });
  });
}
