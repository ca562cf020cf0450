/**
 * Contract tests for the Dialogporten stub: service-owner dialogs (create, read, PUT, JSON Patch, delete, purge,
 * restore), activities, transmissions, revisions and If-Match, the end-user dialog with its dialog token, fault
 * injection and the recording.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { uuidV7 } from "../../dev/stubs/services/dialogporten/uuid.js";
import {
  asArray,
  asRecord,
  call,
  personToken,
  serviceOwnerToken,
  startPlatformStubs,
  type PlatformStubs,
  type StubCall,
} from "./platform-helpers.js";

const dialogs = "/dialogporten/api/v1/serviceowner/dialogs";
const recipient = "26818099001";
const confirmUrl = "https://correspondence.example/correspondence/api/v1/correspondence/1/confirm";

let platform: PlatformStubs;
let token: string;

beforeAll(async () => {
  platform = await startPlatformStubs();
  token = await serviceOwnerToken(platform.stub);
});

afterAll(async () => {
  await platform.close();
});

beforeEach(async () => {
  await call(platform.stub.url, "/_stub/state", { method: "DELETE" });
});

function serviceOwner(path: string, options: StubCall = {}) {
  return call(platform.stub.url, path, { token, ...options });
}

const title = (value: string) => ({ mediaType: "text/plain", value: [{ value, languageCode: "nb" }] });

function dialogBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceResource: "urn:altinn:resource:correspondence-test",
    party: `urn:altinn:person:identifier-no:${recipient}`,
    status: "RequiresAttention",
    externalReference: "senders-ref",
    content: { title: title("Viktig melding"), summary: title("Sammendrag") },
    guiActions: [
      { action: "read", url: confirmUrl, httpMethod: "POST", priority: "Primary", title: [{ value: "Bekreft", languageCode: "nb" }] },
    ],
    apiActions: [{ action: "write", name: "confirmCorrespondence", endpoints: [{ url: confirmUrl, httpMethod: "POST" }] }],
    attachments: [],
    ...extra,
  };
}

async function createDialog(body: Record<string, unknown> = dialogBody()): Promise<string> {
  const created = await serviceOwner(dialogs, { method: "POST", json: body });
  expect(created.status).toBe(201);
  return String(created.body);
}

async function readDialog(dialogId: string): Promise<{ dialog: Record<string, unknown>; etag: string | null }> {
  const answer = await serviceOwner(`${dialogs}/${dialogId}`);
  expect(answer.status).toBe(200);
  return { dialog: asRecord(answer.body), etag: answer.header("etag") };
}

async function recording(): Promise<Record<string, unknown>[]> {
  return asArray((await call(platform.stub.url, "/_stub/dialogporten/dialogs")).body).map(asRecord);
}

const informationActivity = (id: string) => ({
  id,
  type: "Information",
  performedBy: { actorType: "ServiceOwner" },
  description: [{ value: "Varsel sendt", languageCode: "nb" }],
});

describe("Dialogporten stub", () => {
  it("refuses service-owner and end-user calls without a bearer token", async () => {
    const url = platform.stub.url;
    expect((await call(url, dialogs, { method: "POST", json: dialogBody() })).status).toBe(401);
    expect((await call(url, `${dialogs}/${uuidV7()}`)).status).toBe(401);
    expect((await call(url, `${dialogs}/${uuidV7()}/activities`, { method: "POST", json: {} })).status).toBe(401);
    expect((await call(url, `/dialogporten/api/v1/enduser/dialogs/${uuidV7()}`)).status).toBe(401);
  });

  it("creates a dialog (201, id as JSON string, Location and Etag) and reads it back with its revision", async () => {
    const created = await serviceOwner(dialogs, { method: "POST", json: dialogBody() });
    expect(created.status).toBe(201);
    const dialogId = String(created.body);
    expect(created.text).toBe(JSON.stringify(dialogId));
    expect(created.header("location")).toBe(`${platform.stub.url}${dialogs}/${dialogId}`);

    const { dialog, etag } = await readDialog(dialogId);
    expect(etag).toBe(created.header("etag"));
    expect(dialog).toMatchObject({
      id: dialogId,
      revision: etag,
      org: "ttd",
      serviceResource: "urn:altinn:resource:correspondence-test",
      serviceResourceType: "CorrespondenceService",
      party: `urn:altinn:person:identifier-no:${recipient}`,
      status: "RequiresAttention",
      systemLabel: "Default",
      deletedAt: null,
      content: { title: title("Viktig melding") },
      activities: [],
      transmissions: [],
    });
    expect((await serviceOwner(`${dialogs}/${uuidV7()}`)).status).toBe(404);
    expect(await recording()).toEqual([{ id: dialogId, ...dialogBody(), activities: [], transmissions: [], deletedAt: null }]);
  });

  it("makes creation with a caller-chosen UUIDv7 idempotent (422 already exists) and refuses a reused idempotentKey (409)", async () => {
    const id = uuidV7();
    expect(await createDialog(dialogBody({ id }))).toBe(id);
    const again = await serviceOwner(dialogs, { method: "POST", json: dialogBody({ id }) });
    expect(again.status).toBe(422);
    expect(again.text).toContain("already exists");

    const notV7 = await serviceOwner(dialogs, { method: "POST", json: dialogBody({ id: "3fa85f64-5717-4562-b3fc-2c963f66afa6" }) });
    expect(notV7.status).toBe(400);
    expect(Object.keys(asRecord(asRecord(notV7.body)["errors"]))).toContain("id");

    await createDialog(dialogBody({ idempotentKey: "key-1" }));
    const reused = await serviceOwner(dialogs, { method: "POST", json: dialogBody({ idempotentKey: "key-1" }) });
    expect(reused.status).toBe(409);
    expect((await recording()).map((dialog) => dialog["id"])).toHaveLength(2);
  });

  it("validates required fields with 400 ProblemDetails", async () => {
    const { serviceResource: _resource, ...withoutResource } = dialogBody();
    const missing = await serviceOwner(dialogs, { method: "POST", json: { ...withoutResource, content: { summary: title("x") } } });
    expect(missing.status).toBe(400);
    expect(missing.header("content-type")).toContain("application/problem+json");
    expect(Object.keys(asRecord(asRecord(missing.body)["errors"]))).toEqual(
      expect.arrayContaining(["serviceResource", "content.title"]),
    );
    const badParty = await serviceOwner(dialogs, { method: "POST", json: dialogBody({ party: "urn:altinn:person:identifier-no:123" }) });
    expect(badParty.status).toBe(400);
    expect(await recording()).toEqual([]);
  });

  it("applies RFC 6902 patches (add, remove, replace, move, copy, test) with a new revision each time, and 412 on a stale If-Match", async () => {
    const dialogId = await createDialog();
    const before = await readDialog(dialogId);

    const patch = [
      { op: "test", path: "/status", value: "RequiresAttention" },
      { op: "remove", path: "/guiActions/0" },
      { op: "remove", path: "/apiActions/0" },
      { op: "replace", path: "/status", value: "NotApplicable" },
      { op: "replace", path: "/content/summary/value/0/value", value: "Nytt sammendrag" },
      { op: "add", path: "/extendedStatus", value: "confirmed" },
      { op: "copy", from: "/extendedStatus", path: "/process" },
      { op: "move", from: "/process", path: "/externalReference" },
      { op: "add", path: "/searchTags/-", value: { value: "skatt" } },
    ];
    const patched = await serviceOwner(`${dialogs}/${dialogId}?isSilentUpdate=true`, {
      method: "PATCH",
      json: patch,
      contentType: "application/json-patch+json",
      headers: { "if-match": before.etag ?? "" },
    });
    expect(patched.status).toBe(204);
    const after = await readDialog(dialogId);
    expect(patched.header("etag")).toBe(after.etag);
    expect(after.etag).not.toBe(before.etag);
    expect(after.dialog).toMatchObject({
      status: "NotApplicable",
      guiActions: [],
      apiActions: [],
      extendedStatus: "confirmed",
      externalReference: "confirmed",
      searchTags: [{ value: "skatt" }],
      content: { summary: title("Nytt sammendrag") },
    });
    expect(after.dialog["process"]).toBeUndefined();
    // A silent update changes the revision but not what the end user sees as "updated".
    expect(after.dialog["updatedAt"]).toBe(before.dialog["updatedAt"]);

    const stale = await serviceOwner(`${dialogs}/${dialogId}`, {
      method: "PATCH",
      json: [{ op: "replace", path: "/status", value: "Completed" }],
      headers: { "if-match": before.etag ?? "" },
    });
    expect(stale.status).toBe(412);

    const failingTest = await serviceOwner(`${dialogs}/${dialogId}`, {
      method: "PATCH",
      json: [{ op: "replace", path: "/status", value: "Completed" }, { op: "test", path: "/status", value: "New" }],
    });
    expect(failingTest.status).toBe(400);
    const unchanged = await readDialog(dialogId);
    expect(unchanged.dialog["status"]).toBe("NotApplicable");
    expect(unchanged.etag).toBe(after.etag);

    const [recorded] = await recording();
    expect(recorded).toMatchObject({ status: "NotApplicable", guiActions: [], extendedStatus: "confirmed" });
    expect(Object.keys(recorded ?? {})).not.toContain("progress");
  });

  it("replaces a dialog with PUT, keeping its identity and appending new activities", async () => {
    const dialogId = await createDialog();
    const { etag } = await readDialog(dialogId);
    const activityId = uuidV7();
    const updated = await serviceOwner(`${dialogs}/${dialogId}`, {
      method: "PUT",
      json: { ...dialogBody({ status: "Completed", guiActions: [], apiActions: [] }), party: "ignored", activities: [informationActivity(activityId)] },
      headers: { "if-match": etag ?? "" },
    });
    expect(updated.status).toBe(204);
    const { dialog } = await readDialog(dialogId);
    expect(dialog).toMatchObject({ status: "Completed", party: `urn:altinn:person:identifier-no:${recipient}`, guiActions: [] });
    expect(asArray(dialog["activities"]).map((activity) => asRecord(activity)["id"])).toEqual([activityId]);
    expect((await serviceOwner(`${dialogs}/${dialogId}`, { method: "PUT", json: dialogBody(), headers: { "if-match": etag ?? "" } })).status).toBe(412);
  });

  it("adds activities idempotently by id and lists and reads them", async () => {
    const dialogId = await createDialog();
    const activityId = uuidV7();
    const added = await serviceOwner(`${dialogs}/${dialogId}/activities?isSilentUpdate=true`, {
      method: "POST",
      json: informationActivity(activityId),
    });
    expect(added.status).toBe(201);
    expect(added.body).toBe(activityId);
    expect(added.header("location")).toBe(`${platform.stub.url}${dialogs}/${dialogId}/activities/${activityId}`);
    expect(added.header("etag")).toBe((await readDialog(dialogId)).etag);

    const repeated = await serviceOwner(`${dialogs}/${dialogId}/activities`, { method: "POST", json: informationActivity(activityId) });
    expect(repeated.status).toBe(422);
    expect(repeated.text).toContain("already exists");

    const opened = await serviceOwner(`${dialogs}/${dialogId}/activities`, {
      method: "POST",
      json: { type: "CorrespondenceOpened", performedBy: { actorType: "PartyRepresentative", actorId: `urn:altinn:person:identifier-no:${recipient}` } },
    });
    expect(opened.status).toBe(201);
    const described = await serviceOwner(`${dialogs}/${dialogId}/activities`, {
      method: "POST",
      json: { ...informationActivity(uuidV7()), type: "DialogOpened" },
    });
    expect(described.status).toBe(400);

    const listed = asArray((await serviceOwner(`${dialogs}/${dialogId}/activities`)).body).map(asRecord);
    expect(listed.map((activity) => activity["id"])).toEqual([activityId, opened.body]);
    expect(listed[1]?.["createdAt"]).toEqual(expect.any(String));
    expect(asRecord((await serviceOwner(`${dialogs}/${dialogId}/activities/${activityId}`)).body)).toMatchObject(
      informationActivity(activityId),
    );
    expect((await serviceOwner(`${dialogs}/${dialogId}/activities/${uuidV7()}`)).status).toBe(404);
    expect((await serviceOwner(`${dialogs}/${uuidV7()}/activities`, { method: "POST", json: informationActivity(uuidV7()) })).status).toBe(404);

    const [recorded] = await recording();
    expect(recorded?.["activities"]).toEqual([
      informationActivity(activityId),
      { id: opened.body, type: "CorrespondenceOpened", performedBy: { actorType: "PartyRepresentative", actorId: `urn:altinn:person:identifier-no:${recipient}` } },
    ]);
  });

  it("adds and reads transmissions, refusing a reused transmission idempotentKey with 409", async () => {
    const dialogId = await createDialog();
    const transmission = {
      id: uuidV7(),
      idempotentKey: "transmission-1",
      type: "Information",
      sender: { actorType: "ServiceOwner" },
      content: { title: title("Ny forsendelse") },
      attachments: [],
    };
    const added = await serviceOwner(`${dialogs}/${dialogId}/transmissions`, { method: "POST", json: transmission });
    expect(added.status).toBe(201);
    expect(added.body).toBe(transmission.id);
    const reused = await serviceOwner(`${dialogs}/${dialogId}/transmissions`, {
      method: "POST",
      json: { ...transmission, id: uuidV7() },
    });
    expect(reused.status).toBe(409);

    expect(asArray((await serviceOwner(`${dialogs}/${dialogId}/transmissions`)).body)).toEqual([
      expect.objectContaining({ id: transmission.id, type: "Information" }),
    ]);
    expect(asRecord((await serviceOwner(`${dialogs}/${dialogId}/transmissions/${transmission.id}`)).body)["idempotentKey"]).toBe(
      "transmission-1",
    );
    const opened = await serviceOwner(`${dialogs}/${dialogId}/activities`, {
      method: "POST",
      json: { type: "TransmissionOpened", transmissionId: uuidV7(), performedBy: { actorType: "ServiceOwner" } },
    });
    expect(opened.status).toBe(422);
    expect((await recording())[0]?.["transmissions"]).toEqual([transmission]);
  });

  it("soft-deletes (410 on a second delete and on changes), restores, and purges (404 afterwards, still recorded)", async () => {
    const dialogId = await createDialog();
    expect((await serviceOwner(`${dialogs}/${dialogId}`, { method: "DELETE" })).status).toBe(204);
    expect((await serviceOwner(`${dialogs}/${dialogId}`, { method: "DELETE" })).status).toBe(410);
    expect((await serviceOwner(`${dialogs}/${dialogId}`, { method: "PATCH", json: [{ op: "add", path: "/progress", value: 5 }] })).status).toBe(410);
    expect((await serviceOwner(`${dialogs}/${dialogId}/activities`, { method: "POST", json: informationActivity(uuidV7()) })).status).toBe(410);
    const deleted = await readDialog(dialogId);
    expect(deleted.dialog["deletedAt"]).toEqual(expect.any(String));
    expect((await recording())[0]?.["deletedAt"]).toBe(deleted.dialog["deletedAt"]);

    expect((await serviceOwner(`${dialogs}/${dialogId}/actions/restore`, { method: "POST" })).status).toBe(204);
    expect((await readDialog(dialogId)).dialog["deletedAt"]).toBeNull();

    const stalePurge = await serviceOwner(`${dialogs}/${dialogId}/actions/purge`, { method: "POST", headers: { "if-match": deleted.etag ?? "" } });
    expect(stalePurge.status).toBe(412);
    expect((await serviceOwner(`${dialogs}/${dialogId}/actions/purge`, { method: "POST" })).status).toBe(204);
    expect((await serviceOwner(`${dialogs}/${dialogId}`)).status).toBe(404);
    expect((await serviceOwner(`${dialogs}/${dialogId}/activities`)).status).toBe(404);
    expect((await serviceOwner(`${dialogs}/${dialogId}/actions/purge`, { method: "POST" })).status).toBe(404);
    const [purged] = await recording();
    expect(purged).toMatchObject({ id: dialogId, deletedAt: null, purgedAt: expect.any(String) });
  });

  it("refuses an activity on a soft-deleted dialog (410) unless the caller is a service-owner admin, as Dialogporten does", async () => {
    const dialogId = await createDialog();
    expect((await serviceOwner(`${dialogs}/${dialogId}`, { method: "DELETE" })).status).toBe(204);
    const refused = await serviceOwner(`${dialogs}/${dialogId}/activities`, { method: "POST", json: informationActivity(uuidV7()) });
    expect(refused.status).toBe(410);
    expect(refused.text).toContain("is removed, and cannot be changed");

    const adminToken = await serviceOwnerToken(platform.stub, "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.admin");
    const adminActivity = informationActivity(uuidV7());
    const asAdmin = { token: adminToken, method: "POST", json: adminActivity } as const;
    expect((await call(platform.stub.url, `${dialogs}/${dialogId}/activities`, asAdmin)).status).toBe(201);
    // Only activities: the admin's other changes to the deleted dialog are still refused.
    const transmission = { id: uuidV7(), type: "Information", sender: { actorType: "ServiceOwner" }, content: { title: title("T") } };
    expect((await call(platform.stub.url, `${dialogs}/${dialogId}/transmissions`, { ...asAdmin, json: transmission })).status).toBe(410);
    const [recorded] = await recording();
    expect(recorded?.["activities"]).toEqual([adminActivity]);
    expect(recorded?.["deletedAt"]).toEqual(expect.any(String));
  });

  it("shows the dialog to its party with a dialog token that verifies against the Dialogporten key", async () => {
    const dialogId = await createDialog(dialogBody({ transmissions: [{ id: uuidV7(), type: "Information", sender: { actorType: "ServiceOwner" }, content: { title: title("T") } }] }));
    const endUser = `/dialogporten/api/v1/enduser/dialogs/${dialogId}`;
    const answer = await call(platform.stub.url, endUser, { token: await personToken(platform.stub, recipient, 3) });
    expect(answer.status).toBe(200);
    const dialog = asRecord(answer.body);
    expect(dialog).toMatchObject({
      id: dialogId,
      party: `urn:altinn:person:identifier-no:${recipient}`,
      serviceResource: "urn:altinn:resource:correspondence-test",
      status: "RequiresAttention",
      content: { title: title("Viktig melding") },
      attachments: [],
      activities: [],
      guiActions: [expect.objectContaining({ url: confirmUrl, isAuthorized: true })],
      apiActions: [expect.objectContaining({ name: "confirmCorrespondence", isAuthorized: true })],
      transmissions: [expect.objectContaining({ isAuthorized: true })],
      revision: (await readDialog(dialogId)).etag,
    });
    expect(dialog["serviceOwnerContext"]).toBeUndefined();

    // Verified the way a resource server does it: against the JWKS Dialogporten publishes.
    const jwks = createRemoteJWKSet(new URL(`${platform.stub.issuers.dialogporten.issuer}/.well-known/jwks.json`));
    const { payload: claims } = await jwtVerify(String(dialog["dialogToken"]), jwks, {
      issuer: platform.stub.issuers.dialogporten.issuer,
    });
    expect(claims).toMatchObject({
      iss: platform.stub.issuers.dialogporten.issuer,
      c: `urn:altinn:person:identifier-no:${recipient}`,
      l: 3,
      p: `urn:altinn:person:identifier-no:${recipient}`,
      s: "urn:altinn:resource:correspondence-test",
      i: dialogId,
      a: "read;write",
      jti: expect.any(String),
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    expect(claims.nbf).toEqual(expect.any(Number));
    expect(await platform.stub.issuers.altinn.verify(String(dialog["dialogToken"]))).toBeUndefined();

    const stranger = await call(platform.stub.url, endUser, { token: await personToken(platform.stub, "02029912345") });
    expect(stranger.status).toBe(404);
    expect((await call(platform.stub.url, endUser, { token })).status).toBe(401);

    await serviceOwner(`${dialogs}/${dialogId}`, { method: "DELETE" });
    expect((await call(platform.stub.url, endUser, { token: await personToken(platform.stub, recipient) })).status).toBe(410);
  });

  it("lets a role holder from the fixtures open an organisation's dialog with the actions the role grants", async () => {
    // The default fixtures make 26818099001 daglig leder of 991825827 with the action read.
    const dialogId = await createDialog(dialogBody({ party: "urn:altinn:organization:identifier-no:991825827" }));
    const endUser = `/dialogporten/api/v1/enduser/dialogs/${dialogId}`;
    const answer = await call(platform.stub.url, endUser, { token: await personToken(platform.stub, recipient) });
    expect(answer.status).toBe(200);
    const dialog = asRecord(answer.body);
    expect(dialog["guiActions"]).toEqual([expect.objectContaining({ isAuthorized: true, url: confirmUrl })]);
    expect(dialog["apiActions"]).toEqual([
      expect.objectContaining({ isAuthorized: false, endpoints: [expect.objectContaining({ url: "urn:dialogporten:unauthorized" })] }),
    ]);
    const claims = await platform.stub.issuers.dialogporten.verify(String(dialog["dialogToken"]));
    expect(claims).toMatchObject({ c: `urn:altinn:person:identifier-no:${recipient}`, p: "urn:altinn:organization:identifier-no:991825827", a: "read" });
  });

  it("fails once with an injected fault and clears its recording on DELETE /_stub/state", async () => {
    const fault = await call(platform.stub.url, "/_stub/faults", { method: "POST", json: { service: "dialogporten", status: 503, count: 1 } });
    expect(fault.status).toBe(204);
    expect((await serviceOwner(dialogs, { method: "POST", json: dialogBody() })).status).toBe(503);
    await createDialog();
    expect(await recording()).toHaveLength(1);

    expect((await call(platform.stub.url, "/_stub/state", { method: "DELETE" })).status).toBe(204);
    expect(await recording()).toEqual([]);
  });
});
