/**
 * TokenAuthenticator over jose. The token's `iss` is read *unverified* only to choose which configured issuer's keys to
 * verify with; the choice is an exact string match, and `jwtVerify` then checks signature, algorithm, issuer, `exp`
 * and `nbf` (no clock skew, as the reference).
 */
import { decodeJwt, errors, jwtVerify } from "jose";
import type { TokenScheme } from "../../domain/caller.js";
import { callerFromClaims } from "./caller-from-claims.js";
import { defaultSigningKeyOptions, IssuerSigningKeys, type SigningKeyOptions } from "./issuer-signing-keys.js";
import type { AuthenticationOutcome, TokenAuthenticator } from "./token-authenticator.js";
import { trustedIssuersFrom } from "./trusted-issuers.js";

/** jose failures that mean "we could not fetch keys", as opposed to "this token is bad". */
const keyRetrievalErrorCodes = new Set(["ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID", "ERR_JOSE_GENERIC"]);

export class JwtAuthenticator implements TokenAuthenticator {
  private readonly issuers: readonly IssuerSigningKeys[];

  constructor(issuers: Record<TokenScheme, string>, options: SigningKeyOptions = defaultSigningKeyOptions) {
    this.issuers = trustedIssuersFrom(issuers).map((trusted) => new IssuerSigningKeys(trusted, options));
  }

  async authenticate(token: string): Promise<AuthenticationOutcome> {
    let claimedIssuer: unknown;
    try {
      claimedIssuer = decodeJwt(token).iss;
    } catch (error) {
      return { ok: false, failure: "malformedToken", detail: errorText(error) };
    }
    const issuer = this.issuers.find((candidate) => candidate.trusted.issuer === claimedIssuer);
    if (!issuer) return { ok: false, failure: "untrustedIssuer", detail: `iss ${JSON.stringify(claimedIssuer)}` };

    const { trusted } = issuer;
    try {
      const keys = await issuer.keys();
      const { payload } = await jwtVerify(token, keys, {
        issuer: trusted.issuer,
        algorithms: [...trusted.algorithms],
        requiredClaims: ["exp"],
        clockTolerance: 0,
      });
      return { ok: true, caller: callerFromClaims(trusted.scheme, trusted.issuer, payload) };
    } catch (error) {
      const failure = isKeyRetrievalFailure(error) ? "issuerUnavailable" : "invalidToken";
      return { ok: false, failure, detail: `${trusted.scheme}: ${errorText(error)}` };
    }
  }
}

function isKeyRetrievalFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return keyRetrievalErrorCodes.has(error.code);
  // Anything that is not a jose error comes from discovery or the network (IssuerDiscoveryError, fetch failures).
  return true;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
