/**
 * Initialize and publish against stubs with fixtures of their own and faults that must not reach other test files:
 * a whole platform of its own (startPlatform on free ports, data in memory) whose Resource Registry knows an app
 * resource, a resource demanding authentication level 3 and a resource of another service owner; KRR and
 * Dialogporten failing on purpose.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../../dev/platform/platform.js";
import { eventually, freshNationalIdentityNumber } from "./support/api-client.js";
import { startOwnPlatform, type OwnPlatform } from "./support/own-platform.js";
import { dialogsOf, statusesOf, type PublishingProbes } from "./support/publishing-probes.js";

const otherOwner = { orgNumber: "310000009", orgCode: "oth" };
const fixtures = {
  resources: {
    "app-resource": { resourceType: "AltinnApp" },
    "level-three-resource": { minimumAuthenticationLevel: 3 },
    "other-owner-resource": { ownerOrgNumber: otherOwner.orgNumber, ownerOrgCode: otherOwner.orgCode },
  },
  serviceOwnerOrgCodes: { "991825827": "ttd", [otherOwner.orgNumber]: otherOwner.orgCode },
};

let own: OwnPlatform;
let platform: RunningPlatform;
let probes: PublishingProbes;

beforeAll(async () => {
  // Retries 1 s apart instead of 5 s, 15 s, …: Dialogporten fails here for a few calls only.
  own = await startOwnPlatform({ fixtures, appSettings: { MESSAGE_RETRY_DELAYS: "1s" } });
  ({ platform, probes } = own);
});

afterAll(async () => {
  await own?.close();
});

const token = (path: string, query: Record<string, string>): Promise<string> => own.token(path, query);
const ownerToken = (): Promise<string> => own.ownerToken();

interface Sent {
  status: number;
  body: { errorCode?: number; correspondences?: Array<{ correspondenceId: string; status: string }> };
}

async function initialize(input: {
  recipients: string[];
  resourceId?: string;
  correspondence?: Record<string, unknown>;
  token?: string;
}): Promise<Sent> {
  const response = await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
    method: "POST",
    headers: { authorization: `Bearer ${input.token ?? (await ownerToken())}`, "content-type": "application/json" },
    body: JSON.stringify({
      correspondence: {
        resourceId: input.resourceId ?? "fixture-test-resource",
        sendersReference: `ref-${randomUUID()}`,
        content: { language: "nb", messageTitle: "Tittel", messageSummary: "", messageBody: "Brødtekst" },
        ...input.correspondence,
      },
      recipients: input.recipients,
    }),
  });
  return { status: response.status, body: (await response.json()) as Sent["body"] };
}

async function fault(service: string, count: number): Promise<void> {
  const response = await fetch(`${platform.urls.stubs}/_stub/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, status: 503, rate: 1, count }),
  });
  expect(response.ok).toBe(true);
}

const organisation = (orgNo: string) => `urn:altinn:organization:identifier-no:${orgNo}`;

describe("initialize against fixtures of its own", () => {
  it("refuses an app resource outside a transmission with 4010", async () => {
    const sent = await initialize({ recipients: [organisation("310000101")], resourceId: "app-resource" });
    expect(sent).toMatchObject({ status: 400, body: { errorCode: 4010 } });
  });

  it("refuses allowForwarding on a resource demanding an authentication level above 0 with 1068", async () => {
    const sent = await initialize({
      recipients: [organisation("310000102")],
      resourceId: "level-three-resource",
      correspondence: { allowForwarding: true },
    });
    expect(sent).toMatchObject({ status: 400, body: { errorCode: 1068 } });
    const withoutForwarding = await initialize({ recipients: [organisation("310000102")], resourceId: "level-three-resource" });
    expect(withoutForwarding.status).toBe(200);
  });

  it("answers 500/1032 while KRR is down, unless ignoreReservation", async () => {
    await fault("krr", 1);
    const refused = await initialize({ recipients: [`urn:altinn:person:identifier-no:${freshNationalIdentityNumber()}`] });
    expect(refused).toMatchObject({ status: 500, body: { errorCode: 1032 } });
    await fault("krr", 1);
    const ignored = await initialize({ recipients: [freshNationalIdentityNumber()], correspondence: { ignoreReservation: true } });
    expect(ignored.status).toBe(200);
    await fetch(`${platform.urls.stubs}/_stub/faults`, { method: "DELETE" });
  });

  it("checks a transmission's dialogue: another service owner's is 1050, another party's is 1046, a matching one is accepted", async () => {
    const recipient = organisation("310000103");
    // Another service owner sends on its own resource: its correspondence gets a dialogue of that owner's resource.
    const otherOwnerToken = await token("/api/GetEnterpriseToken", {
      scopes: "altinn:correspondence.write altinn:serviceowner",
      org: otherOwner.orgCode,
      orgNo: otherOwner.orgNumber,
    });
    const theirs = await initialize({ recipients: [recipient], resourceId: "other-owner-resource", token: otherOwnerToken });
    expect(theirs.status).toBe(200);
    const theirId = theirs.body.correspondences![0]!.correspondenceId;
    const theirDialog = await eventually(async () => (await dialogsOf(theirId, platform.urls.stubs))[0], "their dialogue");
    const transmissionInto = (dialogId: string) => ({ externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: dialogId }] });
    expect(await initialize({ recipients: [recipient], correspondence: transmissionInto(theirDialog.id) })).toMatchObject({
      status: 400,
      body: { errorCode: 1050 },
    });

    const ours = await initialize({ recipients: [recipient] });
    const ourId = ours.body.correspondences![0]!.correspondenceId;
    const ourDialog = await eventually(async () => (await dialogsOf(ourId, platform.urls.stubs))[0], "our dialogue");
    expect(await initialize({ recipients: [organisation("310000104")], correspondence: transmissionInto(ourDialog.id) })).toMatchObject({
      status: 400,
      body: { errorCode: 1046 },
    });
    const transmission = await initialize({
      recipients: [recipient],
      correspondence: {
        externalReferences: [
          { referenceType: "DialogportenDialogId", referenceValue: ourDialog.id },
          { referenceType: "DialogportenTransmissionType", referenceValue: "6" },
        ],
      },
    });
    expect(transmission.status).toBe(200);

    // Published as a transmission of that dialogue: no dialogue of its own, the transmission id stored.
    const transmissionId = transmission.body.correspondences![0]!.correspondenceId;
    const published = await probes.untilStatus(transmissionId, "Published");
    const stored = published.externalReferences.find((reference) => reference.referenceType === "DialogportenTransmissionId");
    expect(stored).toBeDefined();
    expect(await dialogsOf(transmissionId, platform.urls.stubs)).toEqual([]);
    const [dialog] = await dialogsOf(ourId, platform.urls.stubs);
    expect(dialog!.transmissions).toEqual([expect.objectContaining({ id: stored!.referenceValue, type: "Decision" })]);
  });
});

describe("publishing through failures of Dialogporten", () => {
  it("retries until the dialogue can be created, then publishes once with one dialogue", async () => {
    await fault("dialogporten", 3);
    const sent = await initialize({ recipients: [organisation("310000105")] });
    expect(sent.status).toBe(200);
    const id = sent.body.correspondences![0]!.correspondenceId;
    const published = await probes.untilStatus(id, "Published", 45_000);
    expect(statusesOf(published)).toEqual(["Initialized", "ReadyForPublish", "Published"]);
    expect(await dialogsOf(id, platform.urls.stubs)).toHaveLength(1);
  });
});
