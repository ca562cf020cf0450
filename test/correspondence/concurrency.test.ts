/**
 * Concurrent state changes over HTTP: of parallel markasread or purge calls on one correspondence exactly one applies
 * — never two rows, never a lost update (ETag-conditioned writes). The other markasread calls get the guard's 1040. A
 * purge that lost the write to a concurrent one answers 200 with no effect (lifecycle.md §4.3 step 1; the use-case
 * tests pin that case down), one that only started after the winner was stored gets 1014 — over HTTP either can happen.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  freshOrganisationNumber,
  organisationUrn,
  publishedToFreshOrganisation,
  send,
  serviceOwnerToken,
  storedCorrespondence,
} from "./support/api-client.js";

const parallelCalls = 8;

function errorCodesOf(responses: Array<{ status: number; text: string }>): Array<number | "ok"> {
  return responses.map((response) => (response.status === 200 ? "ok" : (JSON.parse(response.text) as { errorCode: number }).errorCode));
}

describe("concurrent state changes", () => {
  it("applies exactly one of parallel markasread calls; the others get 1040", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    expect((await call("GET", `/correspondence/${id}`, { token: recipientToken })).status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: parallelCalls }, () => call("POST", `/correspondence/${id}/markasread`, { token: recipientToken })),
    );
    const outcomes = errorCodesOf(responses);
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 1040)).toHaveLength(parallelCalls - 1);
    const stored = await storedCorrespondence(id);
    expect(stored.statusHistory.filter((entry) => entry.status === "Read")).toHaveLength(1);
  });

  it("applies exactly one of parallel recipient purges; the others answer 200 without effect or 1014", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    const responses = await Promise.all(
      Array.from({ length: parallelCalls }, () => call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken })),
    );
    const outcomes = errorCodesOf(responses);
    expect(outcomes).toContain("ok");
    expect(outcomes.every((outcome) => outcome === "ok" || outcome === 1014)).toBe(true);
    const stored = await storedCorrespondence(id);
    expect(stored.statusHistory.filter((entry) => entry.status === "PurgedByRecipient")).toHaveLength(1);
    const later = await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken });
    expect(errorCodesOf([later])).toEqual([1014]);
  });

  it("applies exactly one of parallel sender purges before publish; the others answer 200 without effect or 1014", async () => {
    const senderToken = await serviceOwnerToken();
    const [id] = await send({
      recipients: [organisationUrn(freshOrganisationNumber())],
      requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const responses = await Promise.all(
      Array.from({ length: parallelCalls }, () => call("DELETE", `/correspondence/${id}/purge`, { token: senderToken })),
    );
    const outcomes = errorCodesOf(responses);
    expect(outcomes).toContain("ok");
    expect(outcomes.every((outcome) => outcome === "ok" || outcome === 1014)).toBe(true);
    const stored = await storedCorrespondence(id!);
    expect(stored.statusHistory.filter((entry) => entry.status === "PurgedByAltinn")).toHaveLength(1);
  });

  it("keeps both of a concurrent markasread and purge: neither write is lost", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    await call("GET", `/correspondence/${id}`, { token: recipientToken });
    const [read, purge] = await Promise.all([
      call("POST", `/correspondence/${id}/markasread`, { token: recipientToken }),
      call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken }),
    ]);
    expect(purge.status, purge.text).toBe(200);
    const stored = await storedCorrespondence(id);
    const statuses = stored.statusHistory.map((entry) => entry.status);
    expect(statuses).toContain("PurgedByRecipient");
    // markasread either landed before the purge (and is kept) or came after it and was refused as not visible.
    if (read.status === 200) expect(statuses).toContain("Read");
    else expect(JSON.parse(read.text)).toMatchObject({ errorCode: 1001 });
  });
});
