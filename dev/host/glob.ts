/**
 * Enough of glob for package.json `main` ("dist/functions/*.js", "dist/**\/*.js", "src/{a,b}.js"): the Node worker
 * accepts a glob there, and fs.glob only arrived in Node 22. Supports `*`, `?`, `**`, `[...]` and `{a,b}`;
 * dot-files only match a pattern that starts with a dot, as in the glob package.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";

export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const matches = new Set<string>();
  for (const alternative of expandBraces(pattern.replace(/\\/g, "/"))) {
    const absolute = path.posix.isAbsolute(alternative);
    const segments = alternative.split("/").filter((segment, index) => segment !== "" && !(segment === "." && index === 0));
    for (const match of await walk(absolute ? "/" : cwd, segments)) matches.add(match);
  }
  return [...matches].sort();
}

async function walk(directory: string, segments: string[]): Promise<string[]> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [directory];
  if (segment === "**") {
    // `**` matches zero or more directories.
    const here = await walk(directory, rest);
    const below: string[] = [];
    for (const entry of await listDirectory(directory)) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") {
        below.push(...(await walk(path.join(directory, entry.name), segments)));
      }
    }
    return [...here, ...below];
  }
  if (!/[*?[]/.test(segment)) {
    const next = path.join(directory, segment);
    if (rest.length === 0) {
      const entries = await listDirectory(directory);
      return entries.some((entry) => entry.name === segment && !entry.isDirectory()) ? [next] : [];
    }
    return walk(next, rest);
  }
  const matcher = segmentMatcher(segment);
  const results: string[] = [];
  for (const entry of await listDirectory(directory)) {
    if (!matcher.test(entry.name) || (entry.name.startsWith(".") && !segment.startsWith("."))) continue;
    if (rest.length === 0 ? entry.isFile() : entry.isDirectory()) {
      results.push(...(await walk(path.join(directory, entry.name), rest)));
    }
  }
  return results;
}

async function listDirectory(directory: string) {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

function segmentMatcher(segment: string): RegExp {
  let source = "";
  for (let index = 0; index < segment.length; index++) {
    const char = segment.charAt(index);
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = segment.indexOf("]", index + 1);
      if (end < 0) source += "\\[";
      else {
        const body = segment.slice(index + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        source += `[${body}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** "src/{a,b}/*.js" → ["src/a/*.js", "src/b/*.js"]; nested braces work. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf("{");
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let index = open; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === "{") depth++;
    else if (char === "}" && --depth === 0) {
      const bounds = [open, ...commas, index];
      const options = bounds.slice(0, -1).map((start, i) => pattern.slice(start + 1, bounds[i + 1]));
      const suffixes = expandBraces(pattern.slice(index + 1));
      return options.flatMap((option) =>
        expandBraces(pattern.slice(0, open) + option).flatMap((prefix) => suffixes.map((suffix) => prefix + suffix)),
      );
    } else if (char === "," && depth === 1) commas.push(index);
  }
  return [pattern];
}
