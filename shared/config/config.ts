/**
 * The application's configuration: one zod schema over the environment, parsed once at start-up.
 *
 * Each Azure dependency is reached either through an identity-based connection (`<NAME>__accountEndpoint`,
 * `<NAME>__fullyQualifiedNamespace`, `<NAME>__blobServiceUri`, with optional `__clientId` for a user-assigned
 * identity) or, only for the local emulators, through a connection string in `<NAME>` itself. The setting names are
 * the ones the Functions host uses for trigger connections, so one setting serves both our clients and the host.
 */
import { z } from "zod";

export const environmentNames = ["local", "test", "staging", "production"] as const;
export type EnvironmentName = (typeof environmentNames)[number];

/** Connection setting names, shared with trigger registrations (`connection: ...`) and infra/app-settings. */
export const connectionNames = {
  cosmos: "COSMOS",
  attachmentStorage: "ATTACHMENT_STORAGE",
  serviceBus: "SERVICEBUS",
} as const;

export type Connection =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "identity"; endpoint: string; clientId: string | undefined };

export interface EnvironmentRules {
  /** Delay before a reminder notification: 7 days in production, 1 day elsewhere. */
  reminderDelayDays: number;
  /** Smallest accepted attachment `expirationInDays`: 14 in production, 1 elsewhere. */
  minimumAttachmentExpirationDays: number;
  /** Unread-confidential reminder delay: 7 days in production, 1 minute elsewhere. */
  confidentialReminderDelaySeconds: number;
}

export interface Config {
  environment: EnvironmentName;
  rules: EnvironmentRules;
  /** Public base URL of this API, e.g. http://127.0.0.1:7071 locally (condition endpoints, links). */
  publicBaseUrl: string;
  cosmos: Connection & { databaseName: string };
  attachmentStorage: Connection;
  serviceBus: Connection;
  altinn: {
    /** Base URL of the Altinn platform APIs (authorization, register, notifications, events, …). */
    platformBaseUrl: string;
    dialogportenBaseUrl: string;
    /** KRR (kontakt- og reservasjonsregisteret), e.g. https://kontaktregisteret.no; undefined when not configured. */
    contactReservationRegistryBaseUrl: string | undefined;
  };
  /**
   * Our own Maskinporten client, with which we authenticate to the Altinn APIs we call. Undefined when not configured;
   * the Altinn adapters then refuse to be built, so the app fails at start-up rather than on its first outbound call.
   */
  maskinportenClient: MaskinportenClientConfig | undefined;
  /** Trusted token issuers, one per kind; their keys come from each issuer's discovery document. */
  issuers: {
    altinn: string;
    maskinporten: string;
    dialogporten: string;
  };
  features: {
    downloadAll: boolean;
  };
  /**
   * Test-only fault injection, accepted in the `local` environment only (FAULT_OUTBOX_FAST_PATH): `fail` makes the
   * outbox fast path's send fail, `exit` ends the process right before it — as if it had died between the Cosmos
   * write and the send to Service Bus. Either way only the sweep can finish the work. `none` otherwise.
   */
  faults: {
    outboxFastPath: OutboxFastPathFault;
  };
  /**
   * How a Service Bus message whose handling failed transiently is tried again (docs/messaging.md): the delays after
   * the 1st, 2nd, … failed attempt, the last one repeating (MESSAGE_RETRY_DELAYS, e.g. `5s,15s,1m,5m,15m,1h`), and
   * the attempts in all before it is parked (MESSAGE_MAX_ATTEMPTS). Undefined: the delivery policy's defaults.
   * Tests shorten the delays; in Azure the defaults are meant to stay.
   */
  messageRetries: {
    delaysMs: number[] | undefined;
    maxAttempts: number | undefined;
  };
}

export const outboxFastPathFaults = ["none", "fail", "exit"] as const;
export type OutboxFastPathFault = (typeof outboxFastPathFaults)[number];

/** Where the private key that signs our Maskinporten client assertions comes from. */
export type SigningKeySource =
  /** A JWK (JSON) or PKCS#8 PEM file; local development only, so a key never sits on a server's disk. */
  | { kind: "file"; path: string }
  /** A Key Vault secret holding the JWK (JSON or base64 of it), read with the app's managed identity. */
  | { kind: "keyVault"; secretUri: string };

export interface MaskinportenClientConfig {
  clientId: string;
  signingKey: SigningKeySource;
}

