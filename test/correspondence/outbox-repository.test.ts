/**
 * The Cosmos adapters against the platform's Cosmos server through the real SDK: point reads through the locator,
 * ETag-conditioned replaces (exactly one of two concurrent writers wins), the append-only history, Fetched rows and
 * their de-duplication window, the searches, the idempotentKey record and the outbox kept inside the document.
 */
import { randomUUID } from "node:crypto";
import { CosmosClient } from "@azure/cosmos";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { containerNames } from "../../shared/adapters/cosmos/container-names.js";
import { CosmosCorrespondenceRepository } from "../../shared/adapters/cosmos/cosmos-correspondence-repository.js";
import { CosmosInitializeRequestStore } from "../../shared/adapters/cosmos/cosmos-initialize-request-store.js";
import type { Correspondence } from "../../shared/domain/correspondence/correspondence.js";
import type { OutboxMessage } from "../../shared/domain/correspondence/correspondence-repository.js";
import type { StatusEntry } from "../../shared/domain/correspondence/status.js";
import { correspondenceFor, correspondenceIdFor, type InitializeRequest } from "../../shared/use-cases/initialize-correspondences/initialize-request.js";

const partyUuid = "7d1c3b27-5b0d-4b5f-9f3e-1a2b3c4d5e6f";

function entry(status: StatusEntry["status"], at: string): StatusEntry {
  return { status, statusText: status, statusChanged: at, partyUuid };
}

function requestFor(recipients: string[], options: { idempotentKey?: string; resourceId?: string; publishAt?: string } = {}): InitializeRequest {
  const requestId = options.idempotentKey ?? randomUUID();
  const recordedAt = new Date().toISOString();
  return {
    requestId,
    idempotentKey: options.idempotentKey ?? null,
    recordedAt,
    callerPartyUuid: partyUuid,
    attachmentsReady: true,
    template: {
      resourceId: options.resourceId ?? `repo-test-${randomUUID()}`,
      sender: "urn:altinn:organization:identifier-no:991825827",
      sendersReference: "ref-1",
      messageSender: "",
      content: { language: "nb", messageTitle: "Hei {{recipientName}}", messageSummary: "", messageBody: "Body" },
      attachmentIds: [],
      requestedPublishTime: options.publishAt ?? recordedAt,
      dueDateTime: null,
      externalReferences: [],
      propertyList: {},
      replyOptions: [],
      notification: null,
      ignoreReservation: null,
      isConfirmationNeeded: false,
      isConfidential: false,
      allowForwarding: false,
      idempotentKey: options.idempotentKey ?? null,
      altinn2CorrespondenceId: null,
    },
    recipients: recipients.map((recipient) => ({
      recipient,
      correspondenceId: correspondenceIdFor(requestId, recipient),
      recipientName: "Ola",
      reserved: false,
    })),
  };
}

