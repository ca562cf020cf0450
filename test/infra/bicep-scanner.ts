/**
 * A small, honest scanner for Bicep and .bicepparam text: no compiler is available on our machines, so the infra
 * tests read the files as text. It knows just enough of the language to be trusted for what the tests ask:
 *
 * - strings ('...' with \' escapes and ${...} interpolation, '''...''' verbatim) and comments (// and /* *\/) are
 *   told apart from code, so a keyword inside a string or a comment never counts;
 * - top-level statements (param, var, resource, module, output, using, decorators, ...) are split at depth 0, with
 *   a statement continuing over lines while brackets are open or the next line starts with an operator;
 * - property values (`key: value`) and object keys can be read out of a statement's body.
 *
 * It is not a parser: it does not type-check, resolve expressions or evaluate anything.
 */

export type CharKind = "code" | "string" | "comment";

export interface Lexed {
  text: string;
  /** Kind of every character of text. */
  kinds: CharKind[];
  /** text with comments blanked out (newlines kept), so offsets stay the same. */
  code: string;
}

/** Classifies every character as code, string or comment. */
export function lex(text: string): Lexed {
  const kinds: CharKind[] = new Array<CharKind>(text.length).fill("code");
  let i = 0;
  const mark = (from: number, to: number, kind: CharKind) => {
    for (let k = from; k < to && k < text.length; k++) kinds[k] = kind;
  };
  // Brace depth inside each open ${...} interpolation, to find the `}` that closes it.
  const interpDepth: number[] = [];

  // At an opening quote (not a verbatim triple quote): reads to the closing quote; ${...} holds code again.
  const readString = (): void => {
    let segmentStart = i;
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (c === "'") {
        i++;
        mark(segmentStart, i, "string");
        return;
      }
      if (c === "$" && text[i + 1] === "{") {
        mark(segmentStart, i + 2, "string");
        i += 2;
        interpDepth.push(0);
        readCode(true);
        interpDepth.pop();
        if (text[i] === "}") {
          kinds[i] = "string";
          i++;
        }
        segmentStart = i;
        continue;
      }
      i++;
    }
    mark(segmentStart, i, "string");
  };

  const readCode = (inInterpolation: boolean): void => {
    while (i < text.length) {
      const c = text[i];
      const next = text[i + 1];
      if (c === "/" && next === "/") {
        const end = text.indexOf("\n", i);
        const stop = end === -1 ? text.length : end;
        mark(i, stop, "comment");
        i = stop;
        continue;
      }
      if (c === "/" && next === "*") {
        const end = text.indexOf("*/", i + 2);
        const stop = end === -1 ? text.length : end + 2;
        mark(i, stop, "comment");
        i = stop;
        continue;
      }
      if (c === "'" && text.startsWith("'''", i)) {
        const end = text.indexOf("'''", i + 3);
        const stop = end === -1 ? text.length : end + 3;
        mark(i, stop, "string");
        i = stop;
        continue;
      }
      if (c === "'") {
        readString();
        continue;
      }
      if (inInterpolation) {
        const depth = interpDepth.length - 1;
        if (c === "{") interpDepth[depth]++;
        if (c === "}") {
          if (interpDepth[depth] === 0) return;
          interpDepth[depth]--;
        }
      }
      i++;
    }
  };

  readCode(false);
  let code = "";
  for (let k = 0; k < text.length; k++) {
    code += kinds[k] === "comment" && text[k] !== "\n" ? " " : text[k];
  }
  return { text, kinds, code };
}

export interface Statement {
  /** Statement text, comments blanked. */
  text: string;
  /** Offset of the statement in the file. */
  offset: number;
  /** 1-based line of the statement. */
  line: number;
  /** Kind of every character of text. */
  kinds: CharKind[];
}

const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);

