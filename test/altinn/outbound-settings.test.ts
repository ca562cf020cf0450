/** The settings of our Maskinporten client and KRR: what is accepted where, and that the adapters insist on them. */
import { describe, expect, it } from "vitest";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";
import { createAltinnAdapters } from "../../shared/adapters/altinn/create-altinn-adapters.js";
import { ConfigError, parseConfig } from "../../shared/config/config.js";

const local = localAppSettings(defaultPorts, "/tmp/key.json");
const deployed: Record<string, string> = {
  CORRESPONDENCE_ENVIRONMENT: "test",
  PUBLIC_BASE_URL: "https://correspondence.example.no",
  ALTINN_PLATFORM_BASE_URL: "https://platform.tt02.altinn.no",
  DIALOGPORTEN_BASE_URL: "https://platform.tt02.altinn.no/dialogporten",
  ALTINN_TOKEN_ISSUER: "https://platform.tt02.altinn.no/authentication/api/v1/openid/",
  MASKINPORTEN_TOKEN_ISSUER: "https://test.maskinporten.no/",
  DIALOGPORTEN_TOKEN_ISSUER: "https://platform.tt02.altinn.no/dialogporten/api/v1",
  COSMOS__accountEndpoint: "https://corr-test.documents.azure.com:443/",
  ATTACHMENT_STORAGE__blobServiceUri: "https://corrtestattachments.blob.core.windows.net",
  SERVICEBUS__fullyQualifiedNamespace: "corr-test.servicebus.windows.net",
  CONTACT_RESERVATION_REGISTRY_BASE_URL: "https://test.kontaktregisteret.no",
};

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe("Maskinporten client settings", () => {
  it("locally: a client id and a key file path (never the key itself)", () => {
    const config = parseConfig(local);
    expect(config.maskinportenClient).toEqual({
      clientId: "local-serviceowner",
      signingKey: { kind: "file", path: "/tmp/key.json" },
    });
    expect(config.altinn.contactReservationRegistryBaseUrl).toBe("http://127.0.0.1:7080/krr");
  });

  it("in Azure: a client id and a Key Vault secret URI", () => {
    const secretUri = "https://kv-corr-test.vault.azure.net/secrets/maskinporten-signing-jwk";
    const config = parseConfig({ ...deployed, MASKINPORTEN_CLIENT_ID: "abc", MASKINPORTEN_SIGNING_KEY_SECRET_URI: secretUri });
    expect(config.maskinportenClient).toEqual({ clientId: "abc", signingKey: { kind: "keyVault", secretUri } });
  });

  it("refuses a key file outside local development, two key sources, and a client id without a key", () => {
    expect(issuesOf({ ...deployed, MASKINPORTEN_CLIENT_ID: "abc", MASKINPORTEN_SIGNING_KEY_FILE: "/k.json" })).toEqual([
      expect.stringMatching(/MASKINPORTEN_SIGNING_KEY_FILE is for local development only/),
    ]);
    expect(
      issuesOf({ ...local, MASKINPORTEN_SIGNING_KEY_SECRET_URI: "https://kv.vault.azure.net/secrets/k" }),
    ).toEqual([expect.stringMatching(/only one of/)]);
    expect(issuesOf({ ...deployed, MASKINPORTEN_CLIENT_ID: "abc" })).toEqual([expect.stringMatching(/needs a signing key/)]);
    expect(issuesOf({ ...deployed, MASKINPORTEN_SIGNING_KEY_SECRET_URI: "http://kv.vault.azure.net/secrets/k" })).not.toEqual([]);
  });

  it("without them the configuration parses, but the Altinn adapters refuse to be built", () => {
    const config = parseConfig({ ...deployed, CONTACT_RESERVATION_REGISTRY_BASE_URL: undefined });
    expect(config.maskinportenClient).toBeUndefined();
    let failure: unknown;
    try {
      createAltinnAdapters(config);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).issues).toEqual([
      expect.stringMatching(/MASKINPORTEN_CLIENT_ID/),
      expect.stringMatching(/CONTACT_RESERVATION_REGISTRY_BASE_URL/),
    ]);
  });
});
