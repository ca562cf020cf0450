/**
 * Static checks of the Bicep in infra/ (no compiler here; CI's infra workflow builds, lints and runs what-if).
 * Each check runs on the real files, and once more on a broken snippet to prove that it can fail.
 */
import { describe, expect, it } from "vitest";
import { scanBicep } from "./bicep-scanner.js";
import {
  checkIdentityOnly,
  checkLocalModuleParameters,
  checkModuleReferences,
  checkNoSecrets,
  checkParameterFile,
  checkRoleAssignmentNames,
  identityDeclarations,
  type SourceFile,
} from "./checks.js";
import { filesUnder, readRepositoryFile, repositoryFileExists } from "./files.js";

const infraFiles = filesUnder("infra");
const bicepFiles = infraFiles.filter((file) => file.path.endsWith(".bicep"));
const main = readRepositoryFile("infra/main.bicep");
const paramFiles = infraFiles.filter((file) => file.path.endsWith(".bicepparam"));

describe("infra/ layout", () => {
  it("has main.bicep, its modules and one parameter file per environment", () => {
    expect(bicepFiles.map((file) => file.path)).toContain("infra/main.bicep");
    expect(paramFiles.map((file) => file.path).sort()).toEqual([
      "infra/env/production.bicepparam",
      "infra/env/staging.bicepparam",
      "infra/env/test.bicepparam",
    ]);
    expect(scanBicep(main.text).statements.some((statement) => statement.text === "targetScope = 'resourceGroup'")).toBe(true);
  });
});

describe("every module referenced exists", () => {
  it("holds for infra/", () => {
    expect(checkModuleReferences(infraFiles, repositoryFileExists)).toEqual([]);
    // Not vacuous: main.bicep references local modules and AVM modules.
    const modules = scanBicep(main.text).modules.map((module) => module.path);
    expect(modules.filter((path) => path.startsWith("modules/")).length).toBeGreaterThanOrEqual(3);
    expect(modules.filter((path) => path.startsWith("br/public:avm/")).length).toBeGreaterThanOrEqual(5);
  });

  it("fails for a missing local module, an unpinned AVM module and a missing JSON file", () => {
    const broken: SourceFile = {
      path: "infra/main.bicep",
      text: [
        "var defs = loadJsonContent('missing.json')",
        "module a 'modules/does-not-exist.bicep' = {",
        "  name: 'a'",
        "}",
        "module b 'br/public:avm/res/web/site:latest' = {",
        "  name: 'b'",
        "}",
        "module c 'modules/exists.bicep' = {",
        "  name: 'c'",
        "}",
      ].join("\n"),
    };
    const problems = checkModuleReferences([broken], (path) => path === "infra/modules/exists.bicep");
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/does-not-exist/);
    expect(problems.join("\n")).toMatch(/latest/);
    expect(problems.join("\n")).toMatch(/missing\.json/);
  });
});

describe("local modules are called with the parameters they declare", () => {
  it("holds for infra/", () => {
    expect(checkLocalModuleParameters(infraFiles)).toEqual([]);
  });

  it("fails for an undeclared parameter and a missing required one", () => {
    const caller: SourceFile = {
      path: "infra/main.bicep",
      text: "module m 'modules/m.bicep' = {\n  name: 'm'\n  params: {\n    typo: 1\n  }\n}",
    };
    const callee: SourceFile = { path: "infra/modules/m.bicep", text: "param needed string\nparam optional int = 1" };
    const problems = checkLocalModuleParameters([caller, callee]);
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/passes 'typo'/);
    expect(problems.join("\n")).toMatch(/required parameter 'needed'/);
  });
});

describe("every parameter of each .bicepparam is declared in main.bicep", () => {
  it.each(paramFiles.map((file) => [file.path, file] as const))("holds for %s", (_path, file) => {
    expect(checkParameterFile(file, main)).toEqual([]);
  });

  it("fails for an undeclared parameter, a missing required one, a wrong allowed value and a wrong using", () => {
    const broken: SourceFile = {
      path: "infra/env/broken.bicepparam",
      text: "using '../other.bicep'\nparam environmentName = 'qa'\nparam notDeclared = 1",
    };
    const problems = checkParameterFile(broken, main);
    expect(problems.join("\n")).toMatch(/uses infra\/other\.bicep/);
    expect(problems.join("\n")).toMatch(/'notDeclared', which infra\/main\.bicep does not declare/);
    expect(problems.join("\n")).toMatch(/'qa', not one of test, staging, production/);
    expect(problems.join("\n")).toMatch(/required parameter 'altinnPlatformBaseUrl'/);
  });
});