/** Splits a file into its top-level statements. */
export function statements(source: string): Statement[] {
  const lexed = lex(source);
  const { code, kinds } = lexed;
  const result: Statement[] = [];
  let depth = 0;
  let start = -1;
  const flush = (end: number) => {
    if (start === -1) return;
    const text = code.slice(start, end);
    if (text.trim() !== "") {
      const leading = text.length - text.trimStart().length;
      const offset = start + leading;
      result.push({
        text: text.trim(),
        offset,
        line: code.slice(0, offset).split("\n").length,
        kinds: kinds.slice(offset, offset + text.trim().length),
      });
    }
    start = -1;
  };
  for (let k = 0; k < code.length; k++) {
    const c = code[k];
    const kind = kinds[k];
    if (start === -1 && /\s/.test(c)) continue;
    if (start === -1) start = k;
    if (kind !== "code") continue;
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
    else if (c === "\n" && depth === 0) {
      // A statement goes on when the next non-blank line continues an expression.
      const rest = code.slice(k + 1);
      const nextLine = rest.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
      const current = code.slice(start, k).trimEnd();
      // (A trailing '?' only continues an expression after '=': `param p string?` is a nullable type.)
      const continues =
        /^(\?|:|&&|\|\||\?\?|\.|\+|-(?!-)|\*|\/(?!\/)|==|!=|<|>)/.test(nextLine) ||
        /=$/.test(current) ||
        (current.includes("=") && /(\?|:|&&|\|\||\?\?|,|\(|\[|\{)$/.test(current));
      if (!continues || current.startsWith("@")) flush(k);
    }
  }
  flush(code.length);
  return result;
}

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  defaultExpression?: string;
  decorators: string[];
  line: number;
}
export interface BicepVar {
  name: string;
  expression: string;
  line: number;
}
export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  body: string;
  line: number;
}
export interface BicepModule {
  symbol: string;
  path: string;
  body: string;
  line: number;
}
export interface BicepOutput {
  name: string;
  type: string;
  expression: string;
  decorators: string[];
  line: number;
}
export interface BicepParamAssignment {
  name: string;
  expression: string;
  line: number;
}

export interface BicepFile {
  params: BicepParam[];
  vars: BicepVar[];
  resources: BicepResource[];
  modules: BicepModule[];
  outputs: BicepOutput[];
  /** `param x = ...` lines of a .bicepparam file. */
  paramAssignments: BicepParamAssignment[];
  /** Target of `using '...'` in a .bicepparam file. */
  using?: string;
  /** Literal paths given to loadJsonContent / loadTextContent / loadYamlContent. */
  loadedFiles: string[];
  statements: Statement[];
}

/** The content of the first single-quoted literal in text (without interpolation), or undefined. */
function firstLiteral(text: string): string | undefined {
  return /'((?:[^'\\$]|\\.|\$(?!\{))*)'/.exec(text)?.[1];
}

/** Scans a .bicep or .bicepparam file. */
export function scanBicep(source: string): BicepFile {
  const file: BicepFile = {
    params: [],
    vars: [],
    resources: [],
    modules: [],
    outputs: [],
    paramAssignments: [],
    loadedFiles: [],
    statements: statements(source),
  };
  let decorators: string[] = [];
  for (const statement of file.statements) {
    const text = statement.text;
    if (text.startsWith("@")) {
      decorators.push(text);
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = /^param\s+([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(text))) {
      file.paramAssignments.push({ name: match[1], expression: match[2].trim(), line: statement.line });
    } else if ((match = /^param\s+([A-Za-z_]\w*)\s+([\s\S]+?)(?:\s*=\s*([\s\S]*))?$/.exec(text))) {
      file.params.push({
        name: match[1],
        type: match[2].trim(),
        hasDefault: match[3] !== undefined || match[2].trim().endsWith("?"),
        defaultExpression: match[3]?.trim(),
        decorators,
        line: statement.line,
      });
    } else if ((match = /^var\s+([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(text))) {
      file.vars.push({ name: match[1], expression: match[2].trim(), line: statement.line });
    } else if ((match = /^resource\s+([A-Za-z_]\w*)\s+'([^'@]+)@([^']+)'\s*(existing)?\s*=\s*([\s\S]*)$/.exec(text))) {
      file.resources.push({
        symbol: match[1],
        type: match[2],
        apiVersion: match[3],
        existing: match[4] === "existing",
        body: match[5],
        line: statement.line,
      });
    } else if ((match = /^module\s+([A-Za-z_]\w*)\s+'([^']+)'\s*=\s*([\s\S]*)$/.exec(text))) {
      file.modules.push({ symbol: match[1], path: match[2], body: match[3], line: statement.line });
    } else if ((match = /^output\s+([A-Za-z_]\w*)\s+(\S+)\s*=\s*([\s\S]*)$/.exec(text))) {
      file.outputs.push({ name: match[1], type: match[2], expression: match[3].trim(), decorators, line: statement.line });
    } else if ((match = /^using\s+([\s\S]*)$/.exec(text))) {
      file.using = firstLiteral(match[1]);
    }
    decorators = [];
  }
  const lexed = lex(source);
  const loadPattern = /\bload(?:Json|Text|Yaml)Content\s*\(\s*'([^']+)'/g;
  let load: RegExpExecArray | null;
  while ((load = loadPattern.exec(lexed.code))) {
    if (lexed.kinds[load.index] === "code") file.loadedFiles.push(load[1]);
  }
  return file;
}

/** Index of the bracket that closes the one at `open` in code (kinds tells strings apart), or -1. */
export function matchingBracket(code: string, kinds: CharKind[], open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (kinds[k] !== "code") continue;
    if (OPEN.has(code[k])) depth++;
    else if (CLOSE.has(code[k])) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** The value expression that follows position `from` up to the end of its line at the same depth. */
function valueAt(code: string, kinds: CharKind[], from: number): string {
  let depth = 0;
  let k = from;
  for (; k < code.length; k++) {
    if (kinds[k] !== "code") continue;
    const c = code[k];
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) {
      if (depth === 0) break;
      depth--;
    } else if ((c === "\n" || c === ",") && depth === 0) {
      const nextLine = code.slice(k + 1).split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
      if (c === "\n" && /^(\?|:|&&|\|\||\?\?)/.test(nextLine)) continue;
      if (c === "\n" && /(\?|:|&&|\|\||\?\?)$/.test(code.slice(from, k).trimEnd())) continue;
      break;
    }
  }
  return code.slice(from, k).trim();
}

/**
 * Every value given to property `key` anywhere in `body` (at any depth), read as text. Only real properties count:
 * the key must be code (not inside a string or a comment) and be followed by a colon.
 */
export function propertyValues(body: string, key: string): string[] {
  const { code, kinds } = lex(body);
  const values: string[] = [];
  const pattern = new RegExp(`(^|[\\s{,])(${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|'${key}')\\s*:`, "g");
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(code))) {
    const keyStart = match.index + match[1].length;
    if (kinds[keyStart] !== "code" && !code.startsWith(`'${key}'`, keyStart)) continue;
    // Not a ternary's ':' — a property key sits at the start of its line or after '{' or ','.
    const prefix = code.slice(0, keyStart).replace(/[ \t]+$/, "");
    if (prefix !== "" && !/[\n{,]$/.test(prefix)) continue;
    values.push(valueAt(code, kinds, match.index + match[0].length));
  }
  return values;
}

