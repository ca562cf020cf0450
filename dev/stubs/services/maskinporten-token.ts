/**
 * Maskinporten's token endpoint: the JWT-bearer grant an integrator's client uses (`grant_type=
 * urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<client JWT>`). Checked as Maskinporten does, except that
 * the assertion's `aud` is not compared with the local issuer, and a client with no registered key may sign with
 * any RS256 key (verified against the key in the assertion's `jwk`/`x5c` header when it carries one).
 * Failures are OAuth error JSON, `{error, error_description}`.
 */
import { randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, EmbeddedJWK, importJWK, importX509, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import type { StubContext } from "../context.js";
import type { StubFixtures } from "../fixtures.js";
import type { StubHandler, StubResponse } from "../router.js";

const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** Maskinporten refuses assertions that live longer than two minutes. */
const MAXIMUM_ASSERTION_LIFETIME_SECONDS = 120;

const tokenRequestSchema = z.object({
  grant_type: z.string().optional(),
  assertion: z.string().optional(),
  /** Audience-restricted tokens (RFC 8707); becomes the access token's `aud`. */
  resource: z.string().optional(),
});

type OAuthError = "invalid_request" | "unsupported_grant_type" | "invalid_grant" | "invalid_client" | "invalid_scope";

type MaskinportenClient = StubFixtures["maskinportenClients"][string];

class OAuthFailure extends Error {
  constructor(
    readonly error: OAuthError,
    description: string,
  ) {
    super(description);
  }
}

export function maskinportenTokenEndpoint(context: StubContext): StubHandler {
  const usedAssertionIds = new Set<string>();
  context.onReset(() => usedAssertionIds.clear());

  return async (req) => {
    try {
      if (!(req.headers["content-type"] ?? "").toLowerCase().includes("application/x-www-form-urlencoded")) {
        throw new OAuthFailure("invalid_request", "The token request must be application/x-www-form-urlencoded");
      }
      const form = tokenRequestSchema.parse(req.body ?? {});
      if (form.grant_type !== JWT_BEARER_GRANT) {
        throw new OAuthFailure("unsupported_grant_type", `grant_type must be ${JWT_BEARER_GRANT}`);
      }
      if (!form.assertion) throw new OAuthFailure("invalid_request", "assertion is required");

      const { claims: assertion, clientId, client } = await verifiedAssertion(form.assertion, context);
      // Maskinporten accepts each assertion once; jti is optional, but when given it must be new.
      if (typeof assertion.jti === "string") {
        if (usedAssertionIds.has(assertion.jti)) {
          throw new OAuthFailure("invalid_grant", "The assertion's jti has been used before");
        }
        usedAssertionIds.add(assertion.jti);
      }
      const scope = grantedScope(assertion.scope, client.scopes);
      const audience = form.resource;
      const claims = maskinportenAccessTokenClaims({ clientId, orgNumber: client.orgNumber, scope, audience });
      const accessToken = await context.issuers.maskinporten.sign(claims, {
        expiresInSeconds: ACCESS_TOKEN_LIFETIME_SECONDS,
      });
      return {
        status: 200,
        json: { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, scope },
      };
    } catch (failure) {
      if (failure instanceof OAuthFailure) return oauthError(failure);
      throw failure;
    }
  };
}

async function verifiedAssertion(
  assertion: string,
  context: StubContext,
): Promise<{ claims: JWTPayload; clientId: string; client: MaskinportenClient }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw new OAuthFailure("invalid_grant", "The assertion is not a JWT");
  }
  if (header.alg !== "RS256") throw new OAuthFailure("invalid_grant", "The assertion must be signed with RS256");
  const clientId = claims.iss;
  const client = clientId ? context.fixtures.maskinportenClients[clientId] : undefined;
  if (!clientId || !client) {
    throw new OAuthFailure(
      "invalid_client",
      `Unknown client '${clientId ?? ""}': iss must be a client id in the fixtures' maskinportenClients`,
    );
  }
  checkLifetime(claims);
  const rs256 = { algorithms: ["RS256"] };
  try {
    if (client.publicJwk) await jwtVerify(assertion, await importJWK(client.publicJwk, "RS256"), rs256);
    else if (header.jwk) await jwtVerify(assertion, EmbeddedJWK, rs256);
    else if (header.x5c?.[0]) {
      await jwtVerify(assertion, await importX509(certificatePem(header.x5c[0]), "RS256"), rs256);
    }
    // Otherwise the client has no registered key and sent none: there is nothing to check the signature against.
  } catch {
    throw new OAuthFailure("invalid_grant", "The assertion's signature does not verify");
  }
  return { claims, clientId, client };
}

function checkLifetime(claims: JWTPayload): void {
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || typeof claims.iat !== "number") {
    throw new OAuthFailure("invalid_grant", "The assertion must carry exp and iat");
  }
  if (claims.exp <= now) throw new OAuthFailure("invalid_grant", "The assertion has expired");
  if (claims.exp - claims.iat > MAXIMUM_ASSERTION_LIFETIME_SECONDS) {
    const limit = MAXIMUM_ASSERTION_LIFETIME_SECONDS;
    throw new OAuthFailure("invalid_grant", `The assertion may live at most ${limit} seconds`);
  }
}

function grantedScope(requested: unknown, allowed: string[]): string {
  const scopes = typeof requested === "string" ? requested.split(/\s+/).filter((scope) => scope.length > 0) : [];
  if (scopes.length === 0) throw new OAuthFailure("invalid_scope", "The assertion must carry a scope claim");
  const refused = scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new OAuthFailure("invalid_scope", `The client may not use: ${refused.join(" ")}`);
  }
  return scopes.join(" ");
}

/** Claims of a Maskinporten access token (scope, consumer, client_id, jti; `aud` only for a requested resource). */
export function maskinportenAccessTokenClaims(input: {
  clientId: string;
  orgNumber: string;
  scope: string;
  audience?: string;
}): Record<string, unknown> {
  return {
    scope: input.scope,
    client_amr: "private_key_jwt",
    token_type: "Bearer",
    client_id: input.clientId,
    jti: randomUUID(),
    consumer: consumerClaim(input.orgNumber),
    ...(input.audience ? { aud: input.audience } : {}),
  };
}

/** Maskinporten's way of naming the client's organisation; Altinn tokens copy it. */
export function consumerClaim(orgNumber: string): { authority: string; ID: string } {
  return { authority: "iso6523-actorid-upis", ID: `0192:${orgNumber}` };
}

function certificatePem(base64Der: string): string {
  const lines = base64Der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----`;
}

function oauthError(failure: OAuthFailure): StubResponse {
  return { status: 400, json: { error: failure.error, error_description: failure.message } };
}
