import { describe, expect, it } from "vitest";
import {
  allowedValues,
  dependsOnSymbol,
  identifiersIn,
  lex,
  objectKeys,
  objectProperty,
  pinnedAvmReference,
  propertyValues,
  scanBicep,
  statements,
} from "./bicep-scanner.js";
import { scanSources, stripTsComments } from "./code-scanner.js";

describe("Bicep lexer", () => {
  it("tells code, strings and comments apart, including interpolation and verbatim strings", () => {
    const text = "var a = 'x${b}y' // c 'd'\n/* e */ var f = '''g'h'''";
    const { kinds, code } = lex(text);
    const kindAt = (needle: string) => kinds[text.indexOf(needle)];
    expect(kindAt("x$")).toBe("string");
    expect(kinds[text.indexOf("b}")]).toBe("code");
    expect(kindAt("y'")).toBe("string");
    expect(kindAt("// c")).toBe("comment");
    expect(kindAt("/* e")).toBe("comment");
    expect(kindAt("g'h")).toBe("string");
    expect(code).not.toContain("// c");
    expect(code.length).toBe(text.length);
  });

  it("handles escaped quotes and nested strings inside interpolation", () => {
    const text = "var a = 'it\\'s ${c ? 'y' : 'z'} done'\nvar b = 1";
    const file = scanBicep(text);
    expect(file.vars.map((variable) => variable.name)).toEqual(["a", "b"]);
  });
});

describe("Bicep statements", () => {
  it("splits top-level statements and keeps multi-line expressions together", () => {
    const text = [
      "@description('x')",
      "param a string = 'p'",
      "var b = {",
      "  c: 1",
      "}",
      "var d = a == 'p'",
      "  ? 'yes'",
      "  : 'no'",
      "// resource notReal 'X@1' = {}",
      "resource r 'Microsoft.X/y@2020-01-01' existing = {",
      "  name: 'r'",
      "}",
    ].join("\n");
    const parts = statements(text).map((statement) => statement.text.split("\n")[0]);
    expect(parts).toEqual([
      "@description('x')",
      "param a string = 'p'",
      "var b = {",
      "var d = a == 'p'",
      "resource r 'Microsoft.X/y@2020-01-01' existing = {",
    ]);
    const file = scanBicep(text);
    expect(file.params[0]).toMatchObject({ name: "a", hasDefault: true, decorators: ["@description('x')"] });
    expect(file.vars.find((variable) => variable.name === "d")?.expression).toContain(": 'no'");
    expect(file.resources).toEqual([expect.objectContaining({ symbol: "r", type: "Microsoft.X/y", existing: true })]);
  });

  it("reads modules, outputs, loadJsonContent paths and .bicepparam files", () => {
    const file = scanBicep(
      "var x = loadJsonContent('a.json')\n// loadJsonContent('commented.json')\nvar y = 'loadJsonContent(\\'quoted.json\\')'\n" +
        "module m 'modules/m.bicep' = {\n  name: 'm'\n  params: {\n    p: 1\n  }\n}\noutput o string = m.outputs.z",
    );
    expect(file.loadedFiles).toEqual(["a.json"]);
    expect(file.modules).toEqual([expect.objectContaining({ symbol: "m", path: "modules/m.bicep" })]);
    expect(file.outputs.map((output) => output.name)).toEqual(["o"]);
    const params = scanBicep("using '../main.bicep'\n\nparam a = 'x'\nparam b = bool(readEnvironmentVariable('B', 'true'))");
    expect(params.using).toBe("../main.bicep");
    expect(params.paramAssignments.map((assignment) => assignment.name)).toEqual(["a", "b"]);
  });

  it("knows optional parameters (default or nullable type) and @allowed values", () => {
    const file = scanBicep("@allowed([\n  'a'\n  'b'\n])\nparam p string\nparam q string?\nparam r int = 3");
    expect(file.params.map((param) => [param.name, param.hasDefault])).toEqual([
      ["p", false],
      ["q", true],
      ["r", true],
    ]);
    expect(allowedValues(file.params[0])).toEqual(["a", "b"]);
  });
});

