/**
 * GET /correspondence over HTTP: every filter (dates, status, sender's reference, idempotentKey, Altinn 2 id), the
 * three roles, onBehalfOf, ordering, the 1000 cap, and the 400s of malformed parameters. Each test works on a resource
 * id of its own, so the service owner's sender searches see only this file's correspondences.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { validationProblemSchema } from "../../shared/http/problem-details.js";
import {
  call,
  expectProblem,
  freshNationalIdentityNumber,
  freshOrganisationNumber,
  organisationToken,
  organisationUrn,
  personToken,
  personUrn,
  send,
  serviceOwnerToken,
  waitUntilPublished,
} from "./support/api-client.js";

const hour = 3_600_000;

function searchPath(parameters: Record<string, string>): string {
  return `/correspondence?${new URLSearchParams(parameters)}`;
}

async function idsOf(token: string, parameters: Record<string, string>): Promise<string[]> {
  const response = await call("GET", searchPath(parameters), { token });
  expect(response.status, response.text).toBe(200);
  return response.json<{ ids: string[] }>().ids;
}

describe("GET /correspondence", () => {
  const resourceId = `search-${randomUUID().slice(0, 8)}`;
  const orgNo = freshOrganisationNumber();
  const now = Date.now();
  /** Published three, two and one hour ago; oldest first. */
  let published: string[] = [];
  let future: string;
  let senderToken: string;
  let recipientToken: string;

  beforeAll(async () => {
    senderToken = await serviceOwnerToken();
    recipientToken = await organisationToken(orgNo);
    for (const [index, hoursAgo] of [3, 2, 1].entries()) {
      const [id] = await send({
        resourceId,
        recipients: [organisationUrn(orgNo)],
        sendersReference: `search-ref-${index}`,
        requestedPublishTime: new Date(now - hoursAgo * hour).toISOString(),
      });
      published.push(id!);
    }
    [future] = (await send({ resourceId, recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(now + hour).toISOString() })) as [string];
    await Promise.all(published.map((id) => waitUntilPublished(id)));
  });

  it("answers the recipient its published correspondences, newest requestedPublishTime first", async () => {
    expect(await idsOf(recipientToken, { resourceId, role: "recipient" })).toEqual([...published].reverse());
  });

  it("answers the sender every correspondence on the resource, the unpublished one included", async () => {
    expect(await idsOf(senderToken, { resourceId, role: "sender" })).toEqual([future, ...[...published].reverse()]);
  });

  it("reads the role by name in any case or by number, and RecipientAndSender for a party that is only a recipient", async () => {
    const expected = [...published].reverse();
    expect(await idsOf(recipientToken, { resourceId, role: "RECIPIENT" })).toEqual(expected);
    expect(await idsOf(recipientToken, { resourceId, role: "0" })).toEqual(expected);
    expect(await idsOf(recipientToken, { resourceId, role: "recipientandsender" })).toEqual(expected);
    expect(await idsOf(senderToken, { resourceId, role: "1" })).toHaveLength(4);
  });

  it("filters on requestedPublishTime strictly between from and to", async () => {
    const ids = await idsOf(recipientToken, {
      resourceId,
      role: "recipient",
      from: new Date(now - 2.5 * hour).toISOString(),
      to: new Date(now - 0.5 * hour).toISOString(),
    });
    expect(ids).toEqual([published[2], published[1]]);
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", from: new Date(now - 2 * hour).toISOString() })).toEqual([published[2]]);
  });

  it("answers 400/1027 when from is after to", async () => {
    const response = await call("GET", searchPath({ resourceId, role: "recipient", from: new Date(now).toISOString(), to: new Date(now - hour).toISOString() }), {
      token: recipientToken,
    });
    expectProblem(response, 400, 1027);
  });

  it("filters on the sender's reference", async () => {
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", sendersReference: "search-ref-1" })).toEqual([published[1]]);
  });

  it("filters on a status the correspondence has ever had; recipients never get the statuses hidden from them", async () => {
    const [, second] = published;
    await call("GET", `/correspondence/${second}`, { token: recipientToken });
    expect((await call("POST", `/correspondence/${second}/markasread`, { token: recipientToken })).status).toBe(200);
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", status: "Read" })).toEqual([second]);
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", status: "4" })).toEqual([second]);
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", status: "Published" })).toHaveLength(3);
    expect(await idsOf(recipientToken, { resourceId, role: "recipient", status: "ReadyForPublish" })).toEqual([]);
    expect(await idsOf(senderToken, { resourceId, role: "sender", status: "ReadyForPublish" })).toHaveLength(4);
    expect(await idsOf(senderToken, { resourceId, role: "sender", status: "Fetched" })).toEqual([second]);
  });

  it("searches on behalf of a party the caller may act for, and answers 401/4001 for one it may not", async () => {
    // The service owner's bypass lets it read as its resources' recipients.
    expect(await idsOf(senderToken, { resourceId, role: "recipient", onBehalfOf: `0192:${orgNo}` })).toHaveLength(3);
    const stranger = await organisationToken(freshOrganisationNumber());
    expectProblem(await call("GET", searchPath({ resourceId, role: "recipient", onBehalfOf: organisationUrn(orgNo) }), { token: stranger }), 401, 4001);
  });

  it("answers a person recipient its own correspondence", async () => {
    const pid = freshNationalIdentityNumber();
    const [id] = await send({ resourceId, recipients: [personUrn(pid)] });
    await waitUntilPublished(id!);
    expect(await idsOf(await personToken(pid), { resourceId, role: "recipient" })).toEqual([id]);
  });

  it("finds the correspondence created with an idempotentKey, whatever the role and resource", async () => {
    const idempotentKey = randomUUID();
    const [id] = await send({ resourceId, recipients: [organisationUrn(orgNo)], idempotentKey });
    expect(await idsOf(senderToken, { resourceId: "any-other-resource", role: "sender", idempotentKey })).toEqual([id]);
    expect(await idsOf(senderToken, { resourceId, role: "sender", idempotentKey: randomUUID() })).toEqual([]);
  });

  it("answers nothing for an Altinn 2 id (no migrated correspondences)", async () => {
    expect(await idsOf(senderToken, { resourceId, role: "sender", altinn2CorrespondenceId: "12345" })).toEqual([]);
  });

  it.each([
    [{ role: "recipient" }, "resourceId"],
    [{ resourceId: "r" }, "role"],
    [{ resourceId: "r", role: "owner" }, "role"],
    [{ resourceId: "r", role: "recipient", from: "yesterday" }, "from"],
    [{ resourceId: "r", role: "recipient", status: "Unknown" }, "status"],
    [{ resourceId: "r", role: "recipient", onBehalfOf: "123" }, "onBehalfOf"],
    [{ resourceId: "r", role: "recipient", onBehalfOf: "12345678901" }, "onBehalfOf"],
    [{ resourceId: "r", role: "recipient", idempotentKey: "not-a-guid" }, "idempotentKey"],
    [{ resourceId: "r", role: "recipient", altinn2CorrespondenceId: "x" }, "altinn2CorrespondenceId"],
  ])("answers 400 STD-00000 for %o (%s)", async (parameters, key) => {
    const response = await call("GET", searchPath(parameters), { token: recipientToken });
    expect(response.status, response.text).toBe(400);
    expect(Object.keys(validationProblemSchema.parse(response.json()).errors)).toContain(key);
  });

  it("answers 401 with an empty body without a token", async () => {
    const response = await call("GET", searchPath({ resourceId, role: "recipient" }));
    expect([response.status, response.text]).toEqual([401, ""]);
  });
});

describe("GET /correspondence, the 1000 cap", () => {
  it("answers at most 1000 ids, the newest first", async () => {
    const resourceId = `search-cap-${randomUUID().slice(0, 8)}`;
    const senderToken = await serviceOwnerToken();
    // Published far in the future: only the recording and the dialogues happen, no publishing work.
    const base = Date.now() + 30 * 24 * hour;
    const batches = [500, 500, 1];
    const all: Array<{ id: string; at: number }> = [];
    for (const [batch, size] of batches.entries()) {
      const at = base + batch * hour;
      const recipients = Array.from({ length: size }, () => organisationUrn(freshOrganisationNumber()));
      const ids = await send({ resourceId, recipients, requestedPublishTime: new Date(at).toISOString() }, senderToken);
      all.push(...ids.map((id) => ({ id, at })));
    }
    const ids = await idsOf(senderToken, { resourceId, role: "sender" });
    expect(ids).toHaveLength(1000);
    // The newest batch (one correspondence) comes first; every id is one of ours.
    expect(ids[0]).toBe(all.at(-1)?.id);
    const ours = new Set(all.map((entry) => entry.id));
    expect(ids.every((id) => ours.has(id))).toBe(true);
  }, 180_000);
});
