/** PurgeCorrespondence: role decision, sender and recipient rules, the purge row with the dialog soft delete in its outbox (pure). */
import { describe, expect, it } from "vitest";
import { purgeRolesToTry } from "../../shared/use-cases/purge-correspondence/purge-roles.js";
import { activityIdFor } from "../../shared/use-cases/correspondence-access/dialog-activity-ids.js";
import { PurgeCorrespondence } from "../../shared/use-cases/purge-correspondence/purge-correspondence.js";
import { parseSyncMessage, syncMessageId } from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import {
  aCorrespondence,
  caller,
  collaborators,
  correspondenceId,
  dialogId,
  FakeRepository,
  recipientCaller,
  row,
  senderCaller,
  strangerCaller,
  t0,
  type AccessRule,
} from "./support/use-case-fakes.js";

const unpublished = aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)], published: null });

function purge(repository: FakeRepository, rule?: AccessRule) {
  return { useCase: new PurgeCorrespondence({ ...collaborators(repository, rule), now: () => new Date(t0 + 60_000) }) };
}

/** The outbox messages stored with the purge row (the only write a purge makes). */
function purgeOutbox(repository: FakeRepository) {
  return repository.replaces.flatMap(({ outbox }) => outbox ?? []);
}

describe("purge role decision", () => {
  const read = "altinn:correspondence.read";
  const write = "altinn:correspondence.write";
  it.each([
    [{ asSender: true, asRecipient: false }, [], ["sender"]],
    [{ asSender: false, asRecipient: true }, [], ["recipient"]],
    [{ asSender: true, asRecipient: true }, [write], ["sender"]],
    [{ asSender: true, asRecipient: true }, [read], ["recipient"]],
    [{ asSender: true, asRecipient: true }, [read, write], ["sender"]],
    [{ asSender: true, asRecipient: true }, [], ["sender", "recipient"]],
    [{ asSender: false, asRecipient: false }, [write, read], []],
  ])("%o with scopes %o → %o", (access, scopes, roles) => {
    expect(purgeRolesToTry(caller({ scopes }), access)).toEqual(roles);
  });
});

