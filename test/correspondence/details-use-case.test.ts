/** GetCorrespondenceDetails: purged for senders, Fetched always, merged and filtered history, system label (pure). */
import { describe, expect, it } from "vitest";
import { GetCorrespondenceDetails } from "../../shared/use-cases/get-correspondence-details/get-correspondence-details.js";
import {
  aCorrespondence,
  at,
  collaborators,
  correspondenceId,
  FakeDialogporten,
  FakeRepository,
  recipientCaller,
  row,
  senderCaller,
  strangerCaller,
  t0,
  type AccessRule,
} from "./support/use-case-fakes.js";

function details(repository: FakeRepository, rule?: AccessRule) {
  const parts = collaborators(repository, rule);
  const dialogporten = new FakeDialogporten();
  const useCase = new GetCorrespondenceDetails({ ...parts, dialogporten, now: () => new Date(t0 + 60_000) });
  return { useCase, dialogporten, ...parts };
}

const purgedByRecipient = aCorrespondence({
  statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0), row("Published", 1), row("Read", 3), row("PurgedByRecipient", 5)],
  fetchedHistory: [row("Fetched", 2)],
});

describe("GetCorrespondenceDetails", () => {
  it("answers 404/1001 and 401/4001 like the overview", async () => {
    expect(await details(new FakeRepository()).useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1001 } });
    expect(await details(new FakeRepository(aCorrespondence())).useCase.execute({ caller: strangerCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4001 } });
  });

  it("still answers the sender after purge, hiding the purged row from a caller without recipient access", async () => {
    const outcome = await details(new FakeRepository(purgedByRecipient)).useCase.execute({ caller: senderCaller, correspondenceId });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.statusHistory.map((entry) => entry.status)).toEqual(["Initialized", "ReadyForPublish", "Published", "Fetched", "Read"]);
    expect(outcome.value.status.status).toBe("PurgedByRecipient");
  });

  it("refuses the recipient once the correspondence is purged (404/1001)", async () => {
    expect(await details(new FakeRepository(purgedByRecipient)).useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({
      ok: false,
      error: { errorCode: 1001 },
    });
  });

  it("records a Fetched row on every recipient call (no de-duplication) and includes it in the history, in time order", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase } = details(repository);
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(repository.current().fetchedHistory).toHaveLength(2);
    expect(outcome.ok && outcome.value.statusHistory.map((entry) => [entry.status, entry.statusChanged])).toEqual([
      ["Initialized", at(0)],
      ["ReadyForPublish", at(0)],
      ["Published", at(1)],
      ["Fetched", at(60_000)],
      ["Fetched", at(60_000)],
    ]);
  });

  it("records nothing for the sender", async () => {
    const repository = new FakeRepository(aCorrespondence());
    await details(repository).useCase.execute({ caller: senderCaller, correspondenceId });
    expect(repository.current().fetchedHistory).toEqual([]);
  });

  it("keeps purged rows for a caller with recipient access", async () => {
    const archived = aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0), row("Published", 1), row("Archived", 4)] });
    const outcome = await details(new FakeRepository(archived)).useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outcome.ok && outcome.value.statusHistory.map((entry) => entry.status)).toContain("Archived");
    const forSender = await details(new FakeRepository(archived)).useCase.execute({ caller: senderCaller, correspondenceId });
    expect(forSender.ok && forSender.value.statusHistory.map((entry) => entry.status)).not.toContain("Archived");
  });

  it("reads the system label from the dialog, case-insensitively, and falls back to Default", async () => {
    const { useCase, dialogporten } = details(new FakeRepository(aCorrespondence()));
    dialogporten.systemLabel = "bin";
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true, value: { systemLabel: "Bin" } });
    dialogporten.systemLabel = "NoSuchLabel";
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true, value: { systemLabel: "Default" } });
    dialogporten.systemLabel = undefined;
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true, value: { systemLabel: "Default" } });
    dialogporten.failWith = new Error("Dialogporten is down");
    const warnings: string[] = [];
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId }, { warn: (message) => warnings.push(message) });
    expect(outcome).toMatchObject({ ok: true, value: { systemLabel: "Default" } });
    expect(warnings).toHaveLength(1);
  });

  it("answers Default without asking Dialogporten when there is no dialog", async () => {
    const { useCase, dialogporten } = details(new FakeRepository(aCorrespondence({ externalReferences: [] })));
    dialogporten.failWith = new Error("must not be called");
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true, value: { systemLabel: "Default" } });
  });
});
