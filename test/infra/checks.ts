/**
 * The static checks of infra/, as pure functions that return a list of problems (empty = fine). The tests run them
 * on the real files and, to prove that each one can fail, on broken snippets.
 */
import type { ScanResult } from "./code-scanner.js";
import {
  allowedValues,
  dependsOnSymbol,
  objectKeys,
  objectProperty,
  pinnedAvmReference,
  propertyValues,
  scanBicep,
  type BicepFile,
} from "./bicep-scanner.js";

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

function dirname(path: string): string {
  const index = path.lastIndexOf("/");
  return index === -1 ? "" : path.slice(0, index);
}

/** Resolves a relative path against the directory of `from` (forward slashes, no leading ./). */
export function resolvePath(from: string, relativePath: string): string {
  const parts = dirname(from).split("/").filter((part) => part !== "");
  for (const part of relativePath.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

// -------------------------------------------------------------------------------------------------------------
// Module references and loaded files
// -------------------------------------------------------------------------------------------------------------

/** Every module a Bicep file references exists: a local file, or an AVM module pinned to a version. */
export function checkModuleReferences(files: SourceFile[], exists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  for (const file of files.filter((candidate) => candidate.path.endsWith(".bicep"))) {
    const scanned = scanBicep(file.text);
    for (const module of scanned.modules) {
      if (module.path.startsWith("br/") || module.path.startsWith("br:") || module.path.startsWith("ts")) {
        if (!pinnedAvmReference.test(module.path)) {
          problems.push(`${file.path}:${module.line} module '${module.symbol}': '${module.path}' is not a pinned br/public:avm/...:<x.y.z> reference`);
        }
      } else if (!exists(resolvePath(file.path, module.path))) {
        problems.push(`${file.path}:${module.line} module '${module.symbol}': ${resolvePath(file.path, module.path)} does not exist`);
      }
    }
    for (const loaded of scanned.loadedFiles) {
      if (!exists(resolvePath(file.path, loaded))) {
        problems.push(`${file.path}: loads ${resolvePath(file.path, loaded)}, which does not exist`);
      }
    }
  }
  return problems;
}

/** Calls of local modules pass only parameters the module declares, and every parameter it requires. */
export function checkLocalModuleParameters(files: SourceFile[]): string[] {
  const problems: string[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const file of files.filter((candidate) => candidate.path.endsWith(".bicep"))) {
    for (const module of scanBicep(file.text).modules) {
      if (module.path.startsWith("br")) continue;
      const target = byPath.get(resolvePath(file.path, module.path));
      if (!target) continue; // reported by checkModuleReferences
      const declared = scanBicep(target.text).params;
      const paramsObject = objectProperty(module.body, "params");
      const passed = paramsObject ? objectKeys(paramsObject) : [];
      for (const name of passed) {
        if (!declared.some((param) => param.name === name)) {
          problems.push(`${file.path}:${module.line} module '${module.symbol}' passes '${name}', which ${target.path} does not declare`);
        }
      }
      for (const param of declared.filter((candidate) => !candidate.hasDefault)) {
        if (!passed.includes(param.name)) {
          problems.push(`${file.path}:${module.line} module '${module.symbol}' does not pass required parameter '${param.name}' of ${target.path}`);
        }
      }
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// Parameter files
// -------------------------------------------------------------------------------------------------------------

/** Each .bicepparam uses main.bicep, sets only parameters main.bicep declares, and sets every required one. */
export function checkParameterFile(paramFile: SourceFile, main: SourceFile): string[] {
  const problems: string[] = [];
  const scanned = scanBicep(paramFile.text);
  if (!scanned.using) problems.push(`${paramFile.path}: no "using" line`);
  else if (resolvePath(paramFile.path, scanned.using) !== main.path) {
    problems.push(`${paramFile.path}: uses ${resolvePath(paramFile.path, scanned.using)}, not ${main.path}`);
  }
  const declared = scanBicep(main.text).params;
  const seen = new Set<string>();
  for (const assignment of scanned.paramAssignments) {
    if (seen.has(assignment.name)) problems.push(`${paramFile.path}:${assignment.line} sets '${assignment.name}' twice`);
    seen.add(assignment.name);
    const param = declared.find((candidate) => candidate.name === assignment.name);
    if (!param) {
      problems.push(`${paramFile.path}:${assignment.line} sets '${assignment.name}', which ${main.path} does not declare`);
      continue;
    }
    const allowed = allowedValues(param);
    const literal = /^'([^'$]*)'$|^(-?\d+)$/.exec(assignment.expression);
    if (allowed && literal && !allowed.includes(literal[1] ?? literal[2])) {
      problems.push(`${paramFile.path}:${assignment.line} sets '${assignment.name}' to ${assignment.expression}, not one of ${allowed.join(", ")}`);
    }
  }
  for (const param of declared.filter((candidate) => !candidate.hasDefault)) {
    if (!seen.has(param.name)) problems.push(`${paramFile.path}: does not set required parameter '${param.name}'`);
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// Secrets
// -------------------------------------------------------------------------------------------------------------

const secretPatterns: { what: string; pattern: RegExp }[] = [
  { what: "a storage account key", pattern: /AccountKey\s*=/i },
  { what: "a shared access key", pattern: /SharedAccessKey(Name)?\s*=/i },
  { what: "a shared access signature", pattern: /SharedAccessSignature|[?&]sig=[A-Za-z0-9%+/=]{10,}/ },
  { what: "a storage connection string", pattern: /DefaultEndpointsProtocol\s*=/i },
  { what: "a Service Bus connection string", pattern: /Endpoint\s*=\s*sb:\/\//i },
  { what: "an instrumentation key", pattern: /InstrumentationKey\s*=\s*[0-9a-f-]{8,}/i },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  {
    what: "a call that reads keys or connection strings",
    pattern: /\blist(Keys|ConnectionStrings|AccountSas|ServiceSas|Secrets|Credentials?|AuthKeys)\s*\(/i,
  },
  { what: "a key property read", pattern: /\.(primaryKey|secondaryKey|primaryMasterKey|primaryConnectionString|primaryAccessKey)\b/ },
  { what: "a secret literal", pattern: /\b(password|secret|clientSecret|apiKey|accessKey)\b\s*[:=]\s*['"][^'"]{8,}['"]/i },
  // Base64 of 30+ bytes, padded (typical of keys) ...
  { what: "a base64 key", pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{38,}={1,2}(?![A-Za-z0-9+/=])/ },
];

/** ... or unpadded: a long run without '/' mixing upper case, lower case and digits. */
function unpaddedKeyLike(text: string): string | undefined {
  for (const match of text.matchAll(/(?<![A-Za-z0-9+])[A-Za-z0-9+]{40,}(?![A-Za-z0-9+])/g)) {
    const value = match[0];
    if (/[A-Z]/.test(value) && /[a-z]/.test(value) && (value.match(/\d/g)?.length ?? 0) >= 4) return value;
  }
  return undefined;
}

/** No secret literal, account key, connection string or key-reading call in any file. */
export function checkNoSecrets(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    file.text.split("\n").forEach((line, index) => {
      for (const { what, pattern } of secretPatterns) {
        if (pattern.test(line)) problems.push(`${file.path}:${index + 1} contains ${what}: ${line.trim().slice(0, 120)}`);
      }
      const key = unpaddedKeyLike(line);
      if (key) problems.push(`${file.path}:${index + 1} contains a key-like value: ${key.slice(0, 12)}...`);
    });
    if (file.path.endsWith(".bicep")) {
      const scanned = scanBicep(file.text);
      for (const param of scanned.params) {
        if (param.decorators.some((decorator) => decorator.startsWith("@secure")) && param.hasDefault && /'.+'/.test(param.defaultExpression ?? "")) {
          problems.push(`${file.path}:${param.line} secure parameter '${param.name}' has a literal default`);
        }
      }
      for (const output of scanned.outputs) {
        if (output.decorators.some((decorator) => decorator.startsWith("@secure"))) {
          problems.push(`${file.path}:${output.line} output '${output.name}' is a secret: outputs must not carry secrets`);
        }
      }
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// Identity only: local auth off
// -------------------------------------------------------------------------------------------------------------

export interface IdentityRule {
  what: string;
  /** Exact resource type (raw resources). */
  resourceType: string;
  /** AVM module path (modules). */
  avm: string;
  /** Property names accepted for the switch, and the literal it must have. */
  keys: string[];
  value: string;
}

export const identityRules: IdentityRule[] = [
  { what: "Cosmos DB account", resourceType: "Microsoft.DocumentDB/databaseAccounts", avm: "avm/res/document-db/database-account", keys: ["disableLocalAuth", "disableLocalAuthentication"], value: "true" },
  { what: "Service Bus namespace", resourceType: "Microsoft.ServiceBus/namespaces", avm: "avm/res/service-bus/namespace", keys: ["disableLocalAuth"], value: "true" },
  { what: "Storage account", resourceType: "Microsoft.Storage/storageAccounts", avm: "avm/res/storage/storage-account", keys: ["allowSharedKeyAccess"], value: "false" },
  { what: "Application Insights", resourceType: "Microsoft.Insights/components", avm: "avm/res/insights/component", keys: ["disableLocalAuth"], value: "true" },
  { what: "Event Grid topic", resourceType: "Microsoft.EventGrid/topics", avm: "avm/res/event-grid/topic", keys: ["disableLocalAuth"], value: "true" },
  { what: "Key Vault", resourceType: "Microsoft.KeyVault/vaults", avm: "avm/res/key-vault/vault", keys: ["enableRbacAuthorization"], value: "true" },
];

/** Storage accounts: TLS 1.2 or later. */
const tlsRules = [
  { resourceType: "Microsoft.Storage/storageAccounts", avm: "avm/res/storage/storage-account", key: "minimumTlsVersion", allowed: ["'TLS1_2'", "'TLS1_3'"] },
  { resourceType: "Microsoft.DocumentDB/databaseAccounts", avm: "avm/res/document-db/database-account", key: "minimalTlsVersion", allowed: ["'Tls12'", "'Tls13'"] },
];

export interface Declaration {
  file: string;
  line: number;
  symbol: string;
  body: string;
  rule: IdentityRule;
}

/** Every storage account, Cosmos account, Service Bus namespace (...) that the Bicep files create. */
export function identityDeclarations(files: SourceFile[]): Declaration[] {
  const found: Declaration[] = [];
  for (const file of files.filter((candidate) => candidate.path.endsWith(".bicep"))) {
    const scanned: BicepFile = scanBicep(file.text);
    for (const rule of identityRules) {
      for (const resource of scanned.resources) {
        if (!resource.existing && resource.type === rule.resourceType) {
          found.push({ file: file.path, line: resource.line, symbol: resource.symbol, body: resource.body, rule });
        }
      }
      for (const module of scanned.modules) {
        if (module.path.startsWith(`br/public:${rule.avm}:`)) {
          found.push({ file: file.path, line: module.line, symbol: module.symbol, body: module.body, rule });
        }
      }
    }
  }
  return found;
}

/** Each of them switches key access off with a literal (not a parameter someone could flip), and requires TLS 1.2+. */
export function checkIdentityOnly(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const declaration of identityDeclarations(files)) {
    const { rule } = declaration;
    const values = rule.keys.flatMap((key) => propertyValues(declaration.body, key));
    const where = `${declaration.file}:${declaration.line} ${rule.what} '${declaration.symbol}'`;
    if (values.length === 0) problems.push(`${where} does not set ${rule.keys.join(" or ")}: ${rule.value}`);
    for (const value of values) {
      if (value !== rule.value) problems.push(`${where} sets ${rule.keys.join("/")} to '${value}', not ${rule.value}`);
    }
    for (const tls of tlsRules.filter((candidate) => candidate.resourceType === rule.resourceType)) {
      const tlsValues = propertyValues(declaration.body, tls.key);
      if (tlsValues.length === 0 || tlsValues.some((value) => !tls.allowed.includes(value))) {
        problems.push(`${where} does not set ${tls.key} to one of ${tls.allowed.join(", ")}`);
      }
    }
  }
  return problems;
}

/** Role assignments declared as raw resources are named guid(scope, principal, role). */
export function checkRoleAssignmentNames(files: SourceFile[]): string[] {
  const problems: string[] = [];
  const types = ["Microsoft.Authorization/roleAssignments", "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"];
  for (const file of files.filter((candidate) => candidate.path.endsWith(".bicep"))) {
    for (const resource of scanBicep(file.text).resources) {
      if (resource.existing || !types.includes(resource.type)) continue;
      const names = propertyValues(resource.body, "name");
      if (!names.length || !names.every((name) => /^guid\(/.test(name))) {
        problems.push(`${file.path}:${resource.line} role assignment '${resource.symbol}' is not named guid(scope, principal, role)`);
      }
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// App settings: one list, used by main.bicep, complete for the config schema
// -------------------------------------------------------------------------------------------------------------

export interface AppSettingEntry {
  name: string;
  source: string;
  parameter?: string;
  value?: string;
  values?: Record<string, string>;
  connection?: string;
  required?: boolean;
}

export interface AppSettingsInput {
  /** requiredAzureSettings() of the config schema. */
  requiredSettings: string[];
  /** Values of connectionNames of the config schema. */
  connectionNames: string[];
  settings: AppSettingEntry[];
  main: SourceFile;
  functionApp: SourceFile;
}

const identitySuffixes = ["accountEndpoint", "blobServiceUri", "queueServiceUri", "tableServiceUri", "fullyQualifiedNamespace", "serviceUri"];

export function checkAppSettings(input: AppSettingsInput): string[] {
  const problems: string[] = [];
  const { settings } = input;
  const names = settings.map((setting) => setting.name);

  // The config schema's settings are all in the list, and required there.
  for (const required of input.requiredSettings) {
    const entry = settings.find((setting) => setting.name === required);
    if (!entry) problems.push(`the config schema requires '${required}', which infra/app-settings.json does not set`);
    else if (entry.required === false) problems.push(`'${required}' is required by the config schema but optional in infra/app-settings.json`);
  }
  for (const duplicate of names.filter((name, index) => names.indexOf(name) !== index)) {
    problems.push(`infra/app-settings.json lists '${duplicate}' twice`);
  }
  // Connections: every connection of the schema is identity-based, with the standard suffixes.
  for (const connection of input.connectionNames) {
    if (!settings.some((setting) => setting.connection === connection)) {
      problems.push(`connection '${connection}' has no identity-based setting (<name>__<endpoint>) with "connection": "${connection}"`);
    }
  }
  for (const setting of settings) {
    if (setting.connection !== undefined) {
      const suffix = setting.name.startsWith(`${setting.connection}__`) ? setting.name.slice(setting.connection.length + 2) : undefined;
      if (!suffix || !identitySuffixes.includes(suffix)) {
        problems.push(`'${setting.name}' is marked as connection '${setting.connection}' but is not ${setting.connection}__<${identitySuffixes.join("|")}>`);
      }
    }
    if (/__(credential|clientId)$/.test(setting.name)) {
      problems.push(`'${setting.name}' is generated from "connection" entries; do not list it`);
    }
  }

  // Every source resolves in main.bicep.
  const main = scanBicep(input.main.text);
  const objectVar = (name: string) => {
    const variable = main.vars.find((candidate) => candidate.name === name);
    return variable ? objectKeys(variable.expression) : undefined;
  };
  const parameterKeys = objectVar("appSettingParameterValues");
  const sourceKeys = objectVar("appSettingSourceValues");
  if (!parameterKeys) problems.push(`${input.main.path}: no 'appSettingParameterValues' object`);
  if (!sourceKeys) problems.push(`${input.main.path}: no 'appSettingSourceValues' object`);
  const environments = allowedValues(main.params.find((param) => param.name === "environmentName") ?? { name: "", type: "", hasDefault: false, decorators: [], line: 0 }) ?? [];
  for (const setting of settings) {
    switch (setting.source) {
      case "parameter":
        if (!setting.parameter) problems.push(`'${setting.name}': source "parameter" without "parameter"`);
        else if (parameterKeys && !parameterKeys.includes(setting.parameter)) {
          problems.push(`'${setting.name}': parameter '${setting.parameter}' is not in appSettingParameterValues of ${input.main.path}`);
        }
        break;
      case "constant":
        if (typeof setting.value !== "string") problems.push(`'${setting.name}': source "constant" without a string "value"`);
        break;
      case "environment":
        for (const environment of environments) {
          if (typeof setting.values?.[environment] !== "string") problems.push(`'${setting.name}': no value for environment '${environment}'`);
        }
        break;
      default:
        if (sourceKeys && !sourceKeys.includes(setting.source)) {
          problems.push(`'${setting.name}': source '${setting.source}' is not in appSettingSourceValues of ${input.main.path}`);
        }
    }
  }

  // main.bicep hands the list to the function app module ...
  const listVar = main.vars.find((variable) => /^loadJsonContent\(\s*'(\.\/)?app-settings\.json'\s*\)$/.test(variable.expression));
  if (!listVar) problems.push(`${input.main.path}: does not load app-settings.json into a var`);
  const functionAppModule = main.modules.find((module) => module.path === "modules/function-app.bicep" || module.path === "./modules/function-app.bicep");
  if (!functionAppModule) problems.push(`${input.main.path}: does not deploy modules/function-app.bicep`);
  if (listVar && functionAppModule) {
    const params = objectProperty(functionAppModule.body, "params") ?? "";
    const passed = propertyValues(params, "appSettings")[0];
    if (!passed || !dependsOnSymbol(main, passed, listVar.name)) {
      problems.push(`${input.main.path}: the function app module's appSettings is not taken from app-settings.json ('${listVar.name}')`);
    }
    for (const key of ["appSettingParameterValues", "appSettingSourceValues"]) {
      const value = propertyValues(params, key)[0];
      if (!value || !dependsOnSymbol(main, value, key)) problems.push(`${input.main.path}: the function app module is not given ${key}`);
    }
  }
  // ... and the module turns it into the site's app settings.
  const functionApp = scanBicep(input.functionApp.text);
  const site = functionApp.modules.find((module) => module.path.startsWith("br/public:avm/res/web/site:"))
    ?? functionApp.resources.find((resource) => resource.type === "Microsoft.Web/sites/config");
  const appSettingsParam = functionApp.params.find((param) => param.name === "appSettings");
  if (!appSettingsParam) problems.push(`${input.functionApp.path}: no 'appSettings' parameter`);
  if (!site) problems.push(`${input.functionApp.path}: no site (avm/res/web/site) to configure`);
  if (site && appSettingsParam) {
    const configs = propertyValues(site.body, "configs")[0] ?? "";
    const settingsExpression = /'appsettings'/.test(configs) ? propertyValues(configs, "properties")[0] : undefined;
    if (!settingsExpression || !dependsOnSymbol(functionApp, settingsExpression, "appSettings")) {
      problems.push(`${input.functionApp.path}: the site's 'appsettings' config is not built from the appSettings parameter`);
    }
    if (settingsExpression && !dependsOnSymbol(functionApp, settingsExpression, "identityClientId")) {
      problems.push(`${input.functionApp.path}: the site's app settings do not carry the identity's client id (__clientId)`);
    }
    if (!/'managedidentity'/.test(input.functionApp.text)) {
      problems.push(`${input.functionApp.path}: no <connection>__credential = 'managedidentity'`);
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// Definitions: what the code uses is declared
// -------------------------------------------------------------------------------------------------------------

export interface ServiceBusDefinitions {
  queues: { name: string; [key: string]: unknown }[];
  topics: { name: string; subscriptions?: { name: string; [key: string]: unknown }[]; [key: string]: unknown }[];
}
export interface CosmosDefinitions {
  database: string;
  containers: { name: string; [key: string]: unknown }[];
}
export interface StorageDefinitions {
  containers: { name: string }[];
}

export function checkCodeNames(
  scan: ScanResult,
  serviceBus: ServiceBusDefinitions,
  cosmos: CosmosDefinitions,
  storage: StorageDefinitions,
): string[] {
  const problems: string[] = [];
  const queues = new Set(serviceBus.queues.map((queue) => queue.name));
  const topics = new Map(serviceBus.topics.map((topic) => [topic.name, new Set((topic.subscriptions ?? []).map((s) => s.name))]));
  const subscriptions = new Set([...topics.values()].flatMap((set) => [...set]));
  const cosmosContainers = new Set(cosmos.containers.map((container) => container.name));
  const blobContainers = new Set(storage.containers.map((container) => container.name));
  for (const unresolved of scan.unresolved) {
    problems.push(`${unresolved.file}:${unresolved.line} ${unresolved.expression} names no entry of its map`);
  }
  for (const use of scan.uses) {
    const where = `${use.file}:${use.line} (${use.via})`;
    switch (use.kind) {
      case "queue":
        if (!queues.has(use.name)) problems.push(`${where} uses queue '${use.name}', which infra/servicebus.json does not declare`);
        break;
      case "queueOrTopic":
        if (!queues.has(use.name) && !topics.has(use.name)) {
          problems.push(`${where} sends to '${use.name}', which infra/servicebus.json declares as neither queue nor topic`);
        }
        break;
      case "topic":
        if (!topics.has(use.name)) problems.push(`${where} uses topic '${use.name}', which infra/servicebus.json does not declare`);
        break;
      case "subscription":
        if (use.topic !== undefined ? !topics.get(use.topic)?.has(use.name) : !subscriptions.has(use.name)) {
          problems.push(`${where} uses subscription '${use.name}'${use.topic ? ` of topic '${use.topic}'` : ""}, which infra/servicebus.json does not declare`);
        }
        break;
      case "cosmosContainer":
        if (!cosmosContainers.has(use.name)) problems.push(`${where} uses Cosmos container '${use.name}', which infra/cosmos.json does not declare`);
        break;
      case "blobContainer":
        if (!blobContainers.has(use.name)) problems.push(`${where} uses blob container '${use.name}', which infra/storage.json does not declare`);
        break;
    }
  }
  return problems;
}

const isoDuration = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Every queue and subscription states its delivery count, lock, dead-lettering; duplicate detection has a window. */
export function checkServiceBusDefinitions(definitions: ServiceBusDefinitions): string[] {
  const problems: string[] = [];
  const names = [...definitions.queues.map((queue) => queue.name), ...definitions.topics.map((topic) => topic.name)];
  for (const duplicate of names.filter((name, index) => names.indexOf(name) !== index)) problems.push(`entity '${duplicate}' declared twice`);
  const receiving = (where: string, entity: Record<string, unknown>) => {
    if (typeof entity.maxDeliveryCount !== "number" || entity.maxDeliveryCount < 1) problems.push(`${where}: maxDeliveryCount missing`);
    if (typeof entity.lockDuration !== "string" || !isoDuration.test(entity.lockDuration)) problems.push(`${where}: lockDuration missing or not ISO 8601`);
    if (typeof entity.deadLetteringOnMessageExpiration !== "boolean") problems.push(`${where}: deadLetteringOnMessageExpiration missing`);
  };
  const duplicateDetection = (where: string, entity: Record<string, unknown>) => {
    if (typeof entity.requiresDuplicateDetection !== "boolean") problems.push(`${where}: requiresDuplicateDetection missing`);
    if (entity.requiresDuplicateDetection === true && (typeof entity.duplicateDetectionHistoryTimeWindow !== "string" || !isoDuration.test(entity.duplicateDetectionHistoryTimeWindow))) {
      problems.push(`${where}: duplicateDetectionHistoryTimeWindow missing or not ISO 8601`);
    }
    if (entity.defaultMessageTimeToLive !== undefined && (typeof entity.defaultMessageTimeToLive !== "string" || !isoDuration.test(entity.defaultMessageTimeToLive))) {
      problems.push(`${where}: defaultMessageTimeToLive not ISO 8601`);
    }
  };
  for (const queue of definitions.queues) {
    receiving(`queue '${queue.name}'`, queue);
    duplicateDetection(`queue '${queue.name}'`, queue);
  }
  for (const topic of definitions.topics) {
    duplicateDetection(`topic '${topic.name}'`, topic);
    if (!topic.subscriptions?.length) problems.push(`topic '${topic.name}' has no subscription`);
    for (const subscription of topic.subscriptions ?? []) receiving(`subscription '${topic.name}/${subscription.name}'`, subscription);
  }
  return problems;
}

/** Every container has a partition key, an indexing policy and a unique-key list. */
export function checkCosmosDefinitions(definitions: CosmosDefinitions): string[] {
  const problems: string[] = [];
  if (typeof definitions.database !== "string" || definitions.database === "") problems.push("no database name");
  const names = definitions.containers.map((container) => container.name);
  for (const duplicate of names.filter((name, index) => names.indexOf(name) !== index)) problems.push(`container '${duplicate}' declared twice`);
  for (const container of definitions.containers) {
    const partitionKey = container.partitionKey as { paths?: unknown; kind?: unknown } | undefined;
    if (!Array.isArray(partitionKey?.paths) || partitionKey.paths.length === 0 || !partitionKey.paths.every((path) => typeof path === "string" && path.startsWith("/"))) {
      problems.push(`container '${container.name}': partitionKey.paths missing`);
    }
    if (typeof container.indexingPolicy !== "object" || container.indexingPolicy === null) problems.push(`container '${container.name}': indexingPolicy missing`);
    if (!Array.isArray(container.uniqueKeys)) problems.push(`container '${container.name}': uniqueKeys missing (use [] for none)`);
    const composite = (container.indexingPolicy as { compositeIndexes?: unknown } | undefined)?.compositeIndexes;
    if (composite !== undefined && (!Array.isArray(composite) || !composite.every((index) => Array.isArray(index) && index.length >= 2))) {
      problems.push(`container '${container.name}': compositeIndexes must be lists of at least two paths`);
    }
  }
  return problems;
}

// -------------------------------------------------------------------------------------------------------------
// The parking queue: declared, and watched by an alert
// -------------------------------------------------------------------------------------------------------------

export interface ParkingQueueInput {
  /** The queue the code parks messages in (shared/use-cases/message-delivery/parking-queue.ts). */
  parkingQueueName: string;
  serviceBus: ServiceBusDefinitions;
  main: SourceFile;
  alerts: SourceFile;
}

/**
 * The triggers park what they cannot handle in a queue of their own instead of a dead-letter queue, so the
 * dead-letter alert does not see it: the queue must be deployed, main.bicep must hand its name to the alerts module,
 * and the module must alert on that queue's active messages.
 */
export function checkParkingQueueAlert(input: ParkingQueueInput): string[] {
  const problems: string[] = [];
  const { parkingQueueName } = input;
  if (!input.serviceBus.queues.some((queue) => queue.name === parkingQueueName)) {
    problems.push(`infra/servicebus.json does not declare the parking queue '${parkingQueueName}'`);
  }
  const main = scanBicep(input.main.text);
  const alertsModule = main.modules.find((module) => /^(\.\/)?modules\/alerts\.bicep$/.test(module.path));
  if (!alertsModule) {
    problems.push(`${input.main.path}: does not deploy modules/alerts.bicep`);
  } else {
    const passed = propertyValues(objectProperty(alertsModule.body, "params") ?? "", "parkingQueueName")[0];
    const viaVar = main.vars.find((variable) => variable.name === passed)?.expression;
    if ((viaVar ?? passed) !== `'${parkingQueueName}'`) {
      problems.push(`${input.main.path}: the alerts module is not given parkingQueueName '${parkingQueueName}' (got ${passed ?? "nothing"})`);
    }
  }
  const watching = scanBicep(input.alerts.text).resources.some(
    (resource) =>
      resource.type === "Microsoft.Insights/metricAlerts" &&
      propertyValues(resource.body, "metricName").includes("'ActiveMessages'") &&
      dependsOnSymbol(scanBicep(input.alerts.text), propertyValues(resource.body, "dimensions")[0] ?? "", "parkingQueueName"),
  );
  if (!watching) problems.push(`${input.alerts.path}: no metric alert on ActiveMessages of the queue named by parkingQueueName`);
  return problems;
}
