/**
 * The business check against the stub's PDP: write for the resource owner, read for the recipient party (person or
 * organisation) and role holders, deny otherwise; the service-owner bypass; the minimum authentication level; the
 * decision cache and the multi-request.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import { signDialogToken } from "../../dev/stubs/services/dialogporten/dialog-token.js";
import { createAltinnAdapters, type AltinnAdapters } from "../../shared/adapters/altinn/create-altinn-adapters.js";
import type { Caller } from "../../shared/domain/caller.js";
import type { AccessRequest } from "../../shared/domain/ports/authorization.js";
import {
  callerOf,
  enterpriseCaller,
  otherOrgNumber,
  personA,
  personB,
  personCaller,
  recordingFetch,
  serviceOwnerOrgNumber,
  startAltinnTestBed,
  type AltinnTestBed,
  type RecordingFetch,
} from "./support.js";

const resourceId = "altinn-correspondence-test";
const levelFourResource = "level-four-resource";
const orgUrn = (orgNumber: string) => `urn:altinn:organization:identifier-no:${orgNumber}`;
const personUrn = (nationalId: string) => `urn:altinn:person:identifier-no:${nationalId}`;

let bed: AltinnTestBed;
let recorder: RecordingFetch;
let adapters: AltinnAdapters;

beforeAll(async () => {
  bed = await startAltinnTestBed({
    fixtures: stubFixturesSchema.parse({ resources: { [levelFourResource]: { minimumAuthenticationLevel: 4 } } }),
  });
});
afterAll(() => bed?.close());

beforeEach(() => {
  // Fresh adapters per test: each starts with empty caches, so request counts say what that test caused.
  recorder = recordingFetch();
  adapters = createAltinnAdapters(bed.config, recorder.fetch);
});

const pdpCalls = () => recorder.to("/authorization/api/v1/authorize");
const decide = (caller: Caller, party: string, action: "read" | "write", extra: Partial<AccessRequest> = {}) =>
  adapters.accessDecider.decide({ caller, resourceId, party, action, ...extra });

describe("sender checks (write)", () => {
  it("permits the owning organisation through the PDP when it calls without altinn:serviceowner", async () => {
    const owner = await enterpriseCaller(bed, serviceOwnerOrgNumber, "altinn:correspondence.write");
    expect(await decide(owner, orgUrn(serviceOwnerOrgNumber), "write")).toEqual({
      permitted: true,
      minimumAuthenticationLevel: 0,
    });
    expect(pdpCalls()).toHaveLength(1);
    const request = JSON.parse(pdpCalls()[0]!.body!) as { Request: { Resource: Array<{ Attribute: unknown[] }> } };
    expect(request.Request.Resource[0]!.Attribute).toContainEqual(
      expect.objectContaining({ AttributeId: "urn:altinn:resource", Value: resourceId }),
    );
    expect(pdpCalls()[0]!.headers.get("authorization")).toMatch(/^Bearer ey/);
  });

  it("lets the resource owner with altinn:serviceowner through without asking the PDP", async () => {
    const owner = await enterpriseCaller(bed, serviceOwnerOrgNumber, "altinn:correspondence.write altinn:serviceowner");
    expect(await decide(owner, orgUrn(serviceOwnerOrgNumber), "write")).toEqual({ permitted: true });
    expect(pdpCalls()).toHaveLength(0);
  });

  it("denies another organisation, even with altinn:serviceowner", async () => {
    const other = await enterpriseCaller(bed, otherOrgNumber, "altinn:correspondence.write altinn:serviceowner");
    expect((await decide(other, orgUrn(serviceOwnerOrgNumber), "write")).permitted).toBe(false);
    expect(pdpCalls()).toHaveLength(1);
  });
});

describe("recipient checks (read)", () => {
  it("permits a person for their own correspondence and denies them another person's", async () => {
    const person = await personCaller(bed, personB);
    const instance = { correspondenceId: randomUUID() };
    expect((await decide(person, personUrn(personB), "read", instance)).permitted).toBe(true);
    expect((await decide(person, personUrn(personA), "read", instance)).permitted).toBe(false);
    const resource = JSON.parse(pdpCalls()[0]!.body!) as { Request: { Resource: Array<{ Attribute: unknown[] }> } };
    expect(resource.Request.Resource[0]!.Attribute).toContainEqual(
      expect.objectContaining({
        AttributeId: "urn:altinn:resourceinstance",
        Value: `urn:altinn:correspondence-id:${instance.correspondenceId}`,
      }),
    );
    // The party went to the PDP as its party id, looked up in Register first.
    expect(resource.Request.Resource[0]!.Attribute).toContainEqual(
      expect.objectContaining({ AttributeId: "urn:altinn:partyid" }),
    );
  });

  it("permits an organisation for its own correspondence, and denies it write on it", async () => {
    const organisation = await enterpriseCaller(bed, otherOrgNumber, "altinn:correspondence.read");
    expect((await decide(organisation, orgUrn(otherOrgNumber), "read")).permitted).toBe(true);
    expect((await decide(organisation, orgUrn(otherOrgNumber), "write")).permitted).toBe(false);
  });

  it("permits a holder of a role for the organisation (daglig leder in the fixtures)", async () => {
    const dagligLeder = await personCaller(bed, personA);
    expect((await decide(dagligLeder, orgUrn(serviceOwnerOrgNumber), "read")).permitted).toBe(true);
    expect((await decide(dagligLeder, orgUrn(otherOrgNumber), "read")).permitted).toBe(false);
  });

  it("denies a Permit whose minimum authentication level the caller does not meet", async () => {
    const level3 = await personCaller(bed, personB, { authLvl: "3" });
    const level4 = await personCaller(bed, personB, { authLvl: "4" });
    const request = { resourceId: levelFourResource, party: personUrn(personB), action: "read" } as const;
    expect(await adapters.accessDecider.decide({ caller: level3, ...request })).toEqual({
      permitted: false,
      minimumAuthenticationLevel: 4,
    });
    expect(await adapters.accessDecider.decide({ caller: level4, ...request })).toEqual({
      permitted: true,
      minimumAuthenticationLevel: 4,
    });
  });

  it("asks the PDP for a dialog token's actor, and never for an action the token does not carry", async () => {
    const dialogToken = await signDialogToken(bed.stubs.issuers.dialogporten, {
      consumer: personUrn(personB),
      authenticationLevel: 3,
      party: personUrn(personB),
      serviceResource: `urn:altinn:resource:${resourceId}`,
      dialogId: randomUUID(),
      actions: ["read"],
    });
    const caller = await callerOf(bed.config, dialogToken);
    expect((await decide(caller, personUrn(personB), "read")).permitted).toBe(true);
    expect(pdpCalls()).toHaveLength(1);
    const subject = JSON.parse(pdpCalls()[0]!.body!) as { Request: { AccessSubject: Array<{ Attribute: unknown[] }> } };
    expect(subject.Request.AccessSubject[0]!.Attribute).toContainEqual(
      expect.objectContaining({ AttributeId: "urn:altinn:person:identifier-no", Value: personB }),
    );
    expect((await decide(caller, personUrn(personB), "write")).permitted).toBe(false);
    expect(pdpCalls()).toHaveLength(1);
  });
});

describe("decision cache", () => {
  it("answers a repeated question from the cache, whatever the correspondence", async () => {
    const person = await personCaller(bed, personB);
    for (let i = 0; i < 5; i++) {
      expect((await decide(person, personUrn(personB), "read", { correspondenceId: randomUUID() })).permitted).toBe(true);
    }
    expect(pdpCalls()).toHaveLength(1);
    // A different action is a different question.
    await decide(person, personUrn(personB), "write");
    expect(pdpCalls()).toHaveLength(2);
  });

  it("asks many questions in one multi-request and answers them in order", async () => {
    const person = await personCaller(bed, personB);
    const decisions = await adapters.accessDecider.decideMany([
      { caller: person, resourceId, party: personUrn(personB), action: "read" },
      { caller: person, resourceId, party: personUrn(personA), action: "read" },
      { caller: person, resourceId, party: personUrn(personB), action: "write" },
      { caller: person, resourceId, party: personUrn(personB), action: "read" },
    ]);
    expect(decisions.map((decision) => decision.permitted)).toEqual([true, false, false, true]);
    expect(pdpCalls()).toHaveLength(1);
    const body = JSON.parse(pdpCalls()[0]!.body!) as { Request: { MultiRequests: { RequestReference: unknown[] } } };
    expect(body.Request.MultiRequests.RequestReference).toHaveLength(3);
  });

  it("does not remember a failed PDP call", async () => {
    const person = await personCaller(bed, personB);
    await fetch(`${bed.stubs.url}/_stub/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // Three: the first try and both retries (a decision request is safe to repeat).
      body: JSON.stringify({ service: "authorization", status: 503, rate: 1, count: 3 }),
    });
    await expect(decide(person, personUrn(personB), "read")).rejects.toThrow(/503/);
    expect((await decide(person, personUrn(personB), "read")).permitted).toBe(true);
  });
});
