/**
 * Contract tests for the PDP stub (`POST /authorization/api/v1/authorize`). Subjects are built the way a PEP
 * builds them: from the URN claims of tokens the stub's own generator issued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import {
  DAGLIG_LEDER_NATIONAL_ID,
  enterpriseToken,
  jsonOf,
  personUrn,
  personalToken,
  postJson,
  SERVICE_OWNER_ORG_NUMBER,
  startStubs,
  subjectAttributesOf,
} from "./identity-helpers.js";

const RESOURCE = "altinn-correspondence-test";
const LEVEL_THREE_RESOURCE = "correspondence-needs-level-three";
const OTHER_ORG = "313367002";
const ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";

interface Attribute {
  AttributeId: string;
  Value: string;
  IncludeInResult?: boolean;
}
interface DecisionResult {
  Decision: string;
  Status: { StatusCode: { Value: string } };
  Obligations: Array<{ Id: string; AttributeAssignment: Array<{ Category: string; Value: string }> }>;
  Category: Array<{ CategoryId: string; Attribute: Attribute[] }>;
}

let stubs: RunningStubServer;
let callerToken: string;

beforeAll(async () => {
  stubs = await startStubs(
    stubFixturesSchema.parse({ resources: { [LEVEL_THREE_RESOURCE]: { minimumAuthenticationLevel: 3 } } }),
  );
  callerToken = await enterpriseToken(stubs, "altinn:authorization/authorize");
});

afterAll(async () => {
  await stubs.close();
});

const attribute = (AttributeId: string, Value: string): Attribute => ({ AttributeId, Value });
const orgParty = (orgNumber: string) => attribute("urn:altinn:organization:identifier-no", orgNumber);
const personParty = (nationalId: string) => attribute("urn:altinn:person:identifier-no", nationalId);

function decisionRequest(subject: Attribute[], actions: string[], resource: Attribute[], resourceId = RESOURCE) {
  return {
    Request: {
      AccessSubject: [{ Attribute: subject }],
      Action: actions.map((action) => ({ Attribute: [attribute(ACTION_ID, action)] })),
      Resource: [{ Attribute: [attribute("urn:altinn:resource", resourceId), ...resource] }],
    },
  };
}

/** `null` sends no token at all (an explicit `undefined` would fall back to the default). */
async function authorize(body: unknown, token: string | null = callerToken): Promise<Response> {
  return postJson(`${stubs.url}/authorization/api/v1/authorize`, body, token ?? undefined);
}

async function decisions(body: unknown): Promise<DecisionResult[]> {
  const response = await authorize(body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { Response: DecisionResult[] }).Response;
}

async function decisionOf(subject: Attribute[], actions: string[], resource: Attribute[], resourceId?: string) {
  const [result] = await decisions(decisionRequest(subject, actions, resource, resourceId));
  return result!;
}

async function partyIdOf(orgNumber: string): Promise<string> {
  const response = await postJson(`${stubs.url}/register/api/v1/parties/lookup`, { orgNo: orgNumber }, callerToken);
  return String(((await response.json()) as { partyId: number }).partyId);
}

