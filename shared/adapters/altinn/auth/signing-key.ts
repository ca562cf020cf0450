/**
 * The private key our Maskinporten client signs its assertions with: a local file in development, a Key Vault secret
 * in Azure. The key is read lazily (on the first outbound call, not at start-up) and kept for an hour, so a key
 * rotated in Key Vault is picked up without a restart.
 */
import { readFile } from "node:fs/promises";
import type { TokenCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { importJWK, importPKCS8, type CryptoKey, type JWK } from "jose";
import type { SigningKeySource } from "../../../config/config.js";
import { ExpiringCache } from "../http/expiring-cache.js";

export interface SigningKey {
  key: CryptoKey | Uint8Array;
  /** The key id Maskinporten knows the public key by, sent as the assertion's `kid`. */
  keyId: string | undefined;
}

export interface SigningKeyLoader {
  load(): Promise<SigningKey>;
}

const keyCacheTtlMs = 60 * 60 * 1000;

/** A JWK (JSON), a base64-encoded JWK (how the real Correspondence stores it) or a PKCS#8 PEM. */
export async function parseSigningKey(text: string): Promise<SigningKey> {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return { key: await importPKCS8(trimmed, "RS256"), keyId: undefined };
  const jwk = parseJwk(trimmed) ?? parseJwk(Buffer.from(trimmed, "base64").toString("utf8"));
  if (!jwk || jwk.kty !== "RSA" || typeof jwk.d !== "string") {
    throw new Error("The Maskinporten signing key must be an RSA private key as a JWK (JSON or base64) or PKCS#8 PEM");
  }
  return { key: await importJWK(jwk, "RS256"), keyId: typeof jwk.kid === "string" ? jwk.kid : undefined };
}

function parseJwk(text: string): JWK | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JWK) : undefined;
  } catch {
    return undefined;
  }
}

class CachedSigningKeyLoader implements SigningKeyLoader {
  private readonly cache = new ExpiringCache<SigningKey>({ maxEntries: 1 });

  constructor(private readonly readKeyText: () => Promise<string>) {}

  load(): Promise<SigningKey> {
    return this.cache.getOrLoad("key", async () => ({
      value: await parseSigningKey(await this.readKeyText()),
      ttlMs: keyCacheTtlMs,
    }));
  }
}

/** `https://<vault>.vault.azure.net/secrets/<name>[/<version>]` → the vault URL, the secret name and version. */
export function parseSecretUri(secretUri: string): { vaultUrl: string; name: string; version: string | undefined } {
  const url = new URL(secretUri);
  const [collection, name, version] = url.pathname.split("/").filter((segment) => segment.length > 0);
  if (collection !== "secrets" || !name) throw new Error(`Not a Key Vault secret URI: ${secretUri}`);
  return { vaultUrl: url.origin, name, version };
}

export function createSigningKeyLoader(source: SigningKeySource, credential: () => TokenCredential): SigningKeyLoader {
  if (source.kind === "file") return new CachedSigningKeyLoader(() => readFile(source.path, "utf8"));
  const { vaultUrl, name, version } = parseSecretUri(source.secretUri);
  let client: SecretClient | undefined;
  return new CachedSigningKeyLoader(async () => {
    client ??= new SecretClient(vaultUrl, credential());
    const secret = await client.getSecret(name, version === undefined ? {} : { version });
    if (!secret.value) throw new Error(`Key Vault secret ${name} has no value`);
    return secret.value;
  });
}
