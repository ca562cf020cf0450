/**
 * Real token issuers for authentication tests: the Altinn stub server (dev/stubs) in-process, which signs tokens the
 * way the local platform does and publishes each issuer's discovery document and JWKS at the real paths.
 * Next to it a small server hosts what a hostile or broken issuer would publish:
 *  - an impostor whose identifier merely *contains* the configured Altinn issuer, with a perfectly valid metadata
 *    document and JWKS of its own (and Altinn's key id);
 *  - a metadata document that names another issuer than the one it is served for.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PublishedIssuers } from "../../../dev/stubs/issuers.js";
import { startStubServer } from "../../../dev/stubs/server.js";
import type { TokenScheme } from "../../../shared/domain/caller.js";

export interface Impostor {
  issuer: string;
  /** Signs with the impostor's own key, under the key id the real Altinn issuer uses. */
  sign(claims: Record<string, unknown>): Promise<string>;
}

export interface LocalTokenIssuers {
  /** The stub server's issuers (sign with these). */
  issuers: PublishedIssuers;
  /** The `issuers` section of Config for these issuers. */
  configured: Record<TokenScheme, string>;
  impostor: Impostor;
  /** An issuer identifier whose metadata document names the Altinn issuer instead of itself. */
  misdirectedIssuer: string;
  /** Paths requested from the side server (impostor, misdirected), in order. */
  sideRequests: string[];
  close(): Promise<void>;
}

export async function startLocalTokenIssuers(): Promise<LocalTokenIssuers> {
  const stub = await startStubServer({ port: 0, apiBaseUrl: "http://127.0.0.1:7071" });
  const { altinn, maskinporten, dialogporten } = stub.issuers;

  const documents = new Map<string, () => unknown>();
  const sideRequests: string[] = [];
  const side = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    sideRequests.push(path);
    const document = documents.get(path);
    res.writeHead(document ? 200 : 404, { "content-type": "application/json" });
    res.end(document ? JSON.stringify(document()) : "{}");
  });
  await new Promise<void>((resolve) => side.listen(0, "127.0.0.1", resolve));
  const sideUrl = `http://127.0.0.1:${(side.address() as AddressInfo).port}`;
  const publish = (absolute: string, document: () => unknown) => documents.set(absolute.slice(sideUrl.length), document);

  // e.g. http://127.0.0.1:<side>/http://127.0.0.1:<stub>/authentication/api/v1/openid/
  const impostor = await createImpostor(`${sideUrl}/${altinn.issuer}`);
  publish(`${impostor.issuer}.well-known/openid-configuration`, () => ({
    issuer: impostor.issuer,
    jwks_uri: `${impostor.issuer}jwks`,
  }));
  publish(`${impostor.issuer}jwks`, () => impostor.jwks);

  const misdirectedIssuer = `${sideUrl}/misdirected/`;
  publish(`${misdirectedIssuer}.well-known/openid-configuration`, () => ({
    issuer: altinn.issuer,
    jwks_uri: `${altinn.issuer}.well-known/openid-configuration/jwks`,
  }));

  return {
    issuers: stub.issuers,
    configured: { altinn: altinn.issuer, maskinporten: maskinporten.issuer, dialogporten: dialogporten.issuer },
    impostor,
    misdirectedIssuer,
    sideRequests,
    close: async () => {
      side.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => side.close(() => resolve())), stub.close()]);
    },
  };
}

/** A signer outside every configured issuer, for forged tokens (wrong key, chosen `iss`). */
export async function createForger(
  keyId: string,
): Promise<{ sign(claims: Record<string, unknown>, iss: string): Promise<string> }> {
  const { privateKey } = await generateKeyPair("RS256");
  return {
    sign: (claims, iss) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: keyId, typ: "JWT" })
        .setIssuer(iss)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey),
  };
}

async function createImpostor(issuer: string): Promise<Impostor & { jwks: { keys: unknown[] } }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "local-altinn";
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] };
  return {
    issuer,
    jwks,
    sign: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey),
  };
}
