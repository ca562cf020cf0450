/**
 * Builds every Altinn adapter from the configuration, sharing one HTTP helper and one token chain: our Maskinporten
 * client (key from a local file or Key Vault) → Maskinporten token → Altinn token, each cached per scope set. Called
 * once by the composition root; nothing is fetched until the first outbound call.
 */
import { AzureCredentials } from "../azure/credentials.js";
import { ConfigError, type Config } from "../../config/config.js";
import type { AltinnEvents } from "../../domain/ports/altinn-events.js";
import type { AccessDecider } from "../../domain/ports/authorization.js";
import type { ContactReservationRegistry } from "../../domain/ports/contact-reservation.js";
import type { Dialogporten } from "../../domain/ports/dialogporten.js";
import type { PartyRegister } from "../../domain/ports/party-register.js";
import type { ResourceRegistry } from "../../domain/ports/resource-registry.js";
import { AltinnEventsClient } from "./altinn-events-client.js";
import { AltinnPartyRegister } from "./altinn-party-register.js";
import { AltinnResourceRegistry } from "./altinn-resource-registry.js";
import type { AccessTokenProvider } from "./auth/access-token-provider.js";
import { AltinnTokenExchange } from "./auth/altinn-token-exchange.js";
import { MaskinportenTokenProvider } from "./auth/maskinporten-token-provider.js";
import { createSigningKeyLoader } from "./auth/signing-key.js";
import { DialogportenClient } from "./dialogporten-client.js";
import { HttpClient, type BearerToken, type FetchFunction } from "./http/http-client.js";
import { KrrContactReservationRegistry } from "./krr-contact-reservation-registry.js";
import { outboundScopes } from "./outbound-scopes.js";
import { AltinnAccessDecider } from "./pdp/altinn-access-decider.js";

export interface AltinnAdapters {
  accessDecider: AccessDecider;
  resourceRegistry: ResourceRegistry;
  partyRegister: PartyRegister;
  contactReservationRegistry: ContactReservationRegistry;
  dialogporten: Dialogporten;
  events: AltinnEvents;
  /** For further Altinn clients (e.g. Notifications): the shared HTTP helper … */
  http: HttpClient;
  /** … and Altinn tokens per scope set (see outboundScopes). */
  altinnTokens: AccessTokenProvider;
}

export interface AltinnAdapterOptions {
  /** Milliseconds since the epoch; tests move it to see tokens and caches expire. */
  now?: () => number;
  timeoutMs?: number;
}

export function createAltinnAdapters(
  config: Config,
  fetchImpl?: FetchFunction,
  options: AltinnAdapterOptions = {},
): AltinnAdapters {
  const client = config.maskinportenClient;
  const krrBaseUrl = config.altinn.contactReservationRegistryBaseUrl;
  const missing: string[] = [];
  if (!client) missing.push("MASKINPORTEN_CLIENT_ID and a signing key (MASKINPORTEN_SIGNING_KEY_SECRET_URI, or locally MASKINPORTEN_SIGNING_KEY_FILE) are required to call the Altinn APIs");
  if (!krrBaseUrl) missing.push("CONTACT_RESERVATION_REGISTRY_BASE_URL is required to check KRR reservations");
  if (!client || !krrBaseUrl) throw new ConfigError(missing);

  const now = options.now ? { now: options.now } : {};
  const http = new HttpClient({
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const credentials = new AzureCredentials();
  const maskinporten = new MaskinportenTokenProvider({
    clientId: client.clientId,
    issuer: config.issuers.maskinporten,
    signingKey: createSigningKeyLoader(client.signingKey, () => credentials.forClientId(identityClientId(config))),
    http,
    ...now,
  });
  const altinnTokens = new AltinnTokenExchange({ maskinporten, platformBaseUrl: config.altinn.platformBaseUrl, http, ...now });
  const altinnBearer = (scopes: readonly string[]): BearerToken => () => altinnTokens.getToken(scopes);
  const platformBaseUrl = config.altinn.platformBaseUrl;

  const resourceRegistry = new AltinnResourceRegistry({ http, platformBaseUrl, ...now });
  const partyRegister = new AltinnPartyRegister({ http, platformBaseUrl, bearer: altinnBearer(outboundScopes.register), ...now });
  return {
    resourceRegistry,
    partyRegister,
    accessDecider: new AltinnAccessDecider({
      http,
      platformBaseUrl,
      bearer: altinnBearer(outboundScopes.authorization),
      resourceRegistry,
      partyRegister,
      ...now,
    }),
    contactReservationRegistry: new KrrContactReservationRegistry({
      http,
      baseUrl: krrBaseUrl,
      // KRR is Digdir's own API: it takes the Maskinporten token, not an Altinn one.
      bearer: () => maskinporten.getToken(outboundScopes.contactReservation),
    }),
    dialogporten: new DialogportenClient({
      http,
      dialogportenBaseUrl: config.altinn.dialogportenBaseUrl,
      bearer: altinnBearer(outboundScopes.dialogporten),
    }),
    events: new AltinnEventsClient({ http, platformBaseUrl, bearer: altinnBearer(outboundScopes.events) }),
    http,
    altinnTokens,
  };
}

/** The app has one user-assigned identity; every identity-based connection names its client id. */
function identityClientId(config: Config): string | undefined {
  for (const connection of [config.cosmos, config.serviceBus, config.attachmentStorage]) {
    if (connection.kind === "identity" && connection.clientId) return connection.clientId;
  }
  return undefined;
}