describe("Bicep property reading", () => {
  const body = [
    "{",
    "  name: 'x'",
    "  params: {",
    "    // disableLocalAuth: false",
    "    note: 'disableLocalAuth: false'",
    "    disableLocalAuth: true",
    "    sku: flag ? 'a' : 'b'",
    "    nested: { inner: 1, other: [1, 2] }",
    "  }",
    "}",
  ].join("\n");

  it("reads only real property values (not comments, strings or ternaries)", () => {
    expect(propertyValues(body, "disableLocalAuth")).toEqual(["true"]);
    expect(propertyValues(body, "sku")).toEqual(["flag ? 'a' : 'b'"]);
    expect(propertyValues(body, "a")).toEqual([]);
    expect(propertyValues(body, "inner")).toEqual(["1"]);
  });

  it("lists an object's own keys", () => {
    const params = objectProperty(body, "params");
    expect(params).toBeDefined();
    expect(objectKeys(params!)).toEqual(["note", "disableLocalAuth", "sku", "nested"]);
    expect(objectKeys(body)).toEqual(["name", "params"]);
  });

  it("follows vars to see whether an expression depends on a symbol", () => {
    const file = scanBicep("var a = loadJsonContent('x.json')\nvar b = map(a.items, i => i.name)\nvar c = 'constant'");
    expect(dependsOnSymbol(file, "union(b, {})", "a")).toBe(true);
    expect(dependsOnSymbol(file, "c", "a")).toBe(false);
    expect(identifiersIn("x.a ? 'a' : b")).toEqual(new Set(["x", "b"]));
  });

  it("accepts only pinned AVM references", () => {
    expect(pinnedAvmReference.test("br/public:avm/res/web/site:0.19.4")).toBe(true);
    expect(pinnedAvmReference.test("br/public:avm/res/web/site:latest")).toBe(false);
    expect(pinnedAvmReference.test("br/public:avm/res/web/site")).toBe(false);
    expect(pinnedAvmReference.test("br/public:storage/storage-account:1.0.1")).toBe(false);
  });
});

describe("TypeScript name scanner", () => {
  it("ignores comments but keeps strings", () => {
    const stripped = stripTsComments('a("x") // b("y")\n/* c */ d');
    expect(stripped).toBe(`a("x")${" ".repeat(10)}\n${" ".repeat(7)} d`);
    expect(stripTsComments('const s = "// not a comment";')).toBe('const s = "// not a comment";');
  });

  it("finds names in const maps, trigger registrations, senders and containers", () => {
    const scan = scanSources({
      "shared/names.ts": 'export const queueNames = { publish: "q-publish", sync: "q-sync" } as const;\nexport const containerNames = { main: "c-main" };',
      "functions/a.ts": [
        'app.serviceBusQueue("publish", { connection: "SERVICEBUS", queueName: queueNames.publish, handler });',
        'app.serviceBusTopic("events", { topicName: "t-events", subscriptionName: "s-events", connection: "SERVICEBUS", handler });',
        'client.createSender("q-direct"); client.createSender(someVariable);',
        'client.createReceiver("t-events", "s-other");',
        'db.container("c-direct"); blobs.getContainerClient("b-direct");',
        "// client.createSender(\"commented-out\");",
        "client.createSender(queueNames.typo);",
      ].join("\n"),
    });
    const names = scan.uses.map((use) => `${use.kind}:${use.name}${use.topic ? `@${use.topic}` : ""}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "queue:q-publish",
        "queue:q-sync",
        "cosmosContainer:c-main",
        "topic:t-events",
        "subscription:s-events@t-events",
        "queueOrTopic:q-direct",
        "subscription:s-other@t-events",
        "cosmosContainer:c-direct",
        "blobContainer:b-direct",
      ]),
    );
    expect(names).not.toContain("queueOrTopic:commented-out");
    expect(scan.unresolved).toEqual([expect.objectContaining({ expression: "queueNames.typo" })]);
  });
});
