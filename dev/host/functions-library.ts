/**
 * The app's own copy of `@azure/functions`, resolved from the app directory. Requests, responses and contexts are
 * built with the classes of the copy the function code imported, so `instanceof HttpResponse` in the app (and in
 * our response handling) sees the same class even when the app ships its own node_modules.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as FunctionsLibraryTypes from "@azure/functions";

export type FunctionsLibrary = typeof FunctionsLibraryTypes;

export function loadFunctionsLibrary(appDir: string): FunctionsLibrary {
  const requireFromApp = createRequire(path.join(appDir, "package.json"));
  return requireFromApp("@azure/functions") as FunctionsLibrary;
}
