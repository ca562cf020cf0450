/** Reading the repository's infra files for the static infra tests. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFile } from "./checks.js";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

export function readRepositoryFile(path: string): SourceFile {
  return { path, text: readFileSync(join(repositoryRoot, path), "utf8") };
}

export function repositoryFileExists(path: string): boolean {
  return existsSync(join(repositoryRoot, path));
}

export function readJson<T>(path: string): T {
  return JSON.parse(readRepositoryFile(path).text) as T;
}

/** Every file under a repository directory, as repository-relative paths with forward slashes. */
export function filesUnder(directory: string): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(readRepositoryFile(relative(repositoryRoot, path).split(sep).join("/")));
    }
  };
  walk(join(repositoryRoot, directory));
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
