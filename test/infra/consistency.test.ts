/**
 * One source of truth: the settings the config schema requires, the Service Bus entities and the Cosmos / Blob
 * containers the code uses must all be declared in the JSON files under infra/, which main.bicep deploys.
 * Each check runs on the real repository and on a broken fixture, so none of them can pass by not looking.
 */
import { describe, expect, it } from "vitest";
import { connectionNames, requiredAzureSettings } from "../../shared/config/config.js";
import { queueNames as parkingQueueNames } from "../../shared/use-cases/message-delivery/parking-queue.js";
import {
  checkAppSettings,
  checkCodeNames,
  checkCosmosDefinitions,
  checkParkingQueueAlert,
  checkServiceBusDefinitions,
  type AppSettingEntry,
  type CosmosDefinitions,
  type ServiceBusDefinitions,
  type StorageDefinitions,
} from "./checks.js";
import { scanDirectories, scanSources } from "./code-scanner.js";
import { readJson, readRepositoryFile, repositoryRoot } from "./files.js";

const appSettings = readJson<{ settings: AppSettingEntry[] }>("infra/app-settings.json").settings;
const serviceBus = readJson<ServiceBusDefinitions>("infra/servicebus.json");
const cosmos = readJson<CosmosDefinitions>("infra/cosmos.json");
const storage = readJson<StorageDefinitions>("infra/storage.json");
const main = readRepositoryFile("infra/main.bicep");
const functionApp = readRepositoryFile("infra/modules/function-app.bicep");
const alerts = readRepositoryFile("infra/modules/alerts.bicep");

const appSettingsInput = {
  requiredSettings: requiredAzureSettings(),
  connectionNames: Object.values(connectionNames),
  settings: appSettings,
  main,
  functionApp,
};

describe("app settings: infra/app-settings.json is complete and is what main.bicep deploys", () => {
  it("holds for the repository", () => {
    expect(checkAppSettings(appSettingsInput)).toEqual([]);
    // Not vacuous: the schema requires settings and connections.
    expect(appSettingsInput.requiredSettings).toContain("COSMOS__accountEndpoint");
    expect(appSettingsInput.requiredSettings).toContain("PUBLIC_BASE_URL");
  });

  it("fails when the config schema requires a setting the list does not set", () => {
    const problems = checkAppSettings({ ...appSettingsInput, requiredSettings: [...appSettingsInput.requiredSettings, "NEW_REQUIRED_SETTING"] });
    expect(problems).toEqual([expect.stringMatching(/requires 'NEW_REQUIRED_SETTING'/)]);
  });

  it("fails when a required setting is dropped from the list or marked optional", () => {
    const withoutCosmos = appSettings.filter((setting) => setting.name !== "COSMOS__accountEndpoint");
    expect(checkAppSettings({ ...appSettingsInput, settings: withoutCosmos }).join("\n")).toMatch(/COSMOS__accountEndpoint/);
    const optionalUrl = appSettings.map((setting) => (setting.name === "PUBLIC_BASE_URL" ? { ...setting, required: false } : setting));
    expect(checkAppSettings({ ...appSettingsInput, settings: optionalUrl }).join("\n")).toMatch(/optional/);
  });

  it("fails when a source or parameter is not mapped in main.bicep", () => {
    const settings = [
      ...appSettings,
      { name: "A", source: "noSuchSource" },
      { name: "B", source: "parameter", parameter: "noSuchParameter" },
      { name: "C", source: "environment", values: { test: "x" } },
    ];
    const problems = checkAppSettings({ ...appSettingsInput, settings }).join("\n");
    expect(problems).toMatch(/source 'noSuchSource'/);
    expect(problems).toMatch(/parameter 'noSuchParameter'/);
    expect(problems).toMatch(/no value for environment 'staging'/);
  });

  it("fails when a connection is not identity-based", () => {
    const settings = appSettings.map((setting) =>
      setting.connection === "SERVICEBUS" ? { name: "SERVICEBUS", source: setting.source, required: true } : setting,
    );
    expect(checkAppSettings({ ...appSettingsInput, settings }).join("\n")).toMatch(/connection 'SERVICEBUS' has no identity-based setting/);
  });

  it("fails when main.bicep does not hand app-settings.json to the function app", () => {
    const unmapped = main.text.replace("appSettings: appSettingsDefinition.settings", "appSettings: []");
    expect(unmapped).not.toBe(main.text);
    expect(checkAppSettings({ ...appSettingsInput, main: { ...main, text: unmapped } }).join("\n")).toMatch(/not taken from app-settings\.json/);
    const notLoaded = main.text.replace("loadJsonContent('app-settings.json')", "{ settings: [] }");
    expect(checkAppSettings({ ...appSettingsInput, main: { ...main, text: notLoaded } }).join("\n")).toMatch(/does not load app-settings\.json/);
  });

  it("fails when the function app module does not build the site's settings from the list", () => {
    const ignored = functionApp.text.replace("properties: siteAppSettings", "properties: {}");
    expect(ignored).not.toBe(functionApp.text);
    expect(checkAppSettings({ ...appSettingsInput, functionApp: { ...functionApp, text: ignored } }).join("\n")).toMatch(
      /not built from the appSettings parameter/,
    );
  });
});

