/**
 * Contract tests for the Profile stub: person contact details, organisation notification addresses and
 * user-registered unit contact points, and their agreement with KRR and Register.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import {
  DAGLIG_LEDER_NATIONAL_ID,
  enterpriseToken,
  jsonOf,
  orgUrn,
  personUrn,
  maskinportenToken,
  postJson,
  RESERVED_NATIONAL_ID,
  SERVICE_OWNER_ORG_NUMBER,
  startStubs,
} from "./identity-helpers.js";

const PERSON = "14048012345";
const OTHER_ORG = "313367002";
const PROFILE = "/profile/api/v1";

interface PersonContactDetails {
  nationalIdentityNumber: string;
  isReserved: boolean;
  mobilePhoneNumber: string;
  emailAddress: string;
  languageCode: string;
}
interface OrgAddresses {
  organizationNumber: string;
  emailList: string[];
  mobileNumberList: string[];
}
interface UnitContactPoints {
  organizationNumber: string;
  partyId: number;
  userContactPoints: Array<{ userId: number; email: string; mobileNumber: string }>;
}

let stubs: RunningStubServer;
let token: string;

beforeAll(async () => {
  stubs = await startStubs();
  token = await enterpriseToken(stubs);
});

afterAll(async () => {
  await stubs.close();
});

const post = (path: string, body: unknown) => postJson(`${stubs.url}${PROFILE}${path}`, body, token);

describe("Profile person contact details", () => {
  it("refuses calls without a bearer token", async () => {
    const url = `${stubs.url}${PROFILE}/person/contact/details/lookup`;
    const response = await postJson(url, { nationalIdentityNumbers: [PERSON] });
    expect(response.status).toBe(401);
  });

  it("gives everyone an e-mail address and mobile number, flags the reserved, lists malformed numbers", async () => {
    const nationalIdentityNumbers = [PERSON, RESERVED_NATIONAL_ID, "123"];
    const response = await post("/person/contact/details/lookup", { nationalIdentityNumbers });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      matchedPersonContactDetails: PersonContactDetails[];
      unmatchedNationalIdentityNumbers: string[];
    };
    const [person, reserved] = result.matchedPersonContactDetails;
    expect(person).toMatchObject({ nationalIdentityNumber: PERSON, isReserved: false, languageCode: "nb" });
    expect(person!.emailAddress).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(person!.mobilePhoneNumber).toMatch(/^\+47[49]\d{7}$/);
    expect(reserved).toMatchObject({ nationalIdentityNumber: RESERVED_NATIONAL_ID, isReserved: true });
    expect(result.unmatchedNationalIdentityNumbers).toEqual(["123"]);
  });

  it("matches KRR's contact details for the same person (internal path too)", async () => {
    const profile = post("/internal/person/contact/details/lookup", { nationalIdentityNumbers: [PERSON] });
    type Matched = { matchedPersonContactDetails: PersonContactDetails[] };
    const [details] = (await jsonOf<Matched>(profile)).matchedPersonContactDetails;
    const krrToken = await maskinportenToken(stubs);
    const krr = postJson(`${stubs.url}/rest/v2/personer`, { personidentifikatorer: [PERSON] }, krrToken);
    const { personer } = await jsonOf<{ personer: Array<{ kontaktinformasjon: Record<string, string> }> }>(krr);
    const [person] = personer;
    expect(person!.kontaktinformasjon.epostadresse).toBe(details!.emailAddress);
    expect(person!.kontaktinformasjon.mobiltelefonnummer).toBe(details!.mobilePhoneNumber);
  });

  it("answers 404 when no number matches and 400 for an empty list", async () => {
    expect((await post("/person/contact/details/lookup", { nationalIdentityNumbers: ["123"] })).status).toBe(404);
    expect((await post("/person/contact/details/lookup", { nationalIdentityNumbers: [] })).status).toBe(400);
  });
});

describe("Profile organisation contact points", () => {
  it("gives every organisation notification addresses, on Correspondence's and Notifications' paths", async () => {
    for (const path of [
      "/correspondence/organizations/notificationaddresses/lookup",
      "/organizations/notificationaddresses/lookup",
    ]) {
      const response = await post(path, { organizationNumbers: [SERVICE_OWNER_ORG_NUMBER, OTHER_ORG] });
      expect(response.status).toBe(200);
      const { contactPointsList } = (await response.json()) as { contactPointsList: OrgAddresses[] };
      expect(contactPointsList.map((org) => org.organizationNumber)).toEqual([SERVICE_OWNER_ORG_NUMBER, OTHER_ORG]);
      expect(contactPointsList[0]!.emailList).toHaveLength(1);
      expect(contactPointsList[0]!.mobileNumberList[0]).toMatch(/^\+47[49]\d{7}$/);
      expect(contactPointsList[0]!.emailList[0]).not.toBe(contactPointsList[1]!.emailList[0]);
    }
  });

  it("answers 400 for a malformed organisation number", async () => {
    const path = "/correspondence/organizations/notificationaddresses/lookup";
    const response = await post(path, { organizationNumbers: [" "] });
    expect(response.status).toBe(400);
  });

  it("lists role holders as the unit's user contact points, with the user id Register knows them by", async () => {
    const response = await post("/correspondence/units/contactpoint/lookup", {
      organizationNumbers: [SERVICE_OWNER_ORG_NUMBER, OTHER_ORG],
      resourceId: "urn:altinn:resource:any-correspondence-resource",
    });
    expect(response.status).toBe(200);
    const { contactPointsList } = await jsonOf<{ contactPointsList: UnitContactPoints[] }>(response);
    const [withHolder, withoutHolder] = contactPointsList;
    const register = postJson(
      `${stubs.url}/register/api/v1/correspondence/parties/query?fields=identifiers&fields=user`,
      { data: [personUrn(DAGLIG_LEDER_NATIONAL_ID), orgUrn(SERVICE_OWNER_ORG_NUMBER)] },
      token,
    );
    const { data } = await jsonOf<{ data: Array<{ partyId: number; user?: { userId: number } }> }>(register);
    const [holder, organization] = data;
    expect(withHolder!.partyId).toBe(organization!.partyId);
    expect(withHolder!.userContactPoints).toHaveLength(1);
    expect(withHolder!.userContactPoints[0]!.userId).toBe(holder!.user!.userId);
    expect(withoutHolder).toMatchObject({ organizationNumber: OTHER_ORG, userContactPoints: [] });
  });
});