describe("PDP", () => {
  it("answers 401 without a bearer token", async () => {
    const response = await authorize(decisionRequest([], ["read"], []), null);
    expect(response.status).toBe(401);
  });

  it("answers 400 for a body that is not a decision request", async () => {
    expect((await authorize({ Request: { Action: "read" } })).status).toBe(400);
  });

  describe("write on a resource", () => {
    it("permits the owning organisation, named by its urn:altinn:org code in the token", async () => {
      const subject = subjectAttributesOf(await enterpriseToken(stubs));
      const result = await decisionOf(subject, ["write"], [orgParty(SERVICE_OWNER_ORG_NUMBER)]);
      expect(result.Decision).toBe("Permit");
      expect(result.Status.StatusCode.Value).toBe("urn:oasis:names:tc:xacml:1.0:status:ok");
    });

    it("permits the owning organisation named only by organisation number", async () => {
      const subject = [attribute("urn:altinn:organization:identifier-no", SERVICE_OWNER_ORG_NUMBER)];
      expect((await decisionOf(subject, ["write"], [orgParty(SERVICE_OWNER_ORG_NUMBER)])).Decision).toBe("Permit");
    });

    it("denies another organisation", async () => {
      const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
      const result = await decisionOf(subject, ["write"], [orgParty(SERVICE_OWNER_ORG_NUMBER)]);
      expect(result.Decision).toBe("Deny");
      expect(result.Obligations).toEqual([]);
    });
  });

  describe("read on a party's correspondence", () => {
    it("permits the person themself, identified by the user and party ids of their token", async () => {
      const token = await personalToken(stubs, "05018012345", { userId: "7654321", partyId: "51234567" });
      const subject = subjectAttributesOf(token);
      expect(subject.map((a) => a.AttributeId)).not.toContain("urn:altinn:person:identifier-no");
      expect((await decisionOf(subject, ["read"], [personParty("05018012345")])).Decision).toBe("Permit");
    });

    it("denies a person reading someone else's correspondence", async () => {
      const subject = subjectAttributesOf(await personalToken(stubs, "06018012345"));
      expect((await decisionOf(subject, ["read"], [personParty("07018012345")])).Decision).toBe("Deny");
    });

    it("permits an organisation on its own correspondence, also when the party is given as a party id", async () => {
      const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
      expect((await decisionOf(subject, ["read"], [orgParty(OTHER_ORG)])).Decision).toBe("Permit");
      const partyId = await partyIdOf(OTHER_ORG);
      expect((await decisionOf(subject, ["read"], [attribute("urn:altinn:partyid", partyId)])).Decision).toBe("Permit");
    });

    it("denies an organisation reading another organisation's correspondence", async () => {
      const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
      expect((await decisionOf(subject, ["read"], [orgParty(SERVICE_OWNER_ORG_NUMBER)])).Decision).toBe("Deny");
    });

    it("permits the holder of a role assignment, and only for that party", async () => {
      const subject = [attribute("urn:altinn:person:identifier-no", DAGLIG_LEDER_NATIONAL_ID)];
      expect((await decisionOf(subject, ["read"], [orgParty(SERVICE_OWNER_ORG_NUMBER)])).Decision).toBe("Permit");
      expect((await decisionOf(subject, ["read"], [orgParty(OTHER_ORG)])).Decision).toBe("Deny");
    });

    it("does not let the resource owner read a recipient's correspondence", async () => {
      const subject = subjectAttributesOf(await enterpriseToken(stubs));
      expect((await decisionOf(subject, ["read"], [orgParty(OTHER_ORG)])).Decision).toBe("Deny");
    });
  });

  it("treats read+write in one request as 'either', as Correspondence's any-check expects", async () => {
    const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
    expect((await decisionOf(subject, ["read", "write"], [orgParty(OTHER_ORG)])).Decision).toBe("Permit");
    expect((await decisionOf(subject, ["read", "write"], [orgParty(SERVICE_OWNER_ORG_NUMBER)])).Decision).toBe("Deny");
  });

  it("is NotApplicable for an action no policy covers or a request without a resource id", async () => {
    const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
    expect((await decisionOf(subject, ["sign"], [orgParty(OTHER_ORG)])).Decision).toBe("NotApplicable");
    const [withoutResource] = await decisions({
      Request: {
        AccessSubject: [{ Attribute: subject }],
        Action: [{ Attribute: [attribute(ACTION_ID, "read")] }],
        Resource: [],
      },
    });
    expect(withoutResource!.Decision).toBe("NotApplicable");
  });

  it("puts the resource's minimum authentication level in a Permit's obligation", async () => {
    const subject = [attribute("urn:altinn:organization:identifier-no", OTHER_ORG)];
    const levelOf = async (resourceId: string) => {
      const result = await decisionOf(subject, ["read"], [orgParty(OTHER_ORG)], resourceId);
      expect(result.Decision).toBe("Permit");
      const assignment = result.Obligations.flatMap((obligation) => obligation.AttributeAssignment);
      expect(assignment).toHaveLength(1);
      expect(assignment[0]!.Category).toBe("urn:altinn:minimum-authenticationlevel");
      return assignment[0]!.Value;
    };
    expect(await levelOf(RESOURCE)).toBe("0");
    expect(await levelOf(LEVEL_THREE_RESOURCE)).toBe("3");
  });

  it("answers a multi-request with one decision per RequestReference, in order", async () => {
    const ownParty = attribute("urn:altinn:partyid", await partyIdOf(SERVICE_OWNER_ORG_NUMBER));
    const query = postJson(
      `${stubs.url}/register/api/v1/correspondence/parties/query?fields=identifiers&fields=user`,
      { data: [personUrn(DAGLIG_LEDER_NATIONAL_ID), personUrn("08018012345")] },
      callerToken,
    );
    const { data } = await jsonOf<{ data: Array<{ user: { userId: number } }> }>(query);
    const [holder, stranger] = data;
    const userIds = [holder!.user.userId, stranger!.user.userId, holder!.user.userId];
    const results = await decisions({
      Request: {
        AccessSubject: userIds.map((userId, index) => ({
          Id: `s${index}`,
          Attribute: [{ ...attribute("urn:altinn:userid", String(userId)), IncludeInResult: true }],
        })),
        Action: [{ Id: "a1", Attribute: [attribute(ACTION_ID, "read")] }],
        Resource: [{ Id: "r1", Attribute: [attribute("urn:altinn:resource", RESOURCE), ownParty] }],
        MultiRequests: { RequestReference: userIds.map((_, index) => ({ ReferenceId: [`s${index}`, "a1", "r1"] })) },
      },
    });
    expect(results.map((result) => result.Decision)).toEqual(["Permit", "Deny", "Permit"]);
    expect(results[1]!.Category[0]!.Attribute[0]!.Value).toBe(String(stranger!.user.userId));
  });

  it("accepts the camelCase keys .NET clients send", async () => {
    const response = await authorize({
      request: {
        accessSubject: [{ attribute: [{ attributeId: "urn:altinn:org", value: "ttd" }] }],
        action: [{ attribute: [{ attributeId: ACTION_ID, value: "write" }] }],
        resource: [{ attribute: [{ attributeId: "urn:altinn:resource", value: RESOURCE }] }],
      },
    });
    expect(((await response.json()) as { Response: DecisionResult[] }).Response[0]!.Decision).toBe("Permit");
  });

  it("fails once with an injected fault, then answers normally", async () => {
    const fault = await postJson(`${stubs.url}/_stub/faults`, { service: "authorization", status: 503, count: 1 });
    expect(fault.status).toBe(204);
    const body = decisionRequest([attribute("urn:altinn:org", "ttd")], ["write"], []);
    expect((await authorize(body)).status).toBe(503);
    const recovered = await authorize(body);
    expect(recovered.status).toBe(200);
    expect(((await recovered.json()) as { Response: DecisionResult[] }).Response[0]!.Decision).toBe("Permit");
  });
});
