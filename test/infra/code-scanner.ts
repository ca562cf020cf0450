/**
 * Finds the Service Bus entities, Cosmos containers and blob containers that the application code names, so the
 * infra tests can check that infra/*.json declares them. It reads TypeScript as text:
 *
 * - `const queueNames = { key: "name", ... }` (also topicNames, subscriptionNames, containerNames,
 *   blobContainerNames): every value is a name the code uses;
 * - `app.serviceBusQueue(..., { queueName })` and `app.serviceBusTopic(..., { topicName, subscriptionName })`;
 * - `createSender("name")`, `createReceiver("name")` / `createReceiver("topic", "subscription")`;
 * - `.container("name")` (Cosmos) and `getContainerClient("name")` (Blob).
 *
 * An argument is understood when it is a string literal or `<map>.<key>` of one of the maps above. Anything else
 * (a variable passed through an adapter) is not a name the scanner can know and is skipped; a `<map>.<key>` whose
 * key the map does not have is reported, because that is a typo the compiler may not catch for `as const` maps read
 * through a string index.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** queueOrTopic: what a sender sends to, which Service Bus lets be either. */
export type NameKind = "queue" | "topic" | "queueOrTopic" | "subscription" | "cosmosContainer" | "blobContainer";

export interface NameUse {
  kind: NameKind;
  name: string;
  /** For a subscription: its topic, when the registration names both. */
  topic?: string;
  file: string;
  line: number;
  via: string;
}

export interface ScanResult {
  uses: NameUse[];
  /** `<map>.<key>` references whose key the map does not define. */
  unresolved: { file: string; line: number; expression: string }[];
}

const mapKinds: Record<string, NameKind> = {
  queueNames: "queue",
  topicNames: "topic",
  subscriptionNames: "subscription",
  containerNames: "cosmosContainer",
  cosmosContainerNames: "cosmosContainer",
  blobContainerNames: "blobContainer",
};