describe("PurgeCorrespondence", () => {
  it("lets the sender purge before publish: PurgedByAltinn, with the soft delete and a DialogDeleted activity by 'avsender' in the same write", async () => {
    const repository = new FakeRepository(unpublished);
    const { useCase } = purge(repository);
    expect(await useCase.execute({ caller: senderCaller, correspondenceId })).toEqual({ ok: true, value: correspondenceId });
    expect(repository.current().statusHistory.at(-1)).toMatchObject({ status: "PurgedByAltinn", partyUuid: "22222222-2222-4222-8222-222222222222" });
    expect(repository.replaces).toHaveLength(1);
    expect(repository.replaces[0]?.outbox).toEqual([
      {
        messageId: syncMessageId(correspondenceId, "DialogportenDialogDeleted"),
        queue: "dialogporten-sync",
        scheduledEnqueueTime: null,
        body: {
          kind: "soft-delete",
          correspondenceId,
          dialogId,
          activity: {
            id: activityIdFor(unpublished, "DialogDeleted"),
            createdAt: new Date(t0 + 60_000).toISOString(),
            type: "DialogDeleted",
            performedBy: { actorType: "PartyRepresentative", actorName: "avsender" },
          },
        },
      },
    ]);
    expect(parseSyncMessage(repository.replaces[0]?.outbox?.[0]?.body)).toMatchObject({ ok: true });
  });

  it("refuses the sender once published (1013) and once purged (1014)", async () => {
    expect(await purge(new FakeRepository(aCorrespondence())).useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1013 } });
    const purged = aCorrespondence({ statusHistory: [row("Initialized", 0), row("PurgedByAltinn", 2)] });
    expect(await purge(new FakeRepository(purged)).useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1014 } });
  });

  it("lets the recipient purge a published correspondence: PurgedByRecipient, 'mottaker'", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase } = purge(repository);
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toEqual({ ok: true, value: correspondenceId });
    expect(repository.current().statusHistory.at(-1)?.status).toBe("PurgedByRecipient");
    expect(purgeOutbox(repository).map((message) => message.body)).toEqual([
      expect.objectContaining({ kind: "soft-delete", activity: expect.objectContaining({ performedBy: { actorType: "PartyRepresentative", actorName: "mottaker" } }) }),
    ]);
  });

  it.each([
    ["not visible to recipients (404/1001)", unpublished, 1001],
    ["already purged (1014)", aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("PurgedByRecipient", 2)] }), 1014],
    ["needing confirmation but not confirmed (1026)", aCorrespondence({ isConfirmationNeeded: true }), 1026],
  ])("refuses the recipient when %s", async (_case, correspondence, errorCode) => {
    const repository = new FakeRepository(correspondence);
    expect(await purge(repository).useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode } });
    expect(repository.replaces).toEqual([]);
  });

  it("lets the recipient purge a confirmed correspondence that needed confirmation", async () => {
    const confirmed = aCorrespondence({ isConfirmationNeeded: true, statusHistory: [row("Initialized", 0), row("Published", 1), row("Confirmed", 3)] });
    expect(await purge(new FakeRepository(confirmed)).useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true });
  });

  it("refuses a Dialogporten transmission (1043) before asking about access, and a stranger with 401/4001", async () => {
    const transmission = aCorrespondence({
      externalReferences: [
        { referenceType: "DialogportenDialogId", referenceValue: dialogId },
        { referenceType: "DialogportenTransmissionId", referenceValue: "0192b7a0-0000-7000-8000-0000000000e1" },
      ],
    });
    expect(await purge(new FakeRepository(transmission)).useCase.execute({ caller: strangerCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1043 } });
    expect(await purge(new FakeRepository(aCorrespondence())).useCase.execute({ caller: strangerCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4001 } });
    expect(await purge(new FakeRepository()).useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1001 } });
  });

  it("with both accesses and neither scope, falls back to recipient rules, and reports the sender's refusal when both fail", async () => {
    const bothNoScope = caller({ organisationNumber: "310000001" });
    const published = new FakeRepository(aCorrespondence());
    expect(await purge(published, () => true).useCase.execute({ caller: bothNoScope, correspondenceId })).toMatchObject({ ok: true });
    expect(published.current().statusHistory.at(-1)?.status).toBe("PurgedByRecipient");
    const needsConfirmation = new FakeRepository(aCorrespondence({ isConfirmationNeeded: true }));
    expect(await purge(needsConfirmation, () => true).useCase.execute({ caller: bothNoScope, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1013 } });
  });

  it("when a concurrent purge lands first, re-reads and answers 200 without effect — never two purge rows", async () => {
    const repository = new FakeRepository(aCorrespondence());
    repository.beforeReplace = () => repository.put({ ...repository.current(), statusHistory: [...repository.current().statusHistory, row("PurgedByRecipient", 30_000)] });
    const outcome = await purge(repository).useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outcome).toEqual({ ok: true, value: correspondenceId });
    expect(repository.current().statusHistory.filter((entry) => entry.status === "PurgedByRecipient")).toHaveLength(1);
    expect(purgeOutbox(repository)).toEqual([]);
  });

  it("answers 1014 to a purge that starts after another one was stored", async () => {
    const repository = new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("PurgedByRecipient", 2)] }));
    expect(await purge(repository).useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1014 } });
  });

  it("purges a correspondence that has no dialogue yet without any message", async () => {
    const repository = new FakeRepository({ ...unpublished, externalReferences: [] });
    expect(await purge(repository).useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: true });
    expect(repository.current().statusHistory.at(-1)?.status).toBe("PurgedByAltinn");
    expect(purgeOutbox(repository)).toEqual([]);
  });
});
