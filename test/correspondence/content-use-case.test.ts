/** GetCorrespondenceContent: body, Fetched (de-duplicated), Read once, the opened activity once (pure). */
import { describe, expect, it } from "vitest";
import { activityIdFor } from "../../shared/use-cases/correspondence-access/dialog-activity-ids.js";
import { GetCorrespondenceContent } from "../../shared/use-cases/get-correspondence-content/get-correspondence-content.js";
import {
  aCorrespondence,
  collaborators,
  correspondenceId,
  dialogId,
  FakeDialogporten,
  FakeRepository,
  recipientCaller,
  recipientUrn,
  row,
  senderCaller,
  t0,
} from "./support/use-case-fakes.js";

function content(repository: FakeRepository, now = () => new Date(t0 + 60_000)) {
  const dialogporten = new FakeDialogporten();
  const useCase = new GetCorrespondenceContent({ ...collaborators(repository), dialogporten, now });
  return { useCase, dialogporten };
}

describe("GetCorrespondenceContent", () => {
  it("answers the body, records Fetched and Read, and adds one CorrespondenceOpened activity", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase, dialogporten } = content(repository);
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toEqual({ ok: true, value: "# Body" });
    expect(repository.current().fetchedHistory.map((entry) => entry.status)).toEqual(["Fetched"]);
    expect(repository.current().statusHistory.at(-1)?.status).toBe("Read");
    expect(dialogporten.activities).toEqual([
      {
        dialogId,
        activity: expect.objectContaining({
          id: activityIdFor(aCorrespondence(), "CorrespondenceOpened"),
          type: "CorrespondenceOpened",
          performedBy: { actorType: "PartyRepresentative", actorId: recipientUrn },
          description: [],
        }),
      },
    ]);
  });

  it("reads again without a second Read row or activity, and de-duplicates Fetched within 15 s", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase, dialogporten } = content(repository);
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(repository.current().statusHistory.filter((entry) => entry.status === "Read")).toHaveLength(1);
    expect(repository.current().fetchedHistory).toHaveLength(1);
    expect(dialogporten.activities).toHaveLength(1);
  });

  it("uses a v7 activity id that is the same on every attempt", () => {
    const id = activityIdFor(aCorrespondence(), "CorrespondenceOpened");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(activityIdFor(aCorrespondence(), "CorrespondenceOpened")).toBe(id);
    expect(activityIdFor(aCorrespondence(), "DialogDeleted")).not.toBe(id);
  });

  it("keeps the content available when Dialogporten fails, and logs it", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase, dialogporten } = content(repository);
    dialogporten.failWith = new Error("503");
    const warnings: string[] = [];
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId }, { warn: (message) => warnings.push(message) })).toEqual({ ok: true, value: "# Body" });
    expect(repository.current().statusHistory.at(-1)?.status).toBe("Read");
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ["an unknown id", new FakeRepository(), recipientCaller, 1001],
    ["the sender", new FakeRepository(aCorrespondence()), senderCaller, 4001],
    ["a correspondence not yet published", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)] })), recipientCaller, 1001],
    ["a purged correspondence", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("PurgedByRecipient", 2)] })), recipientCaller, 1001],
  ])("refuses %s with %i and stores nothing", async (_case, repository, who, errorCode) => {
    const { useCase, dialogporten } = content(repository);
    expect(await useCase.execute({ caller: who, correspondenceId })).toMatchObject({ ok: false, error: { errorCode } });
    expect(repository.replaces).toEqual([]);
    expect(dialogporten.activities).toEqual([]);
  });
});