/** Keys of the object literal that starts at the first `{` of objectText (its own keys, not nested ones). */
export function objectKeys(objectText: string): string[] {
  const { code, kinds } = lex(objectText);
  const open = code.indexOf("{");
  if (open === -1) return [];
  const close = matchingBracket(code, kinds, open);
  const end = close === -1 ? code.length : close;
  // A key starts right after the opening brace, or after a newline or comma at the object's own depth.
  const starts = [open + 1];
  let depth = 0;
  for (let k = open + 1; k < end; k++) {
    if (kinds[k] !== "code") continue;
    const c = code[k];
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (depth === 0 && (c === "\n" || c === ",")) starts.push(k + 1);
  }
  // Blank and comment-only lines give several starts for one key: keep each key position once.
  const found = new Map<number, string>();
  for (const start of starts) {
    const match = /^\s*([A-Za-z_]\w*|'[^']*')\s*:/.exec(code.slice(start, end));
    if (match) found.set(start + match[0].indexOf(match[1]), match[1].replace(/^'|'$/g, ""));
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, key]) => key);
}

/** The text of the object given to property `key` (e.g. a module's `params`), or undefined. */
export function objectProperty(body: string, key: string): string | undefined {
  const value = propertyValues(body, key)[0];
  return value?.startsWith("{") ? value : undefined;
}

/** Identifiers (symbol names) used as code in an expression. */
export function identifiersIn(expression: string): Set<string> {
  const { code, kinds } = lex(expression);
  const found = new Set<string>();
  const pattern = /[A-Za-z_]\w*/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(code))) {
    if (kinds[match.index] !== "code") continue;
    const before = code[match.index - 1];
    if (before === "." || before === "?") continue; // property access, not a symbol
    found.add(match[0]);
  }
  return found;
}

/** Whether `expression` uses `symbol`, directly or through the vars of `file` (transitively). */
export function dependsOnSymbol(file: BicepFile, expression: string, symbol: string, seen = new Set<string>()): boolean {
  const used = identifiersIn(expression);
  if (used.has(symbol)) return true;
  for (const name of used) {
    if (seen.has(name)) continue;
    seen.add(name);
    const variable = file.vars.find((candidate) => candidate.name === name);
    if (variable && dependsOnSymbol(file, variable.expression, symbol, seen)) return true;
  }
  return false;
}

/** Values listed by an `@allowed([...])` decorator, as strings. */
export function allowedValues(param: BicepParam): string[] | undefined {
  const decorator = param.decorators.find((text) => text.startsWith("@allowed"));
  if (!decorator) return undefined;
  const values: string[] = [];
  const pattern = /'([^']*)'|(-?\d+)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(decorator.slice("@allowed".length)))) values.push(match[1] ?? match[2]);
  return values;
}

/** `br/public:avm/...:<semver>` — the form of a pinned Azure Verified Module reference. */
export const pinnedAvmReference = /^br\/public:avm\/(res|ptn|utl)\/[a-z0-9-]+(\/[a-z0-9-]+)+:\d+\.\d+\.\d+$/;