describe("no secret literal, account key or connection string in infra/", () => {
  it("holds for every file in infra/", () => {
    expect(infraFiles.length).toBeGreaterThan(8);
    expect(checkNoSecrets(infraFiles)).toEqual([]);
  });

  it.each([
    ["a storage connection string", "var c = 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc'"],
    ["a Service Bus connection string", "var c = 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=abc'"],
    ["a key read from a resource", "var k = storage.listKeys().keys[0].value"],
    ["a connection string read from a module", "var k = bus.outputs.primaryConnectionString"],
    ["a padded base64 key", "var k = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='"],
    ["an unpadded key", '{ "token": "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0123456789" }'],
    ["a password literal", "param admin object = { password: 'Sup3rS3cret!' }"],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----"],
    ["a secure parameter with a default", "@secure()\nparam token string = 'abc'"],
    ["a secure output", "@secure()\noutput token string = x"],
  ])("fails for %s", (_what, text) => {
    expect(checkNoSecrets([{ path: "infra/broken.bicep", text }])).not.toEqual([]);
  });

  it("does not flag resource types, role ids, URLs or durations", () => {
    const text = [
      "resource c 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {}",
      "var role = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'",
      "var url = 'https://platform.tt02.altinn.no/authentication/api/v1/openid/'",
      "var forever = 'P10675199DT2H48M5.4775807S'",
    ].join("\n");
    expect(checkNoSecrets([{ path: "infra/fine.bicep", text }])).toEqual([]);
  });
});

describe("key access is off on Cosmos DB, Service Bus and Storage (and App Insights, Event Grid, Key Vault)", () => {
  it("holds for infra/", () => {
    expect(checkIdentityOnly(bicepFiles)).toEqual([]);
    // Not vacuous: the check found the services it guards.
    const found = identityDeclarations(bicepFiles).map((declaration) => declaration.rule.what);
    expect(found.filter((what) => what === "Storage account")).toHaveLength(2);
    expect(found).toContain("Cosmos DB account");
    expect(found).toContain("Service Bus namespace");
    expect(found).toContain("Application Insights");
    expect(found).toContain("Event Grid topic");
    expect(found).toContain("Key Vault");
  });

  it.each([
    [
      "a Cosmos account without disableLocalAuth",
      "resource c 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {\n  name: 'c'\n  properties: {\n    minimalTlsVersion: 'Tls12'\n  }\n}",
      /does not set disableLocalAuth/,
    ],
    [
      "a Cosmos account whose switch is a parameter",
      "resource c 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {\n  properties: {\n    disableLocalAuth: localAuthOff\n    minimalTlsVersion: 'Tls12'\n  }\n}",
      /to 'localAuthOff'/,
    ],
    [
      "a Service Bus namespace with local auth on",
      "module sb 'br/public:avm/res/service-bus/namespace:0.16.1' = {\n  params: {\n    disableLocalAuth: false\n  }\n}",
      /to 'false', not true/,
    ],
    [
      "a storage account with shared keys on",
      "module st 'br/public:avm/res/storage/storage-account:0.32.0' = {\n  params: {\n    allowSharedKeyAccess: true\n    minimumTlsVersion: 'TLS1_2'\n  }\n}",
      /allowSharedKeyAccess to 'true'/,
    ],
    [
      "a storage account with the switch only in a comment",
      "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  properties: {\n    // allowSharedKeyAccess: false\n    minimumTlsVersion: 'TLS1_2'\n  }\n}",
      /does not set allowSharedKeyAccess/,
    ],
    [
      "a storage account allowing TLS 1.0",
      "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  properties: {\n    allowSharedKeyAccess: false\n    minimumTlsVersion: 'TLS1_0'\n  }\n}",
      /minimumTlsVersion/,
    ],
  ])("fails for %s", (_what, text, message) => {
    const problems = checkIdentityOnly([{ path: "infra/broken.bicep", text }]);
    expect(problems.join("\n")).toMatch(message);
  });

  it("does not count an existing (referenced, not deployed) account", () => {
    const text = "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {\n  name: 'x'\n}";
    expect(identityDeclarations([{ path: "infra/x.bicep", text }])).toEqual([]);
  });
});

describe("role assignments declared here have deterministic names", () => {
  it("holds for infra/", () => {
    expect(checkRoleAssignmentNames(bicepFiles)).toEqual([]);
    expect(readRepositoryFile("infra/modules/cosmos.bicep").text).toContain("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@");
  });

  it("fails for a role assignment named by a fixed string", () => {
    const text = "resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: 'my-assignment'\n  properties: {}\n}";
    expect(checkRoleAssignmentNames([{ path: "infra/broken.bicep", text }])).toHaveLength(1);
  });
});
