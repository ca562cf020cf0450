/**
 * Altinn tokens for calls to the Altinn platform: a Maskinporten token with the same scopes, exchanged at
 * `{platform}/authentication/api/v1/exchange/maskinporten` — what the real Correspondence's Maskinporten client does
 * with `ExhangeToAltinnToken`. Cached per scope set until shortly before the Altinn token's own `exp`; concurrent
 * callers share one exchange.
 */
import { decodeJwt } from "jose";
import { ExpiringCache } from "../http/expiring-cache.js";
import type { HttpClient } from "../http/http-client.js";
import { defaultRefreshMarginSeconds, scopeSetKey, type AccessTokenProvider } from "./access-token-provider.js";

export interface AltinnTokenExchangeOptions {
  maskinporten: AccessTokenProvider;
  platformBaseUrl: string;
  http: HttpClient;
  now?: () => number;
  refreshMarginSeconds?: number;
}

export class AltinnTokenExchange implements AccessTokenProvider {
  private readonly tokens: ExpiringCache<string>;
  private readonly now: () => number;

  constructor(private readonly options: AltinnTokenExchangeOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = new ExpiringCache({ maxEntries: 32, now: this.now });
  }

  getToken(scopes: readonly string[]): Promise<string> {
    return this.tokens.getOrLoad(scopeSetKey(scopes), async () => {
      const maskinportenToken = await this.options.maskinporten.getToken(scopes);
      const response = await this.options.http.send({
        method: "GET",
        url: `${this.options.platformBaseUrl}/authentication/api/v1/exchange/maskinporten`,
        bearer: () => Promise.resolve(maskinportenToken),
      });
      // The token comes as plain text; some gateways wrap it in a JSON string.
      const token = (typeof response.body === "string" ? response.body : response.text).trim().replace(/^"|"$/g, "");
      const expiresAt = decodeJwt(token).exp;
      if (expiresAt === undefined) throw new Error("The exchanged Altinn token has no exp");
      const marginSeconds = this.options.refreshMarginSeconds ?? defaultRefreshMarginSeconds;
      return { value: token, ttlMs: (expiresAt - marginSeconds) * 1000 - this.now() };
    });
  }
}
