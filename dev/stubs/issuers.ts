/**
 * The three local token issuers (Altinn platform, Maskinporten, Dialogporten). Each has its own key, generated at
 * start, and publishes it as a JWKS. Altinn and Maskinporten sign with RS256; Dialogporten signs its dialog tokens
 * with EdDSA (Ed25519) as the real one does. Issuer URLs mirror the real ones' paths under the stub base URL.
 */
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type CryptoKey } from "jose";
import type { LocalIssuers, TokenIssuer } from "./context.js";

/** Kept for existing imports: every TokenIssuer now publishes its JWKS. */
export type PublishedIssuer = TokenIssuer;

export interface PublishedIssuers extends LocalIssuers {
  altinn: PublishedIssuer;
  maskinporten: PublishedIssuer;
  dialogporten: PublishedIssuer;
}

/** Issuer identifiers relative to the stub base URL, shaped like the real services'. */
export function localIssuerUrls(baseUrl: string): { altinn: string; maskinporten: string; dialogporten: string } {
  const base = baseUrl.replace(/\/$/, "");
  return {
    altinn: `${base}/authentication/api/v1/openid/`,
    maskinporten: `${base}/maskinporten/`,
    dialogporten: `${base}/dialogporten/api/v1`,
  };
}

export async function createLocalIssuers(baseUrl: string): Promise<PublishedIssuers> {
  const urls = localIssuerUrls(baseUrl);
  const [altinn, maskinporten, dialogporten] = await Promise.all([
    createIssuer(urls.altinn, "local-altinn", "RS256"),
    createIssuer(urls.maskinporten, "local-maskinporten", "RS256"),
    createIssuer(urls.dialogporten, "local-dialogporten", "EdDSA"),
  ]);
  return { altinn, maskinporten, dialogporten };
}

type SigningAlgorithm = "RS256" | "EdDSA";

async function createIssuer(issuer: string, keyId: string, algorithm: SigningAlgorithm): Promise<PublishedIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true, crv: "Ed25519" });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: keyId, alg: algorithm, use: "sig" };
  return {
    issuer,
    jwks: () => ({ keys: [publicJwk] }),
    sign: (claims, options) =>
      sign(privateKey, { keyId, algorithm, issuer }, claims, options?.expiresInSeconds ?? 3600),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: [algorithm] });
        return payload as Record<string, unknown>;
      } catch {
        return undefined;
      }
    },
  };
}

async function sign(
  key: CryptoKey,
  header: { keyId: string; algorithm: SigningAlgorithm; issuer: string },
  claims: Record<string, unknown>,
  expiresInSeconds: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { keyId, algorithm, issuer } = header;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: "JWT", kid: keyId })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key);
}
