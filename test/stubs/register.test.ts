/**
 * Contract tests for the Register stub: v1 party look-ups and the correspondence (v2) API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import {
  DAGLIG_LEDER_NATIONAL_ID,
  enterpriseToken,
  getWithToken,
  jsonOf,
  orgUrn,
  postJson,
  SERVICE_OWNER_ORG_NUMBER,
  startStubs,
} from "./identity-helpers.js";

const SUB_UNIT = "311111113";
const OTHER_ORG = "313367002";
const PERSON = "12048012345";
const BASE = "/register/api/v1";

interface PartyV1 {
  partyId: number;
  partyUuid: string;
  partyTypeName: number;
  orgNumber: string | null;
  ssn: string | null;
  name: string;
}
interface PartyV2 {
  partyUuid: string;
  partyType: string;
  partyId?: number;
  externalUrn?: string;
  displayName?: string;
  organizationIdentifier?: string;
  personIdentifier?: string;
  user?: { userId: number };
}

let stubs: RunningStubServer;
let token: string;

beforeAll(async () => {
  stubs = await startStubs(stubFixturesSchema.parse({ mainUnits: { [SUB_UNIT]: SERVICE_OWNER_ORG_NUMBER } }));
  token = await enterpriseToken(stubs);
});

afterAll(async () => {
  await stubs.close();
});

const post = (path: string, body: unknown) => postJson(`${stubs.url}${BASE}${path}`, body, token);
const get = (path: string) => getWithToken(`${stubs.url}${BASE}${path}`, token);

async function lookUp(body: unknown): Promise<PartyV1> {
  const response = await post("/parties/lookup", body);
  expect(response.status).toBe(200);
  return (await response.json()) as PartyV1;
}

const ALL_FIELDS = "fields=identifiers&fields=display-name&fields=user";

async function query(urns: string[], fields = ALL_FIELDS): Promise<PartyV2[]> {
  const response = await post(`/correspondence/parties/query?${fields}`, { data: urns });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: PartyV2[] }).data;
}

describe("Register v1", () => {
  it("refuses calls without a bearer token", async () => {
    const response = await postJson(`${stubs.url}${BASE}/parties/lookup`, { orgNo: SERVICE_OWNER_ORG_NUMBER });
    expect(response.status).toBe(401);
  });

  it("looks up an organisation by orgNo, with a stable 8-digit party id and a display name", async () => {
    const party = await lookUp({ orgNo: SERVICE_OWNER_ORG_NUMBER, ssn: null });
    expect(party).toMatchObject({
      partyTypeName: 2,
      orgNumber: SERVICE_OWNER_ORG_NUMBER,
      ssn: null,
      name: "DIGITALISERINGSDIREKTORATET",
    });
    expect(String(party.partyId)).toMatch(/^\d{8}$/);
    expect(await lookUp({ orgNo: SERVICE_OWNER_ORG_NUMBER })).toEqual(party);
  });

  it("looks up a person by ssn, with a made-up but stable name", async () => {
    const party = await lookUp({ ssn: PERSON });
    expect(party).toMatchObject({ partyTypeName: 1, ssn: PERSON, orgNumber: null });
    expect(party.name).toMatch(/^\S+ \S+$/);
    expect((await lookUp({ ssn: PERSON })).name).toBe(party.name);
  });

  it("answers 400 for a malformed or ambiguous lookup", async () => {
    expect((await post("/parties/lookup", { orgNo: "12345" })).status).toBe(400);
    expect((await post("/parties/lookup", { orgNo: SERVICE_OWNER_ORG_NUMBER, ssn: PERSON })).status).toBe(400);
  });

  it("finds a looked-up party again by party id and by uuid; unknown party ids are 404", async () => {
    const party = await lookUp({ orgNo: OTHER_ORG });
    expect(await (await get(`/parties/${party.partyId}`)).json()).toEqual(party);
    expect(await (await get(`/parties/byuuid/${party.partyUuid}`)).json()).toEqual(party);
    expect((await get("/parties/1")).status).toBe(404);
  });

  it("looks up names in bulk", async () => {
    const response = post("/parties/nameslookup", { parties: [{ orgNo: SERVICE_OWNER_ORG_NUMBER }, { ssn: PERSON }] });
    const { partyNames } = await jsonOf<{ partyNames: Array<Record<string, string | null>> }>(response);
    expect(partyNames).toHaveLength(2);
    expect(partyNames[0]).toEqual({ orgNo: SERVICE_OWNER_ORG_NUMBER, ssn: null, name: "DIGITALISERINGSDIREKTORATET" });
    expect(partyNames[1]).toMatchObject({ orgNo: null, ssn: PERSON });
  });
});

describe("Register and the fixtures' unknownParties (default 999999999)", () => {
  const UNKNOWN_ORG = "999999999";

  it("does not know them: v1 look-up 404, no name, left out of a query, 404 by uuid", async () => {
    expect((await post("/parties/lookup", { orgNo: UNKNOWN_ORG })).status).toBe(404);
    const { partyNames } = await jsonOf<{ partyNames: Array<Record<string, string | null>> }>(
      post("/parties/nameslookup", { parties: [{ orgNo: UNKNOWN_ORG }, { orgNo: OTHER_ORG }] }),
    );
    expect(partyNames[0]).toEqual({ orgNo: UNKNOWN_ORG, ssn: null, name: null });
    expect(partyNames[1]?.["name"]).toEqual(expect.any(String));
    const found = await query([orgUrn(UNKNOWN_ORG), orgUrn(OTHER_ORG)]);
    expect(found.map((party) => party.organizationIdentifier)).toEqual([OTHER_ORG]);
    // The uuid the other stubs would give it (parties.ts encodes the number) is unknown here too.
    expect((await get(`/correspondence/parties/a0000000-0000-4000-8000-000${UNKNOWN_ORG}`)).status).toBe(404);
    expect((await get(`/parties/byuuid/a0000000-0000-4000-8000-000${UNKNOWN_ORG}`)).status).toBe(404);
  });
});

describe("Register correspondence API", () => {
  it("queries organisations, persons and ID-porten e-mail users by URN", async () => {
    const [organization, person, emailUser] = await query([
      orgUrn(SERVICE_OWNER_ORG_NUMBER),
      `urn:altinn:person:identifier-no:${PERSON}`,
      "urn:altinn:person:idporten-email:Kari.Nordmann@Example.com",
    ]);
    expect(organization).toMatchObject({
      partyType: "organization",
      organizationIdentifier: SERVICE_OWNER_ORG_NUMBER,
      displayName: "DIGITALISERINGSDIREKTORATET",
    });
    expect(organization).not.toHaveProperty("user");
    expect(person).toMatchObject({ partyType: "person", personIdentifier: PERSON });
    expect(String(person!.user?.userId)).toMatch(/^\d{7}$/);
    expect(emailUser).toMatchObject({
      partyType: "self-identified-user",
      externalUrn: "urn:altinn:person:idporten-email:kari.nordmann@example.com",
      displayName: "kari.nordmann@example.com",
    });
    expect(emailUser!.user?.userId).toBeGreaterThan(0);
  });

  it("agrees with the v1 look-up on party id and uuid, and resolves party id and uuid URNs", async () => {
    const v1 = await lookUp({ ssn: PERSON });
    const [byId] = await query([`urn:altinn:party:id:${v1.partyId}`]);
    expect(byId).toMatchObject({ partyUuid: v1.partyUuid, partyId: v1.partyId });
    const [byUuid] = await query([`urn:altinn:party:uuid:${v1.partyUuid}`]);
    expect(byUuid?.personIdentifier).toBe(PERSON);
  });

  it("includes only the requested fields and leaves out party ids nobody knows", async () => {
    const parties = await query([orgUrn(OTHER_ORG), "urn:altinn:party:id:1"], "fields=display-name");
    expect(parties).toHaveLength(1);
    expect(parties[0]).toHaveProperty("displayName");
    expect(parties[0]).not.toHaveProperty("organizationIdentifier");
  });

  it("answers 400 when an entry is not a party URN", async () => {
    const response = await post("/correspondence/parties/query", { data: [SERVICE_OWNER_ORG_NUMBER] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(SERVICE_OWNER_ORG_NUMBER);
  });

  it("reports a sub-unit's main unit from the fixtures, and none for a main unit", async () => {
    const mainUnitsOf = (orgNumber: string) =>
      jsonOf<{ data: PartyV2[] }>(post("/correspondence/parties/main-units", { data: orgUrn(orgNumber) }));
    const { data } = await mainUnitsOf(SUB_UNIT);
    expect(data.map((unit) => unit.organizationIdentifier)).toEqual([SERVICE_OWNER_ORG_NUMBER]);
    expect((await mainUnitsOf(OTHER_ORG)).data).toEqual([]);
  });

  it("lists correspondence roles held for an organisation, from the role fixture", async () => {
    const [organization, holder] = await query([
      orgUrn(SERVICE_OWNER_ORG_NUMBER),
      `urn:altinn:person:identifier-no:${DAGLIG_LEDER_NATIONAL_ID}`,
    ]);
    const response = await get(`/correspondence/parties/${organization!.partyUuid}/roles/correspondence-roles`);
    const { data } = (await response.json()) as { data: Array<Record<string, Record<string, string>>> };
    expect(data).toEqual([
      {
        role: { source: "ccr", identifier: "daglig-leder", urn: "urn:altinn:external-role:ccr:daglig-leder" },
        from: { partyUuid: organization!.partyUuid, urn: `urn:altinn:party:uuid:${organization!.partyUuid}` },
        to: { partyUuid: holder!.partyUuid, urn: `urn:altinn:party:uuid:${holder!.partyUuid}` },
      },
    ]);
    const [other] = await query([orgUrn(OTHER_ORG)]);
    const none = await get(`/correspondence/parties/${other!.partyUuid}/roles/correspondence-roles`);
    expect(((await none.json()) as { data: unknown[] }).data).toEqual([]);
  });
});
