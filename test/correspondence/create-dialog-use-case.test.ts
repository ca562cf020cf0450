/**
 * CreateCorrespondenceDialog (pure), above all the race with a purge: a purge that lands while the dialogue is being
 * created sees no dialogue reference and writes no soft delete, so the create-dialogue step must write it — the same
 * outbox message the purge writes when it knows the dialogue — instead of leaving the new dialogue live.
 */
import { describe, expect, it } from "vitest";
import type { Correspondence } from "../../shared/domain/correspondence/correspondence.js";
import { dialogIdFor } from "../../shared/domain/dialogporten/correspondence-dialog.js";
import type { CreateDialogRequest, Dialogporten, FetchedDialog } from "../../shared/domain/ports/dialogporten.js";
import { activityIdFor } from "../../shared/use-cases/correspondence-access/dialog-activity-ids.js";
import { CreateCorrespondenceDialog } from "../../shared/use-cases/publish-correspondence/create-correspondence-dialog.js";
import { syncMessageId } from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import { aCorrespondence, at, correspondenceId, FakeRepository, row, t0 } from "./support/use-case-fakes.js";

/** Dialogporten as far as this step uses it: creates are idempotent by id, a GET finds what was created. */
class DialogportenDouble implements Pick<Dialogporten, "createDialog" | "getDialog"> {
  readonly dialogs = new Set<string>();
  readonly calls: string[] = [];

  async createDialog(request: CreateDialogRequest): Promise<string> {
    this.calls.push("create");
    this.dialogs.add(request.id);
    return request.id;
  }

  async getDialog(id: string): Promise<FetchedDialog | undefined> {
    this.calls.push("get");
    if (!this.dialogs.has(id)) return undefined;
    const dialog = { id, revision: "1", serviceResource: "", party: "", status: "NotApplicable", guiActions: [], apiActions: [], attachments: [], activities: [], transmissions: [] };
    return { dialog, etag: "1" };
  }
}

const now = new Date(t0 + 5_000);
const readyForPublish = aCorrespondence({
  externalReferences: [],
  published: null,
  statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)],
});
const purgedAt = 2_000;
const purgedByRecipient: Correspondence = { ...readyForPublish, statusHistory: [...readyForPublish.statusHistory, row("PurgedByRecipient", purgedAt)] };
const expectedDialogId = dialogIdFor(readyForPublish, now);

function step(repository: FakeRepository, dialogporten: DialogportenDouble): CreateCorrespondenceDialog {
  return new CreateCorrespondenceDialog(repository, dialogporten, "https://correspondence.example", () => now);
}

const dialogReferences = (correspondence: Correspondence) =>
  correspondence.externalReferences.filter((reference) => reference.referenceType === "DialogportenDialogId");

describe("CreateCorrespondenceDialog", () => {
  it("creates the dialogue and stores its reference, with no outbox message", async () => {
    const repository = new FakeRepository(readyForPublish);
    const dialogporten = new DialogportenDouble();
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("created");
    expect(dialogReferences(repository.current())).toEqual([{ referenceType: "DialogportenDialogId", referenceValue: expectedDialogId }]);
    expect(repository.replaces.map((replace) => replace.outbox ?? [])).toEqual([[]]);
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("exists");
  });

  it("soft-deletes (through the outbox) the dialogue it just created when a purge landed before the reference was stored", async () => {
    const repository = new FakeRepository(readyForPublish);
    const dialogporten = new DialogportenDouble();
    // The purge wins the race: it is stored between the create and the write of the reference, and saw no dialogue.
    repository.beforeReplace = () => repository.put(purgedByRecipient);

    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("deletedAfterPurge");
    expect(dialogporten.calls).toEqual(["create", "get"]);
    const stored = repository.current();
    expect(stored.statusHistory.map((entry) => entry.status)).toEqual(["Initialized", "ReadyForPublish", "PurgedByRecipient"]);
    expect(dialogReferences(stored)).toEqual([{ referenceType: "DialogportenDialogId", referenceValue: expectedDialogId }]);
    // What the purge itself writes when it knows the dialogue: the same message id, activity and actor.
    expect(repository.replaces.at(-1)?.outbox).toEqual([
      {
        messageId: syncMessageId(correspondenceId, "DialogportenDialogDeleted"),
        queue: "dialogporten-sync",
        scheduledEnqueueTime: null,
        body: {
          kind: "soft-delete",
          correspondenceId,
          dialogId: expectedDialogId,
          activity: {
            id: activityIdFor(readyForPublish, "DialogDeleted"),
            createdAt: at(purgedAt),
            type: "DialogDeleted",
            performedBy: { actorType: "PartyRepresentative", actorName: "mottaker" },
          },
        },
      },
    ]);
    // A repeat of the message finds the reference: nothing more.
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("exists");
  });

  it("names the sender as the actor when the sender purged", async () => {
    const repository = new FakeRepository(readyForPublish);
    repository.beforeReplace = () => repository.put({ ...readyForPublish, statusHistory: [...readyForPublish.statusHistory, row("PurgedByAltinn", purgedAt)] });
    expect(await step(repository, new DialogportenDouble()).execute(correspondenceId)).toBe("deletedAfterPurge");
    expect(repository.replaces.at(-1)?.outbox?.[0]?.body).toMatchObject({ activity: { performedBy: { actorName: "avsender" } } });
  });

  it("also finds the dialogue of a run that crashed between creating it and storing it, once the purge is stored", async () => {
    const repository = new FakeRepository(purgedByRecipient);
    const dialogporten = new DialogportenDouble();
    dialogporten.dialogs.add(expectedDialogId);
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("deletedAfterPurge");
    expect(dialogporten.calls).toEqual(["get"]);
  });

  it("creates nothing for a correspondence purged before it had a dialogue", async () => {
    const repository = new FakeRepository(purgedByRecipient);
    const dialogporten = new DialogportenDouble();
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("notApplicable");
    expect(dialogporten.calls).toEqual(["get"]);
    expect(repository.replaces).toEqual([]);
  });

  it("creates nothing for a failed correspondence", async () => {
    const repository = new FakeRepository({ ...readyForPublish, statusHistory: [...readyForPublish.statusHistory, row("Failed", 1_000)] });
    const dialogporten = new DialogportenDouble();
    expect(await step(repository, dialogporten).execute(correspondenceId)).toBe("notApplicable");
    expect(dialogporten.calls).toEqual([]);
  });
});