const url = z.url({ protocol: /^https?$/ });
const booleanSetting = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const durationUnitsMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `5s,15s,1m` → [5000, 15000, 60000]: a list of at least one duration, each a number with ms, s, m or h. */
const durationList = z.string().transform((value, context) => {
  const delays = value.split(",").map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(part);
    return match ? Math.round(Number(match[1]) * (durationUnitsMs[match[2] ?? ""] ?? Number.NaN)) : Number.NaN;
  });
  if (delays.some((delay) => !Number.isFinite(delay))) {
    context.addIssue({ code: "custom", message: "expected durations like 5s,15s,1m,5m,15m,1h (units ms, s, m, h)" });
    return z.NEVER;
  }
  return delays;
});

const environmentSchema = z
  .object({
    CORRESPONDENCE_ENVIRONMENT: z.enum(environmentNames),
    PUBLIC_BASE_URL: url,
    COSMOS_DATABASE: z.string().min(1).default("correspondence"),
    ALTINN_PLATFORM_BASE_URL: url,
    DIALOGPORTEN_BASE_URL: url,
    ALTINN_TOKEN_ISSUER: url,
    MASKINPORTEN_TOKEN_ISSUER: url,
    DIALOGPORTEN_TOKEN_ISSUER: url,
    FEATURE_DOWNLOAD_ALL: booleanSetting.optional(),
    FAULT_OUTBOX_FAST_PATH: z.enum(outboxFastPathFaults).optional(),
    MESSAGE_RETRY_DELAYS: durationList.optional(),
    MESSAGE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).optional(),
    CONTACT_RESERVATION_REGISTRY_BASE_URL: url.optional(),
    MASKINPORTEN_CLIENT_ID: z.string().min(1).optional(),
    MASKINPORTEN_SIGNING_KEY_FILE: z.string().min(1).optional(),
    MASKINPORTEN_SIGNING_KEY_SECRET_URI: z.url({ protocol: /^https$/ }).optional(),
  })
  .loose();

type ConnectionSuffix = "accountEndpoint" | "blobServiceUri" | "fullyQualifiedNamespace";

/** The identity-based connection settings each dependency needs in Azure (`<NAME>__<suffix>`). */
export const identityConnectionSettings: Record<keyof typeof connectionNames, string> = {
  cosmos: `${connectionNames.cosmos}__accountEndpoint`,
  attachmentStorage: `${connectionNames.attachmentStorage}__blobServiceUri`,
  serviceBus: `${connectionNames.serviceBus}__fullyQualifiedNamespace`,
};

/** Every setting the application reads in Azure: the plain settings plus the identity-based connections. */
export function requiredAzureSettings(): string[] {
  const plain = Object.entries(environmentSchema.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
  return [...plain, ...Object.values(identityConnectionSettings)];
}

/** Hosts a connection string may point at: connection strings are for the local emulators only. */
function isEmulatorConnectionString(value: string): boolean {
  if (/UseDevelopmentEmulator=true|UseDevelopmentStorage=true/i.test(value)) return true;
  const endpoint = /(?:AccountEndpoint|BlobEndpoint|Endpoint)=([^;]+)/i.exec(value)?.[1];
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  } catch {
    return false;
  }
}

function readConnection(
  env: Record<string, string | undefined>,
  name: string,
  suffix: ConnectionSuffix,
  environment: EnvironmentName | undefined,
  issues: string[],
): Connection | undefined {
  const connectionString = env[name];
  const endpoint = env[`${name}__${suffix}`];
  if (endpoint) {
    return { kind: "identity", endpoint, clientId: env[`${name}__clientId`] };
  }
  if (connectionString) {
    if (environment !== "local" || !isEmulatorConnectionString(connectionString)) {
      issues.push(`${name}: connection strings are only accepted for local emulators; set ${name}__${suffix} instead`);
      return undefined;
    }
    return { kind: "connectionString", connectionString };
  }
  issues.push(`${name}__${suffix} (or, locally, ${name} as an emulator connection string) is required`);
  return undefined;
}

type EnvironmentSettings = z.infer<typeof environmentSchema>;

