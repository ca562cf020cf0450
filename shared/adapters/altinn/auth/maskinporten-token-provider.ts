/**
 * Maskinporten's JWT-bearer grant, as an integrator's client performs it: a client assertion signed RS256 with our key
 * (`iss` = `sub` = client id, `aud` = the Maskinporten issuer, `scope`, `iat`, `exp` at most 120 s later, a fresh
 * `jti`) posted to the token endpoint from the issuer's `.well-known/oauth-authorization-server`. Tokens are cached per
 * scope set until shortly before they expire; concurrent callers share one request.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { ExpiringCache } from "../http/expiring-cache.js";
import type { HttpClient } from "../http/http-client.js";
import { defaultRefreshMarginSeconds, scopeSetKey, type AccessTokenProvider } from "./access-token-provider.js";
import type { SigningKeyLoader } from "./signing-key.js";

/** Maskinporten refuses assertions that live longer than 120 s; a little less leaves room for clock skew. */
const assertionLifetimeSeconds = 110;

const discoverySchema = z.object({ token_endpoint: z.url() });
const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export interface MaskinportenTokenProviderOptions {
  clientId: string;
  /** The Maskinporten issuer, e.g. `https://test.maskinporten.no/`: the assertion's audience and the discovery base. */
  issuer: string;
  signingKey: SigningKeyLoader;
  http: HttpClient;
  now?: () => number;
  refreshMarginSeconds?: number;
}

export class MaskinportenTokenProvider implements AccessTokenProvider {
  private readonly tokens: ExpiringCache<string>;
  private readonly tokenEndpoint: ExpiringCache<string>;
  private readonly now: () => number;

  constructor(private readonly options: MaskinportenTokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = new ExpiringCache({ maxEntries: 32, now: this.now });
    this.tokenEndpoint = new ExpiringCache({ maxEntries: 1, now: this.now });
  }

  getToken(scopes: readonly string[]): Promise<string> {
    const scope = scopeSetKey(scopes);
    return this.tokens.getOrLoad(scope, async () => {
      const response = await this.options.http.send({
        method: "POST",
        url: await this.discoverTokenEndpoint(),
        form: {
          grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
          assertion: await this.clientAssertion(scope),
        },
      });
      const token = tokenResponseSchema.parse(response.body);
      const marginSeconds = this.options.refreshMarginSeconds ?? defaultRefreshMarginSeconds;
      return { value: token.access_token, ttlMs: (token.expires_in - marginSeconds) * 1000 };
    });
  }

  private discoverTokenEndpoint(): Promise<string> {
    return this.tokenEndpoint.getOrLoad("token_endpoint", async () => {
      const issuer = this.options.issuer.endsWith("/") ? this.options.issuer : `${this.options.issuer}/`;
      const response = await this.options.http.send({
        method: "GET",
        url: `${issuer}.well-known/oauth-authorization-server`,
      });
      // Discovery rarely changes; re-reading it daily follows a moved endpoint without a restart.
      return { value: discoverySchema.parse(response.body).token_endpoint, ttlMs: 24 * 60 * 60 * 1000 };
    });
  }

  private async clientAssertion(scope: string): Promise<string> {
    const { key, keyId } = await this.options.signingKey.load();
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ scope })
      .setProtectedHeader({ alg: "RS256", ...(keyId === undefined ? {} : { kid: keyId }) })
      .setIssuer(this.options.clientId)
      .setSubject(this.options.clientId)
      .setAudience(this.options.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + assertionLifetimeSeconds)
      .setJti(randomUUID())
      .sign(key);
  }
}
