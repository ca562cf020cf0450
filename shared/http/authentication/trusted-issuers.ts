/**
 * The configured issuers and how each publishes its signing keys (authorization.md §1). Altinn and Maskinporten
 * publish a metadata document naming `jwks_uri` and sign with RS256; Dialogporten publishes its JWKS directly and
 * signs dialog tokens with EdDSA (Ed25519).
 */
import type { TokenScheme } from "../../domain/caller.js";

export type KeyDiscovery =
  | { kind: "metadata"; metadataUrl: string }
  | { kind: "jwks"; jwksUrl: string };

export interface TrustedIssuer {
  scheme: TokenScheme;
  /** Compared with `iss` exactly: no case folding, no trailing-slash tolerance, no substring match. */
  issuer: string;
  algorithms: readonly string[];
  discovery: KeyDiscovery;
}

function wellKnown(issuer: string, document: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/${document}`;
}

export function trustedIssuersFrom(issuers: Record<TokenScheme, string>): TrustedIssuer[] {
  return [
    {
      scheme: "altinn",
      issuer: issuers.altinn,
      algorithms: ["RS256"],
      discovery: { kind: "metadata", metadataUrl: wellKnown(issuers.altinn, "openid-configuration") },
    },
    {
      scheme: "maskinporten",
      issuer: issuers.maskinporten,
      algorithms: ["RS256"],
      discovery: { kind: "metadata", metadataUrl: wellKnown(issuers.maskinporten, "oauth-authorization-server") },
    },
    {
      scheme: "dialogporten",
      issuer: issuers.dialogporten,
      // jose names Ed25519 signatures both ways (RFC 8037 "EdDSA", RFC 9864 "Ed25519").
      algorithms: ["EdDSA", "Ed25519"],
      discovery: { kind: "jwks", jwksUrl: wellKnown(issuers.dialogporten, "jwks.json") },
    },
  ];
}