describe("Cosmos correspondence repository", () => {
  let client: CosmosClient;
  let repository: CosmosCorrespondenceRepository;
  let requests: CosmosInitializeRequestStore;

  async function create(request: InitializeRequest): Promise<Correspondence[]> {
    const created = request.recipients.map((planned) => correspondenceFor(request, planned));
    for (const correspondence of created) await requests.createCorrespondence(correspondence);
    return created;
  }

  beforeAll(() => {
    const { appSettings } = inject("platform");
    client = new CosmosClient(appSettings.COSMOS!);
    const database = client.database(appSettings.COSMOS_DATABASE!);
    const containers = {
      correspondences: database.container(containerNames.correspondences),
      locators: database.container(containerNames.locators),
      requests: database.container(containerNames.requests),
    };
    // A fresh instance each: nothing is found through a cache another test filled.
    repository = new CosmosCorrespondenceRepository(containers);
    requests = new CosmosInitializeRequestStore(containers, new CosmosCorrespondenceRepository(containers));
  });

  afterAll(() => client.dispose());

  it("finds a created correspondence by id (any case), with its history, and nothing for unknown or malformed ids", async () => {
    const [created] = await create(requestFor(["urn:altinn:organization:identifier-no:310000001"]));
    const found = await repository.findById(created!.id.toUpperCase());
    expect(found?.correspondence).toEqual(created);
    expect(found?.correspondence.content.messageTitle).toBe("Hei Ola");
    expect(found?.etag).toEqual(expect.any(String));
    expect(await repository.findById(randomUUID())).toBeUndefined();
    expect(await repository.findById("not-a-guid")).toBeUndefined();
  });

  it("creating the same correspondence again leaves the stored one as it is", async () => {
    const request = requestFor(["urn:altinn:organization:identifier-no:310000002"]);
    const [created] = await create(request);
    const stored = (await repository.findById(created!.id))!;
    const read = { ...stored.correspondence, statusHistory: [...stored.correspondence.statusHistory, entry("Published", new Date().toISOString())] };
    expect((await repository.replace(stored, read)).ok).toBe(true);
    await create(request);
    const again = await repository.findById(created!.id);
    expect(again?.correspondence.statusHistory.map((row) => row.status)).toEqual(["Initialized", "ReadyForPublish", "Published"]);
  });

  it("lets exactly one of two replaces from the same version apply; the other gets conflict", async () => {
    const [created] = await create(requestFor(["urn:altinn:person:identifier-no:08089400180"]));
    const stored = (await repository.findById(created!.id))!;
    const now = new Date().toISOString();
    const withRead = { ...stored.correspondence, statusHistory: [...stored.correspondence.statusHistory, entry("Read", now)] };
    const withPurge = { ...stored.correspondence, statusHistory: [...stored.correspondence.statusHistory, entry("PurgedByRecipient", now)] };
    const results = await Promise.all([repository.replace(stored, withRead), repository.replace(stored, withPurge)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "conflict" }]);
    const after = await repository.findById(created!.id);
    expect(after!.correspondence.statusHistory).toHaveLength(3);
  });

  it("refuses a replace that rewrites the history", async () => {
    const [created] = await create(requestFor(["urn:altinn:organization:identifier-no:310000003"]));
    const stored = (await repository.findById(created!.id))!;
    const rewritten = { ...stored.correspondence, statusHistory: stored.correspondence.statusHistory.slice(1) };
    await expect(repository.replace(stored, rewritten)).rejects.toThrow(/append-only/);
  });

  it("keeps Fetched rows apart, merges them on read, and de-duplicates them per party and window", async () => {
    const [created] = await create(requestFor(["urn:altinn:organization:identifier-no:310000004"]));
    const at = new Date().toISOString();
    expect(await repository.recordFetched(created!, entry("Fetched", at), 15)).toBe(true);
    expect(await repository.recordFetched(created!, entry("Fetched", at), 15)).toBe(false);
    expect(await repository.recordFetched(created!, entry("Fetched", at))).toBe(true);
    const found = await repository.findById(created!.id);
    expect(found!.correspondence.fetchedHistory.map((row) => row.status)).toEqual(["Fetched", "Fetched"]);
    expect(found!.correspondence.statusHistory.some((row) => row.status === "Fetched")).toBe(false);
  });

  it("searches a recipient's partition newest first, with the status rules, and a sender across partitions", async () => {
    const resourceId = `repo-search-${randomUUID()}`;
    const recipient = "urn:altinn:organization:identifier-no:310000005";
    const times = ["2031-01-01T00:00:00.000Z", "2031-01-03T00:00:00.000Z", "2031-01-02T00:00:00.000Z"];
    const created: Correspondence[] = [];
    for (const publishAt of times) created.push(...(await create(requestFor([recipient], { resourceId, publishAt }))));
    const [first, second] = created;
    // Only the first is published: recipients see it; the others are still ReadyForPublish.
    const stored = (await repository.findById(first!.id))!;
    await repository.replace(stored, { ...stored.correspondence, statusHistory: [...stored.correspondence.statusHistory, entry("Published", new Date().toISOString())] });
    const base = { resourceId, party: recipient, limit: 1000 } as const;
    expect(await repository.search({ ...base, role: "Recipient" })).toEqual([first!.id]);
    expect(await repository.search({ ...base, role: "Recipient", status: "ReadyForPublish" })).toEqual([]);
    const sender = "urn:altinn:organization:identifier-no:991825827";
    expect(await repository.search({ ...base, party: sender, role: "Sender" })).toEqual([second!.id, created[2]!.id, first!.id]);
    expect(await repository.search({ ...base, party: sender, role: "Sender", limit: 2 })).toEqual([second!.id, created[2]!.id]);
    expect(await repository.search({ ...base, party: sender, role: "Sender", status: "Published" })).toEqual([first!.id]);
    expect(
      await repository.search({ ...base, party: sender, role: "Sender", from: "2031-01-01T00:00:00.000Z", to: "2031-01-03T00:00:00+00:00" }),
    ).toEqual([created[2]!.id]);
    expect(await repository.search({ ...base, role: "RecipientAndSender" })).toEqual([first!.id]);
  });

  it("answers the idempotentKey lookup, and records a key exactly once", async () => {
    const idempotentKey = randomUUID();
    const request = requestFor(["urn:altinn:organization:identifier-no:310000006"], { idempotentKey });
    const outcomes = await Promise.all([requests.record(request), requests.record(request)]);
    expect(outcomes.sort()).toEqual(["duplicate", "recorded"]);
    expect(await requests.isIdempotentKeyUsed(idempotentKey.toUpperCase())).toBe(true);
    expect(await repository.findIdByIdempotentKey(idempotentKey)).toBe(request.recipients[0]!.correspondenceId);
    expect(await repository.findIdByIdempotentKey(randomUUID())).toBeUndefined();
  });

  it("keeps outbox messages in the document until they are removed, and finds documents with old ones", async () => {
    const [created] = await create(requestFor(["urn:altinn:organization:identifier-no:310000007"]));
    const stored = (await repository.findById(created!.id))!;
    const message: OutboxMessage = { messageId: randomUUID(), queue: "correspondence-publish", body: { correspondenceId: created!.id }, scheduledEnqueueTime: null };
    const updated = { ...stored.correspondence, propertyList: { changed: "yes" } };
    const result = await repository.replace(stored, updated, [message]);
    expect(result.ok).toBe(true);
    expect(await repository.pendingMessages(created!.id)).toEqual([message]);
    expect(await repository.findPending(new Date(Date.now() + 1000).toISOString(), 1000)).toContain(created!.id);
    // A later replace of the returned version keeps the message that has not been sent yet.
    if (!result.ok) throw new Error("unreachable");
    await repository.replace(result.stored, { ...result.stored.correspondence, propertyList: { changed: "twice" } });
    expect(await repository.pendingMessages(created!.id)).toEqual([message]);
    await repository.removeSent(created!.id, [message.messageId]);
    expect(await repository.pendingMessages(created!.id)).toEqual([]);
    expect(await repository.findPending(new Date(Date.now() + 1000).toISOString(), 1000)).not.toContain(created!.id);
    expect((await repository.findById(created!.id))!.correspondence.propertyList).toEqual({ changed: "twice" });
  });
});
