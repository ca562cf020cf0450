/** What every stub module receives: where it lives, who signs tokens, the fixtures, and a reset hook. */
import type { JWK } from "jose";
import type { FaultInjector } from "./faults.js";
import type { StubFixtures } from "./fixtures.js";
import type { StubRouter } from "./router.js";

export interface TokenIssuer {
  /** The `iss` claim, also the base of the issuer's discovery documents. */
  readonly issuer: string;
  /** Signs the claims with RS256; `iat`, `exp` (one hour unless given) and `iss` are added. */
  sign(claims: Record<string, unknown>, options?: { expiresInSeconds?: number }): Promise<string>;
  /** Verifies a token signed by this issuer; undefined when invalid or expired. */
  verify(token: string): Promise<Record<string, unknown> | undefined>;
  /** The JWKS document (`{keys: [...]}`) the issuer publishes at its jwks_uri. */
  jwks(): { keys: JWK[] };
}

export interface LocalIssuers {
  altinn: TokenIssuer;
  maskinporten: TokenIssuer;
  dialogporten: TokenIssuer;
}

export interface StubContext {
  /** Base URL of the stub server itself, e.g. http://127.0.0.1:7080 */
  baseUrl: string;
  /** Public base URL of the Correspondence API (condition endpoints are called there). */
  apiBaseUrl: string;
  issuers: LocalIssuers;
  fixtures: StubFixtures;
  faults: FaultInjector;
  /** Register a function that clears this module's recordings and state (`DELETE /_stub/state`). */
  onReset(reset: () => void): void;
  /** Register a function to run when the server closes (timers etc.). */
  onClose(close: () => void): void;
}

export type StubModule = (router: StubRouter, context: StubContext) => void;
