/**
 * What the Functions host reads from a function app directory before loading it: package.json `main` (a file or a
 * glob), local.settings.json `Values` (Core Tools copies them into the environment without overriding variables
 * that are already set) and host.json (route prefix, Service Bus and logging settings).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { expandGlob } from "./glob.js";

const hostJsonSchema = z.looseObject({
  version: z.string().optional(),
  functions: z.array(z.string()).optional(),
  logging: z.looseObject({ logLevel: z.record(z.string(), z.string()).optional() }).optional(),
  extensions: z
    .looseObject({
      http: z.looseObject({ routePrefix: z.string().optional() }).optional(),
      serviceBus: z
        .looseObject({
          maxConcurrentCalls: z.number().int().positive().optional(),
          maxMessageBatchSize: z.number().int().positive().optional(),
          maxAutoLockRenewalDuration: z.string().optional(),
          autoCompleteMessages: z.boolean().optional(),
          prefetchCount: z.number().int().nonnegative().optional(),
        })
        .optional(),
    })
    .optional(),
});
export type HostJson = z.infer<typeof hostJsonSchema>;

const localSettingsSchema = z.looseObject({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  Host: z
    .looseObject({
      LocalHttpPort: z.number().int().optional(),
      CORS: z.string().optional(),
      CORSCredentials: z.boolean().optional(),
    })
    .optional(),
});
export type LocalSettings = z.infer<typeof localSettingsSchema>;

const packageJsonSchema = z.looseObject({ main: z.string().optional() });

export interface FunctionAppConfig {
  appDir: string;
  entryFiles: string[];
  hostJson: HostJson;
  localSettings: LocalSettings;
  /** "" when host.json sets it empty; never has leading or trailing slashes. */
  routePrefix: string;
}

function readJsonFile<T>(file: string, schema: z.ZodType<T>, fallback: T): T {
  if (!existsSync(file)) return fallback;
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function readFunctionAppConfig(appDirectory: string): Promise<FunctionAppConfig> {
  const appDir = path.resolve(appDirectory);
  if (!existsSync(path.join(appDir, "host.json"))) {
    // The real host refuses to start without it too; it also catches a wrong --app path early.
    throw new Error(`No host.json in ${appDir}: not a function app directory.`);
  }
  const hostJson = readJsonFile(path.join(appDir, "host.json"), hostJsonSchema, {});
  const localSettings = readJsonFile(path.join(appDir, "local.settings.json"), localSettingsSchema, {});
  const packageJson = readJsonFile(path.join(appDir, "package.json"), packageJsonSchema, {});

  const main = packageJson.main ?? "index.js";
  const entryFiles = await expandGlob(main, appDir);
  if (entryFiles.length === 0) throw new Error(`package.json "main" (${main}) matches no file in ${appDir}.`);

  const routePrefix = (hostJson.extensions?.http?.routePrefix ?? "api").replace(/^\/+|\/+$/g, "");
  return { appDir, entryFiles, hostJson, localSettings, routePrefix };
}

/**
 * Puts the app settings into process.env: `explicit` ones always (the caller asked for them), then
 * local.settings.json `Values` only where the variable is not set yet, as Core Tools does.
 */
export function applyAppSettings(localSettings: LocalSettings, explicit: Record<string, string> = {}): void {
  Object.assign(process.env, explicit);
  for (const [name, value] of Object.entries(localSettings.Values ?? {})) {
    if (process.env[name] === undefined) process.env[name] = String(value);
  }
}

/** Binding properties may name app settings as `%NAME%`; the host substitutes them at startup. */
export function resolveAppSettingExpressions(value: string): string {
  return value.replace(/%([^%]+)%/g, (_whole, name: string) => {
    const setting = process.env[name];
    if (setting === undefined) throw new Error(`App setting "${name}" (referenced as %${name}%) is not set.`);
    return setting;
  });
}

/** .NET TimeSpan text ("00:05:00", "1.02:00:00") in milliseconds. */
export function parseTimeSpan(text: string): number {
  const match = /^(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a TimeSpan (expected hh:mm:ss).`);
  const [, days = "0", hours = "0", minutes = "0", seconds = "0", fraction = "0"] = match;
  const wholeSeconds = Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  return wholeSeconds * 1000 + Math.round(Number(`0.${fraction}`) * 1000);
}
