/** Port: turns a bearer token into a Caller, or says why it cannot. */
import type { Caller } from "../../domain/caller.js";

export type AuthenticationFailure =
  /** Not a JWT at all. */
  | "malformedToken"
  /** `iss` is not exactly one of the configured issuers. */
  | "untrustedIssuer"
  /** Signature, algorithm, expiry or not-before failed. */
  | "invalidToken"
  /** The issuer's metadata or keys could not be fetched, so the token could not be checked. */
  | "issuerUnavailable";

export type AuthenticationOutcome =
  | { ok: true; caller: Caller }
  | { ok: false; failure: AuthenticationFailure; /** For logs only, never for the response. */ detail: string };

export interface TokenAuthenticator {
  authenticate(token: string): Promise<AuthenticationOutcome>;
}
