/** The project root (the folder with package.json and infra/), found from this file whether it runs from source or dist. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "package.json")) || !existsSync(join(folder, "infra"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("Could not find the project root (package.json beside infra/)");
    folder = parent;
  }
  return folder;
}
