/** MarkAsRead: the check order of api.md §4.7, the Read row, and a lost race answered with 1040 (pure). */
import { describe, expect, it } from "vitest";
import { MarkAsRead } from "../../shared/use-cases/mark-as-read/mark-as-read.js";
import {
  aCorrespondence,
  collaborators,
  correspondenceId,
  FakeRepository,
  recipientCaller,
  row,
  senderCaller,
  t0,
  caller,
  callerPartyUuid,
} from "./support/use-case-fakes.js";

const fetched = aCorrespondence({ fetchedHistory: [row("Fetched", 2)] });

function markAsRead(repository: FakeRepository) {
  return new MarkAsRead({ ...collaborators(repository), now: () => new Date(t0 + 60_000) });
}

describe("MarkAsRead", () => {
  it("adds a Read row with the caller's party and answers the id", async () => {
    const repository = new FakeRepository(fetched);
    expect(await markAsRead(repository).execute({ caller: recipientCaller, correspondenceId })).toEqual({ ok: true, value: correspondenceId });
    expect(repository.current().statusHistory.at(-1)).toEqual({
      status: "Read",
      statusText: "Read",
      statusChanged: new Date(t0 + 60_000).toISOString(),
      partyUuid: callerPartyUuid,
    });
  });

  it.each([
    ["unknown id", new FakeRepository(), recipientCaller, 1001],
    ["the sender (no recipient access)", new FakeRepository(fetched), senderCaller, 4001],
    ["not yet published", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)], fetchedHistory: [] })), recipientCaller, 1001],
    ["purged", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("PurgedByRecipient", 3)], fetchedHistory: [row("Fetched", 2)] })), recipientCaller, 1001],
    ["never fetched", new FakeRepository(aCorrespondence()), recipientCaller, 1024],
    ["already read", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("Read", 3)], fetchedHistory: [row("Fetched", 2)] })), recipientCaller, 1040],
  ])("refuses %s with %i", async (_case, repository, who, errorCode) => {
    const outcome = await markAsRead(repository).execute({ caller: who, correspondenceId });
    expect(outcome).toMatchObject({ ok: false, error: { errorCode } });
    expect(repository.replaces).toEqual([]);
  });

  it("checks the caller's party last (400/4002)", async () => {
    const repository = new FakeRepository(fetched);
    const useCase = new MarkAsRead({ ...collaborators(repository, ({ action }) => action === "read") });
    const unknown = caller({ organisationNumber: "310000009", scopes: ["altinn:correspondence.read"] });
    expect(await useCase.execute({ caller: unknown, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4002 } });
  });

  it("when another request stores Read first, re-reads and answers 1040 instead of writing over it", async () => {
    const repository = new FakeRepository(fetched);
    repository.beforeReplace = () => repository.put({ ...repository.current(), statusHistory: [...repository.current().statusHistory, row("Read", 30_000)] });
    const outcome = await markAsRead(repository).execute({ caller: recipientCaller, correspondenceId });
    expect(outcome).toMatchObject({ ok: false, error: { errorCode: 1040 } });
    expect(repository.current().statusHistory.filter((entry) => entry.status === "Read")).toHaveLength(1);
  });

  it("retries after an unrelated concurrent change and then applies", async () => {
    const repository = new FakeRepository(fetched);
    repository.beforeReplace = () => repository.put({ ...repository.current(), sendersReference: "changed meanwhile" });
    expect(await markAsRead(repository).execute({ caller: recipientCaller, correspondenceId })).toEqual({ ok: true, value: correspondenceId });
    expect(repository.current()).toMatchObject({ sendersReference: "changed meanwhile" });
    expect(repository.current().statusHistory.at(-1)?.status).toBe("Read");
  });
});