describe("Service Bus: every queue / topic the code uses is declared in infra/servicebus.json", () => {
  it("holds for functions/ and shared/", () => {
    const scan = scanDirectories(repositoryRoot, ["functions", "shared"]);
    expect(checkCodeNames(scan, serviceBus, cosmos, storage)).toEqual([]);
  });

  it("fails for an undeclared trigger queue, sender entity, topic subscription and a map typo", () => {
    const scan = scanSources({
      "shared/messaging/names.ts": 'export const queueNames = { publish: "correspondence-publish", purge: "correspondence-purge" } as const;',
      "functions/handlers.ts": [
        'app.serviceBusQueue("purge", { connection: "SERVICEBUS", queueName: "attachment-purge", handler });',
        'app.serviceBusTopic("events", { connection: "SERVICEBUS", topicName: "correspondence-events", subscriptionName: "no-such-subscription", handler });',
        'sender = client.createSender("no-such-entity");',
        "sender = client.createSender(queueNames.publsh);",
        "sender = client.createSender(queueNames.publish);",
        'ok = client.createSender("correspondence-events");',
      ].join("\n"),
    });
    const problems = checkCodeNames(scan, serviceBus, cosmos, storage).join("\n");
    expect(problems).toMatch(/queue 'correspondence-purge'/); // from the map
    expect(problems).toMatch(/queue 'attachment-purge'/); // from the trigger
    expect(problems).toMatch(/subscription 'no-such-subscription' of topic 'correspondence-events'/);
    expect(problems).toMatch(/sends to 'no-such-entity'/);
    expect(problems).toMatch(/queueNames\.publsh names no entry/);
    expect(problems).not.toMatch(/'correspondence-publish'/);
    expect(problems).not.toMatch(/sends to 'correspondence-events'/);
  });

  it("states delivery count, lock, dead-lettering and duplicate detection for every entity", () => {
    expect(checkServiceBusDefinitions(serviceBus)).toEqual([]);
    const broken: ServiceBusDefinitions = {
      queues: [{ name: "q", maxDeliveryCount: 10, requiresDuplicateDetection: true, deadLetteringOnMessageExpiration: true }],
      topics: [{ name: "t", requiresDuplicateDetection: false, subscriptions: [{ name: "s", maxDeliveryCount: 5, lockDuration: "1 minute" }] }],
    };
    const problems = checkServiceBusDefinitions(broken).join("\n");
    expect(problems).toMatch(/queue 'q': lockDuration/);
    expect(problems).toMatch(/queue 'q': duplicateDetectionHistoryTimeWindow/);
    expect(problems).toMatch(/subscription 't\/s': lockDuration/);
    expect(problems).toMatch(/subscription 't\/s': deadLetteringOnMessageExpiration/);
  });
});

describe("Service Bus: the parking queue is deployed and an alert watches it", () => {
  const input = { parkingQueueName: parkingQueueNames.parkedMessages, serviceBus, main, alerts };

  it("holds for the repository", () => {
    expect(checkParkingQueueAlert(input)).toEqual([]);
  });

  it("fails when the queue is not declared, not passed to the alerts module, or not watched", () => {
    const undeclared = { ...serviceBus, queues: serviceBus.queues.filter((queue) => queue.name !== input.parkingQueueName) };
    expect(checkParkingQueueAlert({ ...input, serviceBus: undeclared }).join("\n")).toMatch(/does not declare the parking queue/);
    const otherName = main.text.replace(`var parkingQueueName = '${input.parkingQueueName}'`, "var parkingQueueName = 'elsewhere'");
    expect(otherName).not.toBe(main.text);
    expect(checkParkingQueueAlert({ ...input, main: { ...main, text: otherName } }).join("\n")).toMatch(/not given parkingQueueName/);
    const unwatched = alerts.text.replace("metricName: 'ActiveMessages'", "metricName: 'IncomingMessages'");
    expect(unwatched).not.toBe(alerts.text);
    expect(checkParkingQueueAlert({ ...input, alerts: { ...alerts, text: unwatched } }).join("\n")).toMatch(/no metric alert on ActiveMessages/);
  });
});

describe("Cosmos DB and Blob: every container the code uses is declared", () => {
  it("holds for functions/ and shared/", () => {
    const scan = scanDirectories(repositoryRoot, ["functions", "shared"]);
    expect(scan.uses.filter((use) => use.kind === "cosmosContainer" && !cosmos.containers.some((c) => c.name === use.name))).toEqual([]);
  });

  it("fails for an undeclared Cosmos container (map or .container()) and an undeclared blob container", () => {
    const scan = scanSources({
      "shared/adapters/cosmos/names.ts": 'export const containerNames = { correspondences: "correspondences", outbox: "outbox" } as const;',
      "shared/adapters/cosmos/repo.ts": 'const c = client.database(db).container("notifications");\nconst ok = client.database(db).container(containerNames.correspondences);',
      "shared/adapters/blob/store.ts": 'const b = service.getContainerClient("quarantine");',
    });
    const problems = checkCodeNames(scan, serviceBus, cosmos, storage).join("\n");
    expect(problems).toMatch(/Cosmos container 'outbox'/);
    expect(problems).toMatch(/Cosmos container 'notifications'/);
    expect(problems).toMatch(/blob container 'quarantine'/);
    expect(problems).not.toMatch(/'correspondences'/);
  });

  it("gives every Cosmos container a partition key, indexing policy and unique keys", () => {
    expect(checkCosmosDefinitions(cosmos)).toEqual([]);
    const broken: CosmosDefinitions = {
      database: "db",
      containers: [
        { name: "a", partitionKey: { paths: ["id"] }, indexingPolicy: { compositeIndexes: [[{ path: "/x" }]] } },
        { name: "a", indexingPolicy: {}, uniqueKeys: [] },
      ],
    };
    const problems = checkCosmosDefinitions(broken).join("\n");
    expect(problems).toMatch(/declared twice/);
    expect(problems).toMatch(/container 'a': partitionKey\.paths/);
    expect(problems).toMatch(/uniqueKeys missing/);
    expect(problems).toMatch(/compositeIndexes/);
  });
});
