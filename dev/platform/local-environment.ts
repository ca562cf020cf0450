/**
 * Where each piece of the local platform listens, and the app settings that point the function app at them.
 * `local.settings.json` holds these values for the default ports; tests run the same platform on free ports and pass
 * the settings for those ports to the dev host as environment variables (which take precedence, as in Core Tools).
 */
export interface PlatformPorts {
  blob: number;
  cosmos: number;
  serviceBus: number;
  stubs: number;
  functions: number;
}

export const defaultPorts: PlatformPorts = {
  blob: 10000,
  cosmos: 8081,
  serviceBus: 5672,
  stubs: 7080,
  functions: 7071,
};

export const localHost = "127.0.0.1";

/**
 * Azurite's documented development account. It is public and only ever valid against the local emulator; it is
 * spelled out because a connection string for a non-default port cannot use `UseDevelopmentStorage=true`.
 */
export const azuriteAccount = {
  name: "devstoreaccount1",
  key: "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
};

/** The local Cosmos server accepts any base64 key; this one says what it is. */
export const localCosmosKey = Buffer.from("local-cosmos-emulator").toString("base64");

export function blobConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};` +
    `BlobEndpoint=http://${localHost}:${port}/${azuriteAccount.name};`
  );
}

export function cosmosConnectionString(port: number): string {
  return `AccountEndpoint=http://${localHost}:${port}/;AccountKey=${localCosmosKey};`;
}

export function serviceBusConnectionString(port: number): string {
  return (
    `Endpoint=sb://${localHost}:${port};SharedAccessKeyName=RootManageSharedAccessKey;` +
    `SharedAccessKey=local;UseDevelopmentEmulator=true`
  );
}

/** Our local Maskinporten client: the stubs' fixtures give it organisation 991825827 (ttd) and the scopes we request. */
export const localMaskinportenClientId = "local-serviceowner";

/**
 * Where `npm start` keeps the private key that signs our Maskinporten client assertions (relative to the project
 * root, the host's working directory). The platform creates it when absent; tests use a key in a temp folder instead.
 */
export const defaultSigningKeyFile = ".local/maskinporten-signing-key.json";

/**
 * The app settings (environment) of the function app for a platform on these ports. The settings hold the key's
 * path, never the key.
 */
export function localAppSettings(ports: PlatformPorts, signingKeyFile = defaultSigningKeyFile): Record<string, string> {
  const stubs = `http://${localHost}:${ports.stubs}`;
  return {
    FUNCTIONS_WORKER_RUNTIME: "node",
    AzureWebJobsStorage: blobConnectionString(ports.blob),
    CORRESPONDENCE_ENVIRONMENT: "local",
    PUBLIC_BASE_URL: `http://${localHost}:${ports.functions}`,
    COSMOS: cosmosConnectionString(ports.cosmos),
    COSMOS_DATABASE: "correspondence",
    ATTACHMENT_STORAGE: blobConnectionString(ports.blob),
    SERVICEBUS: serviceBusConnectionString(ports.serviceBus),
    ALTINN_PLATFORM_BASE_URL: stubs,
    DIALOGPORTEN_BASE_URL: `${stubs}/dialogporten`,
    ALTINN_TOKEN_ISSUER: `${stubs}/authentication/api/v1/openid/`,
    MASKINPORTEN_TOKEN_ISSUER: `${stubs}/maskinporten/`,
    DIALOGPORTEN_TOKEN_ISSUER: `${stubs}/dialogporten/api/v1`,
    FEATURE_DOWNLOAD_ALL: "true",
    CONTACT_RESERVATION_REGISTRY_BASE_URL: `${stubs}/krr`,
    MASKINPORTEN_CLIENT_ID: localMaskinportenClientId,
    MASKINPORTEN_SIGNING_KEY_FILE: signingKeyFile,
  };
}
