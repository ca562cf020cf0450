import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, requiredAzureSettings } from "../../shared/config/config.js";
import { loadConfigOrFail } from "../../shared/config/load-config.js";
import { defaultPorts, localAppSettings } from "../../dev/platform/local-environment.js";

const local = localAppSettings(defaultPorts);

/** The settings of a deployed app: identity-based connections, no connection strings. */
function azureSettings(environment: string): Record<string, string> {
  return {
    CORRESPONDENCE_ENVIRONMENT: environment,
    PUBLIC_BASE_URL: "https://correspondence.example.no",
    ALTINN_PLATFORM_BASE_URL: "https://platform.tt02.altinn.no",
    DIALOGPORTEN_BASE_URL: "https://platform.tt02.altinn.no/dialogporten",
    ALTINN_TOKEN_ISSUER: "https://platform.tt02.altinn.no/authentication/api/v1/openid/",
    MASKINPORTEN_TOKEN_ISSUER: "https://test.maskinporten.no/",
    DIALOGPORTEN_TOKEN_ISSUER: "https://platform.tt02.altinn.no/dialogporten/api/v1",
    COSMOS__accountEndpoint: "https://corr-test.documents.azure.com:443/",
    COSMOS__clientId: "11111111-2222-3333-4444-555555555555",
    ATTACHMENT_STORAGE__blobServiceUri: "https://corrtestattachments.blob.core.windows.net",
    SERVICEBUS__fullyQualifiedNamespace: "corr-test.servicebus.windows.net",
  };
}

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected parseConfig to fail");
}

describe("parseConfig", () => {
  it("accepts the local settings with emulator connection strings", () => {
    const config = parseConfig(local);
    expect(config.environment).toBe("local");
    expect(config.cosmos).toMatchObject({ kind: "connectionString", databaseName: "correspondence" });
    expect(config.attachmentStorage.kind).toBe("connectionString");
    expect(config.serviceBus.kind).toBe("connectionString");
    expect(config.issuers.altinn).toBe(local.ALTINN_TOKEN_ISSUER);
    expect(config.rules.reminderDelayDays).toBe(1);
  });

  it("accepts identity-based connections, with and without a user-assigned client id", () => {
    const config = parseConfig(azureSettings("production"));
    expect(config.cosmos).toEqual({
      kind: "identity",
      endpoint: "https://corr-test.documents.azure.com:443/",
      clientId: "11111111-2222-3333-4444-555555555555",
      databaseName: "correspondence",
    });
    expect(config.attachmentStorage).toEqual({
      kind: "identity",
      endpoint: "https://corrtestattachments.blob.core.windows.net",
      clientId: undefined,
    });
    expect(config.serviceBus).toMatchObject({ kind: "identity", endpoint: "corr-test.servicebus.windows.net" });
    expect(config.rules).toEqual({
      reminderDelayDays: 7,
      minimumAttachmentExpirationDays: 14,
      confidentialReminderDelaySeconds: 7 * 24 * 3600,
    });
  });

  it("lists every problem at once", () => {
    const issues = issuesOf({
      CORRESPONDENCE_ENVIRONMENT: "moon",
      PUBLIC_BASE_URL: "not a url",
      ALTINN_TOKEN_ISSUER: "ftp://issuer.example/",
    });
    const mentioned = (name: string) => issues.some((issue) => issue.includes(name));
    for (const name of [
      "CORRESPONDENCE_ENVIRONMENT",
      "PUBLIC_BASE_URL",
      "ALTINN_PLATFORM_BASE_URL",
      "DIALOGPORTEN_BASE_URL",
      "ALTINN_TOKEN_ISSUER",
      "MASKINPORTEN_TOKEN_ISSUER",
      "DIALOGPORTEN_TOKEN_ISSUER",
      "COSMOS__accountEndpoint",
      "ATTACHMENT_STORAGE__blobServiceUri",
      "SERVICEBUS__fullyQualifiedNamespace",
    ]) {
      expect(mentioned(name), `${name} in ${issues.join(" | ")}`).toBe(true);
    }
  });

  it("refuses emulator connection strings outside the local environment", () => {
    const { COSMOS, ATTACHMENT_STORAGE, SERVICEBUS } = local;
    const issues = issuesOf({ ...azureSettings("test"), COSMOS, ATTACHMENT_STORAGE, SERVICEBUS, ...withoutIdentity() });
    expect(issues).toHaveLength(3);
    expect(issues.every((issue) => issue.includes("only accepted for local emulators"))).toBe(true);
  });

  it("refuses a connection string to a non-loopback host even locally", () => {
    const issues = issuesOf({
      ...local,
      COSMOS: "AccountEndpoint=https://corr-prod.documents.azure.com:443/;AccountKey=c2VjcmV0;",
    });
    expect(issues).toEqual([
      "COSMOS: connection strings are only accepted for local emulators; set COSMOS__accountEndpoint instead",
    ]);
  });

  it("prefers the identity endpoint when both forms are present", () => {
    const config = parseConfig({ ...local, SERVICEBUS__fullyQualifiedNamespace: "corr.servicebus.windows.net" });
    expect(config.serviceBus).toEqual({ kind: "identity", endpoint: "corr.servicebus.windows.net", clientId: undefined });
  });

  it("names the identity-based settings a deployment must provide", () => {
    expect(requiredAzureSettings()).toEqual(
      expect.arrayContaining([
        "ALTINN_TOKEN_ISSUER",
        "COSMOS__accountEndpoint",
        "ATTACHMENT_STORAGE__blobServiceUri",
        "SERVICEBUS__fullyQualifiedNamespace",
      ]),
    );
    expect(requiredAzureSettings()).not.toContain("COSMOS_DATABASE");
  });
});

describe("loadConfigOrFail", () => {
  it("logs each problem on its own line and rethrows", () => {
    const lines: string[] = [];
    expect(() => loadConfigOrFail({ ...local, PUBLIC_BASE_URL: "nope", COSMOS: undefined }, (line) => lines.push(line))).toThrow(
      ConfigError,
    );
    expect(lines[0]).toBe("Configuration invalid: 2 problem(s)");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^Configuration problem: PUBLIC_BASE_URL: /),
      expect.stringMatching(/^Configuration problem: COSMOS__accountEndpoint .* is required$/),
    ]);
  });
});

function withoutIdentity(): Record<string, undefined> {
  return {
    COSMOS__accountEndpoint: undefined,
    ATTACHMENT_STORAGE__blobServiceUri: undefined,
    SERVICEBUS__fullyQualifiedNamespace: undefined,
  };
}
