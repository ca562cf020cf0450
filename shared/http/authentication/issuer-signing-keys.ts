/**
 * Finds and caches an issuer's signing keys. The metadata document is fetched once and kept for a day (its `jwks_uri`
 * practically never moves); the key set itself is jose's remote JWKS, which caches keys, refetches when a token names
 * an unknown `kid` (key rotation) and rate-limits those refetches.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { TrustedIssuer } from "./trusted-issuers.js";

export interface SigningKeyOptions {
  /** Per HTTP request to the issuer. */
  timeoutMs: number;
  /** How long a fetched metadata document is trusted. */
  metadataMaxAgeMs: number;
  /** After a failed discovery, how long to answer from the failure before trying again (protects the issuer). */
  failureCooldownMs: number;
  now: () => number;
}

export const defaultSigningKeyOptions: SigningKeyOptions = {
  timeoutMs: 5_000,
  metadataMaxAgeMs: 24 * 3600 * 1000,
  failureCooldownMs: 5_000,
  now: () => Date.now(),
};

/** The members of an RFC 8414 / OpenID discovery document we rely on. */
const metadataSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.url({ protocol: /^https?$/ }),
});

export class IssuerDiscoveryError extends Error {
  override readonly name = "IssuerDiscoveryError";
}

interface CachedKeys {
  keys: Promise<JWTVerifyGetKey>;
  validUntil: number;
}

export class IssuerSigningKeys {
  private cached: CachedKeys | undefined;

  constructor(
    readonly trusted: TrustedIssuer,
    private readonly options: SigningKeyOptions = defaultSigningKeyOptions,
  ) {}

  /** The key resolver for `jwtVerify`; rejects with IssuerDiscoveryError when the issuer cannot be reached. */
  keys(): Promise<JWTVerifyGetKey> {
    const now = this.options.now();
    if (this.cached && now < this.cached.validUntil) return this.cached.keys;
    const keys = this.discover();
    const entry: CachedKeys = { keys, validUntil: now + this.options.metadataMaxAgeMs };
    this.cached = entry;
    keys.catch(() => {
      if (this.cached === entry) entry.validUntil = this.options.now() + this.options.failureCooldownMs;
    });
    return keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const { discovery } = this.trusted;
    const jwksUrl =
      discovery.kind === "jwks" ? discovery.jwksUrl : await this.jwksUriFromMetadata(discovery.metadataUrl);
    return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: this.options.timeoutMs });
  }

  private async jwksUriFromMetadata(metadataUrl: string): Promise<string> {
    let body: unknown;
    try {
      const response = await fetch(metadataUrl, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new IssuerDiscoveryError(`Metadata ${metadataUrl} unavailable: ${errorText(error)}`, { cause: error });
    }
    const metadata = metadataSchema.safeParse(body);
    if (!metadata.success) {
      throw new IssuerDiscoveryError(`Metadata ${metadataUrl} has no valid issuer/jwks_uri: ${metadata.error.message}`);
    }
    // RFC 8414 §3.3 / OIDC Discovery §4.3: a document naming another issuer must not be used.
    if (metadata.data.issuer !== this.trusted.issuer) {
      throw new IssuerDiscoveryError(
        `Metadata ${metadataUrl} names issuer "${metadata.data.issuer}", expected "${this.trusted.issuer}"`,
      );
    }
    return metadata.data.jwks_uri;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
