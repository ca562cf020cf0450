/**
 * Contract tests for the Resource Registry stub, and for overriding fixtures from a file (`loadStubFixtures`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStubFixtures } from "../../dev/stubs/fixtures.js";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import { RESERVED_NATIONAL_ID, SERVICE_OWNER_ORG_NUMBER, startStubs } from "./identity-helpers.js";

interface ServiceResource {
  identifier: string;
  title: Record<string, string>;
  hasCompetentAuthority: { organization: string; orgcode: string; name: Record<string, string> };
  resourceType: string;
  [field: string]: unknown;
}
interface Right {
  action: { value: string };
  subjects: Array<{ subjectAttributes: Array<{ type: string; value: string }> }>;
}

let stubs: RunningStubServer;

beforeAll(async () => {
  stubs = await startStubs();
});

afterAll(async () => {
  await stubs.close();
});

const resourceUrl = (server: RunningStubServer, id: string) => `${server.url}/resourceregistry/api/v1/resource/${id}`;

async function accessPackagesFor(server: RunningStubServer, resourceId: string): Promise<string[]> {
  const response = await fetch(`${resourceUrl(server, resourceId)}/policy/rights`);
  expect(response.status).toBe(200);
  const rights = (await response.json()) as Right[];
  return rights
    .flatMap((right) => right.subjects)
    .flatMap((subject) => subject.subjectAttributes)
    .filter((attribute) => attribute.type === "urn:altinn:accesspackage")
    .map((attribute) => attribute.value);
}

describe("Resource Registry", () => {
  it("answers any well-formed id as a correspondence service of 991825827 (anonymously, as the real one)", async () => {
    const response = await fetch(resourceUrl(stubs, "any-correspondence-resource"));
    expect(response.status).toBe(200);
    const resource = (await response.json()) as ServiceResource;
    expect(resource).toMatchObject({
      identifier: "any-correspondence-resource",
      resourceType: "CorrespondenceService",
      isOneTimeConsent: false,
      delegable: true,
      visible: true,
      status: "Completed",
      hasCompetentAuthority: { organization: SERVICE_OWNER_ORG_NUMBER, orgcode: "ttd" },
    });
    expect(Object.keys(resource.title).sort()).toEqual(["en", "nb", "nn"]);
    expect(resource.hasCompetentAuthority.name.nb).toBe("DIGITALISERINGSDIREKTORATET");
  });

  it("answers 404 for an id that is not well-formed", async () => {
    expect((await fetch(resourceUrl(stubs, encodeURIComponent("not a resource")))).status).toBe(404);
    const prefixedId = encodeURIComponent("urn:altinn:resource:x");
    expect((await fetch(`${resourceUrl(stubs, prefixedId)}/policy/rights`)).status).toBe(404);
  });

  it("marks the confidential resource with the confidential access package in its policy rights", async () => {
    expect(await accessPackagesFor(stubs, "resource-with-confidential-post-activated")).toContain(
      "post-til-virksomheten-med-taushetsbelagt-innhold",
    );
    expect(await accessPackagesFor(stubs, "any-correspondence-resource")).not.toContain(
      "post-til-virksomheten-med-taushetsbelagt-innhold",
    );
  });

  it("grants write to the owner's organisation code in the policy rights", async () => {
    const response = await fetch(`${resourceUrl(stubs, "any-correspondence-resource")}/policy/rights`);
    const write = ((await response.json()) as Right[]).find((right) => right.action.value === "write");
    expect(write?.subjects[0]?.subjectAttributes).toEqual([{ type: "urn:altinn:org", value: "ttd" }]);
  });

  it("serves the XACML policy with the minimum authentication level as an integer obligation", async () => {
    const response = await fetch(`${resourceUrl(stubs, "any-correspondence-resource")}/policy`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/xml/);
    const xml = await response.text();
    expect(xml).toContain('Category="urn:altinn:minimum-authenticationlevel"');
    expect(xml).toMatch(/DataType="http:\/\/www\.w3\.org\/2001\/XMLSchema#integer">0</);
  });
});

describe("fixture file override", () => {
  let directory: string;
  let overridden: RunningStubServer;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "stub-fixtures-"));
    const file = join(directory, "fixtures.json");
    writeFileSync(
      file,
      JSON.stringify({
        resources: {
          "some-app": {
            resourceType: "AltinnApp",
            ownerOrgNumber: "313367002",
            ownerOrgCode: "abc",
            title: "Some app",
          },
          "strict-resource": { minimumAuthenticationLevel: 4 },
        },
        confidentialResources: ["strict-resource"],
      }),
    );
    overridden = await startStubs(loadStubFixtures(file));
  });

  afterAll(async () => {
    await overridden.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("keeps defaults for everything the file leaves out", () => {
    expect(overridden.fixtures.reservedNationalIds).toEqual([RESERVED_NATIONAL_ID]);
    expect(overridden.fixtures.defaultResource.ownerOrgNumber).toBe(SERVICE_OWNER_ORG_NUMBER);
  });

  it("overrides one resource's fields and merges the rest from the default resource", async () => {
    const resource = (await (await fetch(resourceUrl(overridden, "some-app"))).json()) as ServiceResource;
    expect(resource.resourceType).toBe("AltinnApp");
    expect(resource.title.en).toBe("Some app");
    expect(resource.hasCompetentAuthority).toMatchObject({ organization: "313367002", orgcode: "abc" });
    const policy = await (await fetch(`${resourceUrl(overridden, "strict-resource")}/policy`)).text();
    expect(policy).toMatch(/XMLSchema#integer">4</);
  });

  it("replaces a list as a whole (the confidential list no longer holds the default resource)", async () => {
    const confidentialPackage = "post-til-virksomheten-med-taushetsbelagt-innhold";
    expect(await accessPackagesFor(overridden, "strict-resource")).toContain(confidentialPackage);
    expect(await accessPackagesFor(overridden, "resource-with-confidential-post-activated")).not.toContain(
      confidentialPackage,
    );
  });

  it("rejects a fixture file that breaks the schema", () => {
    const file = join(directory, "broken.json");
    writeFileSync(file, JSON.stringify({ reservedNationalIds: ["123"] }));
    expect(() => loadStubFixtures(file)).toThrow();
  });
});
