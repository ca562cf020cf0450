/**
 * Fixture data the stubs answer from. Defaults follow the issue: every resource is a correspondence service owned
 * by 991825827 with minimum authentication level 0; a fixture file (STUB_FIXTURES_FILE) can override any part.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const organisationNumber = z.string().regex(/^\d{9}$/);
const nationalIdentityNumber = z.string().regex(/^\d{11}$/);

export const resourceFixtureSchema = z.object({
  ownerOrgNumber: organisationNumber,
  ownerOrgCode: z.string(),
  title: z.string().optional(),
  minimumAuthenticationLevel: z.number().int().min(0).max(4),
  resourceType: z.string(),
});
export type ResourceFixture = z.infer<typeof resourceFixtureSchema>;

/** A grant of actions on one party's correspondence to someone who is not that party. */
export const roleAssignmentSchema = z.object({
  /** Who holds the role: a person (pid) or an organisation (orgNumber). */
  holder: z.union([z.object({ pid: nationalIdentityNumber }), z.object({ orgNumber: organisationNumber })]),
  /** On whose behalf: the organisation or person that received the correspondence. */
  party: z.union([z.object({ orgNumber: organisationNumber }), z.object({ pid: nationalIdentityNumber })]),
  roles: z.array(z.string()).default([]),
  actions: z.array(z.string()).default(["read"]),
  /** When set, the grant only applies to these resources. */
  resources: z.array(z.string()).optional(),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

export const maskinportenClientSchema = z.object({
  orgNumber: organisationNumber,
  scopes: z.array(z.string()),
  /** Public JWK the client's assertions must verify with; absent = any RS256 key is accepted locally. */
  publicJwk: z.record(z.string(), z.unknown()).optional(),
});

export const stubFixturesSchema = z.object({
  defaultResource: resourceFixtureSchema.default({
    ownerOrgNumber: "991825827",
    ownerOrgCode: "ttd",
    minimumAuthenticationLevel: 0,
    resourceType: "CorrespondenceService",
  }),
  resources: z.record(z.string(), resourceFixtureSchema.partial()).default({}),
  confidentialResources: z.array(z.string()).default(["resource-with-confidential-post-activated"]),
  malwareScanBypassResources: z.array(z.string()).default(["correspondence-attachment-test-bypass-malware-scan"]),
  reservedNationalIds: z.array(nationalIdentityNumber).default(["08900499559"]),
  /**
   * Organisation numbers and national identity numbers Register does not know: its look-ups leave them out (query),
   * or answer 404 (single look-ups), as for a number nobody has registered. Only Register — the token generator and
   * the PDP still accept them, so a caller with such a number can reach the API and be refused with 4002, and a
   * send to one is refused with 1029. 999999999 is well-formed (the API checks no control digit in an organisation
   * number) and never handed out by the tests' fresh numbers (which start with 3).
   */
  unknownParties: z.array(z.union([organisationNumber, nationalIdentityNumber])).default(["999999999"]),
  /**
   * Who holds which roles for whom. The PDP grants each assignment's `actions` on the party's correspondence to the
   * holder; Register reports the roles (`correspondence-roles`) and Profile lists holders as the unit's contact
   * points. The default makes a confidential correspondence to 991825827 deliverable (it has a daglig leder).
   */
  roleAssignments: z
    .array(roleAssignmentSchema)
    .default([
      { holder: { pid: "26818099001" }, party: { orgNumber: "991825827" }, roles: ["daglig-leder"], actions: ["read"] },
    ]),
  /** Display names by organisation number, national identity number or ID-porten e-mail; others get a made-up name. */
  partyNames: z.record(z.string(), z.string().min(1)).default({ "991825827": "DIGITALISERINGSDIREKTORATET" }),
  /** Sub-unit organisation number → its main unit's organisation number (Register `main-units`). */
  mainUnits: z.record(organisationNumber, organisationNumber).default({}),
  maskinportenClients: z
    .record(z.string(), maskinportenClientSchema)
    .default({
      // The API's own client: the correspondence scopes for trying it out, plus the scopes the API requests for its
      // calls to the Altinn platform (shared/adapters/altinn/outbound-scopes.ts).
      "local-serviceowner": {
        orgNumber: "991825827",
        scopes: [
          "altinn:correspondence.write",
          "altinn:correspondence.read",
          "altinn:serviceowner",
          "altinn:authorization/authorize",
          "altinn:register/partylookup.admin",
          "altinn:events.publish",
          "altinn:serviceowner/notifications.create",
          "digdir:dialogporten.serviceprovider",
          "digdir:dialogporten.correspondence",
          "krr:global/kontaktinformasjon.read",
        ],
      },
    }),
  /** Organisation number → organisation code (`urn:altinn:org`) for service owners. */
  serviceOwnerOrgCodes: z.record(z.string(), z.string()).default({ "991825827": "ttd" }),
});
export type StubFixtures = z.infer<typeof stubFixturesSchema>;

export function loadStubFixtures(file: string | undefined): StubFixtures {
  const overrides: unknown = file ? JSON.parse(readFileSync(file, "utf8")) : {};
  return stubFixturesSchema.parse(overrides);
}

export function resourceFixture(fixtures: StubFixtures, resourceId: string): ResourceFixture {
  return { ...fixtures.defaultResource, ...fixtures.resources[resourceId] };
}