/** Client id plus exactly one key source, or nothing at all; a key file only locally. */
function readMaskinportenClient(settings: EnvironmentSettings, issues: string[]): MaskinportenClientConfig | undefined {
  const clientId = settings.MASKINPORTEN_CLIENT_ID;
  const file = settings.MASKINPORTEN_SIGNING_KEY_FILE;
  const secretUri = settings.MASKINPORTEN_SIGNING_KEY_SECRET_URI;
  if (clientId === undefined && file === undefined && secretUri === undefined) return undefined;
  if (file !== undefined && settings.CORRESPONDENCE_ENVIRONMENT !== "local") {
    issues.push("MASKINPORTEN_SIGNING_KEY_FILE is for local development only; set MASKINPORTEN_SIGNING_KEY_SECRET_URI instead");
  }
  if (file !== undefined && secretUri !== undefined) {
    issues.push("Set only one of MASKINPORTEN_SIGNING_KEY_FILE and MASKINPORTEN_SIGNING_KEY_SECRET_URI");
  }
  if (clientId === undefined) issues.push("MASKINPORTEN_CLIENT_ID is required when a Maskinporten signing key is set");
  const signingKey: SigningKeySource | undefined =
    secretUri !== undefined ? { kind: "keyVault", secretUri } : file !== undefined ? { kind: "file", path: file } : undefined;
  if (signingKey === undefined) {
    issues.push("MASKINPORTEN_CLIENT_ID needs a signing key: MASKINPORTEN_SIGNING_KEY_SECRET_URI (or, locally, MASKINPORTEN_SIGNING_KEY_FILE)");
  }
  return clientId !== undefined && signingKey !== undefined ? { clientId, signingKey } : undefined;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function rulesFor(environment: EnvironmentName): EnvironmentRules {
  const production = environment === "production";
  return {
    reminderDelayDays: production ? 7 : 1,
    minimumAttachmentExpirationDays: production ? 14 : 1,
    confidentialReminderDelaySeconds: production ? 7 * 24 * 3600 : 60,
  };
}

/** Parses the whole environment; throws a ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const issues: string[] = [];
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  const environment = parsed.success
    ? parsed.data.CORRESPONDENCE_ENVIRONMENT
    : environmentNames.find((name) => name === env.CORRESPONDENCE_ENVIRONMENT);
  const cosmos = readConnection(env, connectionNames.cosmos, "accountEndpoint", environment, issues);
  const attachmentStorage = readConnection(env, connectionNames.attachmentStorage, "blobServiceUri", environment, issues);
  const serviceBus = readConnection(env, connectionNames.serviceBus, "fullyQualifiedNamespace", environment, issues);
  const maskinportenClient = parsed.success ? readMaskinportenClient(parsed.data, issues) : undefined;
  if (parsed.success && (parsed.data.FAULT_OUTBOX_FAST_PATH ?? "none") !== "none" && environment !== "local") {
    issues.push("FAULT_OUTBOX_FAST_PATH is a test-only fault injection, accepted in the local environment only");
  }
  if (!parsed.success || !cosmos || !attachmentStorage || !serviceBus || issues.length > 0) {
    throw new ConfigError(issues);
  }
  const settings = parsed.data;
  return {
    environment: settings.CORRESPONDENCE_ENVIRONMENT,
    rules: rulesFor(settings.CORRESPONDENCE_ENVIRONMENT),
    publicBaseUrl: settings.PUBLIC_BASE_URL.replace(/\/$/, ""),
    cosmos: { ...cosmos, databaseName: settings.COSMOS_DATABASE },
    attachmentStorage,
    serviceBus,
    altinn: {
      platformBaseUrl: settings.ALTINN_PLATFORM_BASE_URL.replace(/\/$/, ""),
      dialogportenBaseUrl: settings.DIALOGPORTEN_BASE_URL.replace(/\/$/, ""),
      contactReservationRegistryBaseUrl: settings.CONTACT_RESERVATION_REGISTRY_BASE_URL?.replace(/\/$/, ""),
    },
    maskinportenClient,
    issuers: {
      altinn: settings.ALTINN_TOKEN_ISSUER,
      maskinporten: settings.MASKINPORTEN_TOKEN_ISSUER,
      dialogporten: settings.DIALOGPORTEN_TOKEN_ISSUER,
    },
    features: {
      downloadAll: settings.FEATURE_DOWNLOAD_ALL ?? settings.CORRESPONDENCE_ENVIRONMENT === "local",
    },
    faults: {
      outboxFastPath: settings.FAULT_OUTBOX_FAST_PATH ?? "none",
    },
    messageRetries: {
      delaysMs: settings.MESSAGE_RETRY_DELAYS,
      maxAttempts: settings.MESSAGE_MAX_ATTEMPTS,
    },
  };
}
