/** Resource Registry, Register and KRR against the stubs: what each answers, what is cached and what is not. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import { createAltinnAdapters, type AltinnAdapters } from "../../shared/adapters/altinn/create-altinn-adapters.js";
import { ContactReservationUnavailable } from "../../shared/domain/ports/contact-reservation.js";
import { confidentialRecipientRoles } from "../../shared/domain/ports/party-register.js";
import {
  clearFaults,
  injectFault,
  otherOrgNumber,
  personA,
  personB,
  recordingFetch,
  reservedNationalId,
  serviceOwnerOrgNumber,
  startAltinnTestBed,
  type AltinnTestBed,
  type RecordingFetch,
} from "./support.js";

const subUnitOrgNumber = "910000001";
const levelThreeResource = "level-three-resource";

let bed: AltinnTestBed;
let recorder: RecordingFetch;
let adapters: AltinnAdapters;

beforeAll(async () => {
  bed = await startAltinnTestBed({
    fixtures: stubFixturesSchema.parse({
      mainUnits: { [subUnitOrgNumber]: serviceOwnerOrgNumber },
      resources: { [levelThreeResource]: { minimumAuthenticationLevel: 3, title: "Nivå tre" } },
    }),
  });
});
afterAll(() => bed?.close());
beforeEach(async () => {
  await clearFaults(bed.stubs);
  recorder = recordingFetch();
  adapters = createAltinnAdapters(bed.config, recorder.fetch);
});

describe("Resource Registry", () => {
  it("reads owner, type, confidentiality and minimum authentication level of a confidential resource", async () => {
    expect(await adapters.resourceRegistry.get("resource-with-confidential-post-activated")).toEqual({
      resourceId: "resource-with-confidential-post-activated",
      ownerOrgNumber: serviceOwnerOrgNumber,
      ownerOrgCode: "ttd",
      ownerName: "DIGITALISERINGSDIREKTORATET",
      resourceType: "CorrespondenceService",
      isConfidential: true,
      minimumAuthenticationLevel: 0,
      title: expect.objectContaining({ nb: expect.any(String) }),
    });
  });

  it("reads an ordinary resource as not confidential, with its policy's authentication level, and accepts the URN form", async () => {
    const resource = await adapters.resourceRegistry.get(`urn:altinn:resource:${levelThreeResource}`);
    expect(resource).toMatchObject({ isConfidential: false, minimumAuthenticationLevel: 3, title: { nb: "Nivå tre" } });
  });

  it("caches a resource: the second read makes no request", async () => {
    await adapters.resourceRegistry.get("altinn-correspondence-test");
    const requestsAfterFirst = recorder.requests.length;
    expect(requestsAfterFirst).toBe(3);
    await adapters.resourceRegistry.get("altinn-correspondence-test");
    expect(recorder.requests).toHaveLength(requestsAfterFirst);
  });

  it("says undefined for an id no resource can have, without asking", async () => {
    expect(await adapters.resourceRegistry.get("not a resource/../x")).toBeUndefined();
    expect(recorder.requests).toHaveLength(0);
  });

  it("does not remember a registry outage", async () => {
    await injectFault(bed.stubs, { service: "resource-registry", status: 500, count: 9 });
    await expect(adapters.resourceRegistry.get("outage-resource")).rejects.toThrow(/500/);
    await clearFaults(bed.stubs);
    expect((await adapters.resourceRegistry.get("outage-resource"))?.ownerOrgNumber).toBe(serviceOwnerOrgNumber);
  });
});

describe("Register", () => {
  it("looks up organisations, persons and party uuids, keyed by the URN as given", async () => {
    const orgUrn = `urn:altinn:organization:identifier-no:${serviceOwnerOrgNumber}`;
    const personUrn = `urn:altinn:person:identifier-no:${personB}`;
    const found = await adapters.partyRegister.lookup([orgUrn, personUrn, "urn:altinn:person:idporten-email:Ola@Example.no"]);
    expect(found.get(orgUrn)).toEqual({
      partyUuid: expect.any(String),
      partyId: expect.any(Number),
      name: "DIGITALISERINGSDIREKTORATET",
      type: "organization",
      orgNumber: serviceOwnerOrgNumber,
    });
    expect(found.get(personUrn)).toMatchObject({ type: "person", ssn: personB, userId: expect.any(Number) });
    expect(found.get("urn:altinn:person:idporten-email:Ola@Example.no")).toMatchObject({ type: "self-identified" });

    const byUuid = `urn:altinn:party:uuid:${found.get(orgUrn)!.partyUuid}`;
    const again = await adapters.partyRegister.lookup([byUuid]);
    expect(again.get(byUuid)).toEqual(found.get(orgUrn));
  });

  it("leaves out what is not a party", async () => {
    const unknownUuid = "urn:altinn:party:uuid:c0000000-0000-4000-8000-000000000000";
    const found = await adapters.partyRegister.lookup([unknownUuid, "not-a-urn"]);
    expect(found.size).toBe(0);
  });

  it("caches parties and asks in batches of 100", async () => {
    const urns = Array.from({ length: 250 }, (_, index) => `urn:altinn:organization:identifier-no:${String(310000000 + index)}`);
    const found = await adapters.partyRegister.lookup(urns);
    expect(found.size).toBe(250);
    expect(recorder.to("/parties/query")).toHaveLength(3);
    recorder.clear();
    expect((await adapters.partyRegister.lookup(urns.slice(0, 10))).size).toBe(10);
    expect(recorder.requests).toHaveLength(0);
  });

  it("finds the required roles of an organisation, of a sub-unit through its main unit, and not where none are held", async () => {
    expect(await adapters.partyRegister.hasRequiredRoles(serviceOwnerOrgNumber, confidentialRecipientRoles)).toBe(true);
    expect(await adapters.partyRegister.hasRequiredRoles(subUnitOrgNumber, confidentialRecipientRoles)).toBe(true);
    expect(await adapters.partyRegister.hasRequiredRoles(otherOrgNumber, confidentialRecipientRoles)).toBe(false);
    expect(await adapters.partyRegister.hasRequiredRoles(serviceOwnerOrgNumber, ["styreleder"])).toBe(false);
  });
});

describe("KRR", () => {
  it("reports who among the persons is reserved", async () => {
    const reserved = await adapters.contactReservationRegistry.reservedAmong([reservedNationalId, personA, personB]);
    expect([...reserved]).toEqual([reservedNationalId]);
    // KRR takes the Maskinporten token itself, not an exchanged Altinn token.
    const [call] = recorder.to("/rest/v2/personer");
    expect(call!.headers.get("authorization")).toMatch(/^Bearer /);
    expect(recorder.to("/exchange/maskinporten")).toHaveLength(0);
  });

  it("throws ContactReservationUnavailable when KRR fails, and asks again next time", async () => {
    await injectFault(bed.stubs, { service: "krr", status: 503, count: 1 });
    await expect(adapters.contactReservationRegistry.reservedAmong([personA])).rejects.toBeInstanceOf(
      ContactReservationUnavailable,
    );
    expect(await adapters.contactReservationRegistry.reservedAmong([reservedNationalId])).toEqual(new Set([reservedNationalId]));
    expect(recorder.to("/rest/v2/personer")).toHaveLength(2);
  });
});