/** Blanks out comments in TypeScript (keeps strings and newlines, so offsets and lines stay). */
export function stripTsComments(source: string): string {
  let out = "";
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (quote) {
      out += c;
      if (c === "\\") {
        out += next ?? "";
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quote = c;
      out += c;
      i++;
      continue;
    }
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") {
        out += " ";
        i++;
      }
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const stringLiteral = /^\s*(["'`])([^"'`$\\]*)\1\s*$/;

/** The balanced text between the parenthesis at `open` and its match. */
function balanced(code: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (quote) {
      if (c === "\\") k++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      depth--;
      if (depth === 0) return code.slice(open + 1, k);
    }
  }
  return code.slice(open + 1);
}

/** Splits a call's argument text at top-level commas. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      if (c === "\\") k++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, k));
      start = k + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

/** Value of property `key` in an object-literal text (`key: value` or shorthand is not resolved). */
function propertyExpression(objectText: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[{,\\s])${key}\\s*:\\s*`).exec(objectText);
  if (!match) return undefined;
  const from = match.index + match[0].length;
  const rest = objectText.slice(from);
  const value = splitArguments(rest)[0];
  return value?.replace(/\s*[}]\s*$/, "").trim();
}

function lineOf(code: string, index: number): number {
  return code.slice(0, index).split("\n").length;
}

/** Lists the .ts files under the given directories (skipping node_modules, dist and .d.ts files). */
export function typeScriptFiles(roots: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === "node_modules" || entry === "dist") continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const root of roots) walk(root);
  return files.sort();
}

/** Scans TypeScript sources (path → text) for the entity names the code uses. */
export function scanSources(sources: Record<string, string>): ScanResult {
  const result: ScanResult = { uses: [], unresolved: [] };
  const codes = Object.fromEntries(Object.entries(sources).map(([file, text]) => [file, stripTsComments(text)]));

  // 1. Name maps, from every file (a map in shared/ is used from functions/).
  const maps: Record<string, Record<string, string>> = {};
  for (const [file, code] of Object.entries(codes)) {
    const pattern = new RegExp(`\\b(${Object.keys(mapKinds).join("|")})\\b\\s*(?::[^=]*)?=\\s*(?:Object\\.freeze\\(\\s*)?\\{`, "g");
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(code))) {
      const mapName = match[1];
      const body = balanced(code, match.index + match[0].length - 1);
      const entries = (maps[mapName] ??= {});
      for (const part of splitArguments(body)) {
        const entry = /^(?:["']?)([A-Za-z_$][\w$-]*)(?:["']?)\s*:\s*(["'`])([^"'`$\\]*)\2$/.exec(part);
        if (!entry) continue;
        entries[entry[1]] = entry[3];
        result.uses.push({
          kind: mapKinds[mapName],
          name: entry[3],
          file,
          line: lineOf(code, match.index),
          via: `${mapName}.${entry[1]}`,
        });
      }
    }
  }

  const resolve = (expression: string | undefined, file: string, line: number): string | undefined => {
    if (expression === undefined) return undefined;
    const literal = stringLiteral.exec(expression);
    if (literal) return literal[2];
    const member = /^([A-Za-z_$][\w$]*)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])$/.exec(expression.trim());
    if (member && member[1] in mapKinds) {
      const key = member[2] ?? member[3];
      const value = maps[member[1]]?.[key];
      if (value === undefined) result.unresolved.push({ file, line, expression: expression.trim() });
      return value;
    }
    return undefined; // a variable or a computed name: not knowable from the text
  };

  const add = (kind: NameKind, name: string | undefined, file: string, line: number, via: string, topic?: string) => {
    if (name !== undefined) result.uses.push({ kind, name, file, line, via, ...(topic ? { topic } : {}) });
  };

  for (const [file, code] of Object.entries(codes)) {
    // 2. Trigger registrations.
    const registration = /\bapp\s*\.\s*(serviceBusQueue|serviceBusTopic)\s*\(/g;
    let match: RegExpExecArray | null;
    while ((match = registration.exec(code))) {
      const line = lineOf(code, match.index);
      const args = balanced(code, match.index + match[0].length - 1);
      const options = splitArguments(args).find((arg) => arg.startsWith("{")) ?? "";
      if (match[1] === "serviceBusQueue") {
        add("queue", resolve(propertyExpression(options, "queueName"), file, line), file, line, "app.serviceBusQueue");
      } else {
        const topic = resolve(propertyExpression(options, "topicName"), file, line);
        add("topic", topic, file, line, "app.serviceBusTopic");
        const subscription = resolve(propertyExpression(options, "subscriptionName"), file, line);
        add("subscription", subscription, file, line, "app.serviceBusTopic", topic);
      }
    }

    // 3. Senders and receivers.
    const client = /\b(createSender|createReceiver)\s*\(/g;
    while ((match = client.exec(code))) {
      const line = lineOf(code, match.index);
      const args = splitArguments(balanced(code, match.index + match[0].length - 1));
      const first = resolve(args[0], file, line);
      const second = args[1] && !args[1].startsWith("{") ? resolve(args[1], file, line) : undefined;
      if (match[1] === "createReceiver" && second !== undefined) {
        add("topic", first, file, line, "createReceiver");
        add("subscription", second, file, line, "createReceiver", first);
      } else {
        // A sender's (or a queue receiver's) entity is a queue, or for a sender a topic.
        add(match[1] === "createSender" ? "queueOrTopic" : "queue", first, file, line, match[1]);
      }
    }

    // 4. Cosmos and Blob containers.
    const cosmosContainer = /\.\s*container\s*\(/g;
    while ((match = cosmosContainer.exec(code))) {
      const line = lineOf(code, match.index);
      const args = splitArguments(balanced(code, match.index + match[0].length - 1));
      add("cosmosContainer", resolve(args[0], file, line), file, line, ".container()");
    }
    const blobContainer = /\bgetContainerClient\s*\(/g;
    while ((match = blobContainer.exec(code))) {
      const line = lineOf(code, match.index);
      const args = splitArguments(balanced(code, match.index + match[0].length - 1));
      add("blobContainer", resolve(args[0], file, line), file, line, "getContainerClient()");
    }
  }
  return result;
}

/** Reads and scans every .ts file under the given directories; file names in the result are relative to base. */
export function scanDirectories(base: string, roots: string[]): ScanResult {
  const sources: Record<string, string> = {};
  for (const file of typeScriptFiles(roots.map((root) => join(base, root)))) {
    sources[relative(base, file)] = readFileSync(file, "utf8");
  }
  return scanSources(sources);
}
