/**
 * The Idempotency-Key header over HTTP against the dev host (POST /correspondence, markasread, purge): the replay of
 * the first response, 422 for the same key with a different request, scoping per organisation — and the records'
 * store, the Cosmos adapter, against the platform's Cosmos server. A last test restarts a platform of its own on the
 * same data folder and shows a key still replays afterwards: the records live in Cosmos DB.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CosmosClient } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePlatformPorts } from "../../dev/platform/free-ports.js";
import { startPlatform, type RunningPlatform } from "../../dev/platform/platform.js";
import { containerNames } from "../../shared/adapters/cosmos/container-names.js";
import { CosmosIdempotencyRecordStore } from "../../shared/adapters/cosmos/idempotency-record-store.js";
import type { IdempotencyRecord } from "../../shared/http/idempotency/idempotency-record-store.js";
import { standardProblemSchema } from "../../shared/http/problem-details.js";
import {
  call,
  freshOrganisationNumber,
  initializeBody,
  organisationToken,
  organisationUrn,
  publishedToFreshOrganisation,
  serviceOwnerToken,
} from "./support/api-client.js";

interface InitializeAnswer {
  correspondences: Array<{ correspondenceId: string }>;
}

describe("the Idempotency-Key record store on Cosmos DB", () => {
  const { appSettings } = inject("platform");
  let client: CosmosClient;
  let store: CosmosIdempotencyRecordStore;

  beforeAll(() => {
    client = new CosmosClient(appSettings.COSMOS!);
    store = new CosmosIdempotencyRecordStore(client.database(appSettings.COSMOS_DATABASE!).container(containerNames.idempotencyKeys));
  });
  afterAll(() => client.dispose());

  const record = (id: string): IdempotencyRecord => ({
    id,
    fingerprint: "f1",
    state: "inProgress",
    response: null,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });

  it("creates once, refuses a second create, and reads back what it stored", async () => {
    const id = `http-request-${randomUUID()}`;
    const stored = record(id);
    expect((await store.create(stored)).ok).toBe(true);
    expect(await store.create({ ...stored, fingerprint: "other" })).toEqual({ ok: false, reason: "exists" });
    expect((await store.read(id))?.record).toEqual(stored);
  });

  it("replaces and removes only at the ETag that was read", async () => {
    const id = `http-request-${randomUUID()}`;
    const created = await store.create(record(id));
    if (!created.ok) throw new Error("not created");
    const completed: IdempotencyRecord = { ...record(id), state: "completed", response: { status: 200, headers: {}, bodyBase64: "" } };
    const replaced = await store.replace(completed, created.etag);
    expect(replaced.ok).toBe(true);
    expect(await store.replace(completed, created.etag)).toEqual({ ok: false, reason: "conflict" });
    await store.remove(id, created.etag);
    expect((await store.read(id))?.record.state).toBe("completed");
    if (!replaced.ok) return;
    await store.remove(id, replaced.etag);
    expect(await store.read(id)).toBeUndefined();
  });
});

describe("Idempotency-Key on POST /correspondence", () => {
  it("replays the first response for the same key and body, and creates one correspondence", async () => {
    const key = randomUUID();
    const token = await serviceOwnerToken();
    const sendersReference = `idem-${randomUUID()}`;
    const body = initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], sendersReference });
    const first = await call("POST", "/correspondence", { token, body, headers: { "idempotency-key": key } });
    const second = await call("POST", "/correspondence", { token, body, headers: { "idempotency-key": key } });
    expect(first.status, first.text).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(second.headers.get("idempotent-replayed")).toBe("true");

    const search = await call("GET", `/correspondence?${new URLSearchParams({ resourceId: "read-endpoints-resource", role: "sender", sendersReference })}`, { token });
    expect(search.json<{ ids: string[] }>().ids).toEqual(first.json<InitializeAnswer>().correspondences.map((c) => c.correspondenceId));
  });

  it("answers 422 problem details for the same key with a different body", async () => {
    const key = randomUUID();
    const token = await serviceOwnerToken();
    const recipients = [organisationUrn(freshOrganisationNumber())];
    expect((await call("POST", "/correspondence", { token, body: initializeBody({ recipients }), headers: { "idempotency-key": key } })).status).toBe(200);
    const reused = await call("POST", "/correspondence", {
      token,
      body: initializeBody({ recipients, sendersReference: "something else" }),
      headers: { "idempotency-key": key },
    });
    expect(reused.status).toBe(422);
    expect(reused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(standardProblemSchema.parse(reused.json())).toMatchObject({ status: 422, detail: "Idempotency-Key reused with a different request" });
  });
});

describe("Idempotency-Key on markasread and purge", () => {
  it("replays markasread's 200 instead of answering 1040 for the retry", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    await call("GET", `/correspondence/${id}`, { token: recipientToken });
    const key = randomUUID();
    const first = await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken, headers: { "idempotency-key": key } });
    const retry = await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken, headers: { "idempotency-key": key } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.json()).toBe(id);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    // Without the key, the same call is a new request and meets the guard.
    const fresh = await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken });
    expect(fresh.json()).toMatchObject({ errorCode: 1040 });
  });

  it("replays purge's 200 for the retry, and keeps the key per organisation", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    const key = randomUUID();
    const first = await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken, headers: { "idempotency-key": key } });
    const retry = await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken, headers: { "idempotency-key": key } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.text).toBe(first.text);
    // Another organisation's request with the same key is its own request: it meets the access check.
    const stranger = await organisationToken(freshOrganisationNumber());
    const other = await call("DELETE", `/correspondence/${id}/purge`, { token: stranger, headers: { "idempotency-key": key } });
    expect(other.json()).toMatchObject({ errorCode: 4001 });
  });

  it("answers 400 STD-00000 for a malformed key", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    const response = await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken, headers: { "idempotency-key": "x".repeat(256) } });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: "STD-00000", errors: { "Idempotency-Key": [expect.any(String)] } });
  });
});

describe("Idempotency-Key across a restart", () => {
  async function startOn(dataDir: string): Promise<RunningPlatform> {
    const ports = await freePlatformPorts();
    return startPlatform({ ports, dataDir, log: () => undefined });
  }

  async function enterpriseToken(platform: RunningPlatform): Promise<string> {
    const query = new URLSearchParams({ env: "local", scopes: "altinn:correspondence.write altinn:serviceowner", org: "ttd", orgNo: "991825827" });
    return (await fetch(`${platform.urls.stubs}/api/GetEnterpriseToken?${query}`)).text();
  }

  async function post(platform: RunningPlatform, key: string | undefined, body: unknown) {
    const response = await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await enterpriseToken(platform)}`,
        "content-type": "application/json",
        ...(key ? { "idempotency-key": key } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text(), replayed: response.headers.get("idempotent-replayed") };
  }

  it("replays the response recorded before the function host (and everything else) restarted, and still refuses a reused idempotentKey", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "idempotency-restart-"));
    try {
      const key = randomUUID();
      const idempotentKey = randomUUID();
      const body = initializeBody({
        recipients: [organisationUrn(freshOrganisationNumber())],
        requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString(),
        idempotentKey,
      });
      const first = await startOn(dataDir);
      let original: Awaited<ReturnType<typeof post>>;
      try {
        original = await post(first, key, body);
        expect(original.status, original.text).toBe(200);
      } finally {
        await first.close();
      }
      const second = await startOn(dataDir);
      try {
        const replay = await post(second, key, body);
        expect(replay).toEqual({ status: 200, text: original.text, replayed: "true" });
        expect((await post(second, key, { ...body, recipients: [organisationUrn(freshOrganisationNumber())] })).status).toBe(422);
        // The body's idempotentKey (api.md §7) is a Cosmos document too: a new request reusing it is still 409/1034.
        const reused = await post(second, undefined, initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], idempotentKey }));
        expect(reused.status).toBe(409);
        expect(JSON.parse(reused.text)).toMatchObject({ errorCode: 1034, code: "CORR-01034" });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
