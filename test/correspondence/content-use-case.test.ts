/** GetCorrespondenceContent: body, Fetched (de-duplicated), Read once with the opened activity in its outbox (pure). */
import { describe, expect, it } from "vitest";
import { activityIdFor } from "../../shared/use-cases/correspondence-access/dialog-activity-ids.js";
import { GetCorrespondenceContent } from "../../shared/use-cases/get-correspondence-content/get-correspondence-content.js";
import { parseSyncMessage, syncMessageId } from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import {
  aCorrespondence,
  collaborators,
  correspondenceId,
  dialogId,
  FakeRepository,
  recipientCaller,
  recipientUrn,
  row,
  senderCaller,
  t0,
} from "./support/use-case-fakes.js";

function content(repository: FakeRepository, now = () => new Date(t0 + 60_000)) {
  return { useCase: new GetCorrespondenceContent({ ...collaborators(repository), now }) };
}

/** Every outbox message the use case stored, in write order. */
function outboxOf(repository: FakeRepository) {
  return repository.replaces.flatMap(({ outbox }) => outbox ?? []);
}

describe("GetCorrespondenceContent", () => {
  it("answers the body, records Fetched, and stores Read with one CorrespondenceOpened message in the same write", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase } = content(repository);
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toEqual({ ok: true, value: "# Body" });
    expect(repository.current().fetchedHistory.map((entry) => entry.status)).toEqual(["Fetched"]);
    expect(repository.replaces).toHaveLength(1);
    expect(repository.replaces[0]?.updated.statusHistory.at(-1)?.status).toBe("Read");
    expect(repository.replaces[0]?.outbox).toEqual([
      {
        messageId: syncMessageId(correspondenceId, "DialogportenCorrespondenceOpened"),
        queue: "dialogporten-sync",
        scheduledEnqueueTime: null,
        body: {
          kind: "activity",
          correspondenceId,
          dialogId,
          activity: {
            id: activityIdFor(aCorrespondence(), "CorrespondenceOpened"),
            createdAt: new Date(t0 + 60_000).toISOString(),
            type: "CorrespondenceOpened",
            performedBy: { actorType: "PartyRepresentative", actorId: recipientUrn },
          },
        },
      },
    ]);
    // What is stored is what the queue's consumer accepts.
    expect(parseSyncMessage(repository.replaces[0]?.outbox?.[0]?.body)).toMatchObject({ ok: true });
  });

  it("reads again without a second Read row or message, and de-duplicates Fetched within 15 s", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase } = content(repository);
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(repository.current().statusHistory.filter((entry) => entry.status === "Read")).toHaveLength(1);
    expect(repository.current().fetchedHistory).toHaveLength(1);
    expect(outboxOf(repository)).toHaveLength(1);
  });

  it("opens a transmission as TransmissionOpened in the sender's dialogue, and sends nothing without a dialogue", async () => {
    const transmissionId = "0192b7a0-0000-7000-8000-0000000000e1";
    const transmission = new FakeRepository(
      aCorrespondence({
        externalReferences: [
          { referenceType: "DialogportenDialogId", referenceValue: dialogId },
          { referenceType: "DialogportenTransmissionId", referenceValue: transmissionId },
        ],
      }),
    );
    await content(transmission).useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outboxOf(transmission).map((message) => message.body)).toEqual([
      expect.objectContaining({ dialogId, activity: expect.objectContaining({ type: "TransmissionOpened", transmissionId }) }),
    ]);

    const withoutDialog = new FakeRepository(aCorrespondence({ externalReferences: [] }));
    await content(withoutDialog).useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(withoutDialog.current().statusHistory.at(-1)?.status).toBe("Read");
    expect(outboxOf(withoutDialog)).toEqual([]);
  });

  it("uses a v7 activity id that is the same on every attempt", () => {
    const id = activityIdFor(aCorrespondence(), "CorrespondenceOpened");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(activityIdFor(aCorrespondence(), "CorrespondenceOpened")).toBe(id);
    expect(activityIdFor(aCorrespondence(), "DialogDeleted")).not.toBe(id);
  });

  it.each([
    ["an unknown id", new FakeRepository(), recipientCaller, 1001],
    ["the sender", new FakeRepository(aCorrespondence()), senderCaller, 4001],
    ["a correspondence not yet published", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)] })), recipientCaller, 1001],
    ["a purged correspondence", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("PurgedByRecipient", 2)] })), recipientCaller, 1001],
  ])("refuses %s with %i and stores nothing", async (_case, repository, who, errorCode) => {
    const { useCase } = content(repository);
    expect(await useCase.execute({ caller: who, correspondenceId })).toMatchObject({ ok: false, error: { errorCode } });
    expect(repository.replaces).toEqual([]);
  });
});
