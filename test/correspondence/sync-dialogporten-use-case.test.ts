/**
 * SyncDialogporten and its trigger (pure): each message kind against a fake Dialogporten that behaves like the real
 * one for a service owner without the admin scope (a change to a soft-deleted dialogue is refused with 410), repeats
 * that change nothing, a missing dialogue; through the delivery policy, invalid bodies parked with the reason and
 * failures retried as scheduled copies until the last attempt parks the message.
 */
import { InvocationContext, type LogLevel } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { makeSyncDialogportenHandler } from "../../functions/sync-dialogporten.js";
import type {
  DeleteDialogResult,
  Dialog,
  DialogActivity,
  Dialogporten,
  FetchedDialog,
} from "../../shared/domain/ports/dialogporten.js";
import type { MessageCopy, MessageCopySender } from "../../shared/use-cases/message-delivery/delivery-ports.js";
import { MessageDelivery } from "../../shared/use-cases/message-delivery/message-delivery.js";
import { SyncDialogporten } from "../../shared/use-cases/sync-dialogporten/sync-dialogporten.js";
import {
  openedActivityMessage,
  parseSyncMessage,
  softDeleteMessage,
  type DialogportenSyncMessage,
} from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import { correspondenceId, dialogId, recipientUrn } from "./support/use-case-fakes.js";

const openedId = "0192b7a0-0000-7000-8000-00000000a001";
const deletedId = "0192b7a0-0000-7000-8000-00000000a002";

/** One dialogue, held the way Dialogporten holds it; every call is recorded in order. */
class DialogportenDouble implements Pick<Dialogporten, "getDialog" | "createActivity" | "deleteDialog"> {
  exists = true;
  deletedAt: string | null = null;
  readonly activities: DialogActivity[] = [];
  readonly calls: string[] = [];
  failWith: Error | undefined;

  async getDialog(id: string): Promise<FetchedDialog | undefined> {
    this.calls.push("get");
    if (this.failWith) throw this.failWith;
    if (!this.exists) return undefined;
    const dialog: Dialog = {
      id,
      revision: "1",
      serviceResource: "urn:altinn:resource:test-resource",
      party: recipientUrn,
      status: "NotApplicable",
      deletedAt: this.deletedAt,
      guiActions: [],
      apiActions: [],
      attachments: [],
      activities: [...this.activities],
      transmissions: [],
    };
    return { dialog, etag: "1" };
  }

  async createActivity(_id: string, activity: DialogActivity): Promise<string> {
    this.calls.push(`activity:${activity.type}`);
    if (this.deletedAt !== null) throw new Error("410 Gone: the dialogue is removed, and cannot be changed");
    if (!this.activities.some((existing) => existing.id === activity.id)) this.activities.push(activity);
    return activity.id;
  }

  async deleteDialog(): Promise<DeleteDialogResult> {
    this.calls.push("delete");
    if (!this.exists) return { kind: "notFound" };
    this.deletedAt ??= "2030-01-01T10:05:00.000Z";
    return { kind: "deleted" };
  }
}

function message(body: Record<string, unknown>): DialogportenSyncMessage {
  const parsed = parseSyncMessage(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.message;
}

const opened = message(
  openedActivityMessage(correspondenceId, dialogId, {
    id: openedId,
    createdAt: "2030-01-01T10:01:00.000Z",
    type: "CorrespondenceOpened",
    performedBy: { actorType: "PartyRepresentative", actorId: recipientUrn },
  }).body,
);

const softDelete = message(
  softDeleteMessage(correspondenceId, dialogId, {
    id: deletedId,
    createdAt: "2030-01-01T10:02:00.000Z",
    type: "DialogDeleted",
    performedBy: { actorType: "PartyRepresentative", actorName: "mottaker" },
  }).body,
);

describe("SyncDialogporten", () => {
  it("adds the opened activity once; a repeat finds it and adds nothing", async () => {
    const dialogporten = new DialogportenDouble();
    const sync = new SyncDialogporten(dialogporten);
    expect(await sync.execute(opened)).toBe("done");
    expect(await sync.execute(opened)).toBe("alreadyDone");
    expect(dialogporten.activities).toEqual([{ ...opened.activity, description: [] }]);
    expect(dialogporten.calls).toEqual(["get", "activity:CorrespondenceOpened", "get"]);
  });

  it("adds DialogDeleted, then soft-deletes; a repeat (also after a failed delete) does only what is missing", async () => {
    const dialogporten = new DialogportenDouble();
    const sync = new SyncDialogporten(dialogporten);
    expect(await sync.execute(softDelete)).toBe("done");
    expect(dialogporten.calls).toEqual(["get", "activity:DialogDeleted", "delete"]);
    expect(await sync.execute(softDelete)).toBe("alreadyDone");
    expect(dialogporten.activities.map((activity) => activity.type)).toEqual(["DialogDeleted"]);

    // The activity landed but the delete did not (a failure in between): the retry only deletes.
    const halfway = new DialogportenDouble();
    halfway.activities.push({ ...softDelete.activity, description: [] });
    expect(await new SyncDialogporten(halfway).execute(softDelete)).toBe("done");
    expect(halfway.calls).toEqual(["get", "delete"]);
    expect(halfway.deletedAt).not.toBeNull();
  });

  it("completes without effect when the dialogue does not exist, and never posts to a soft-deleted one", async () => {
    const missing = new DialogportenDouble();
    missing.exists = false;
    expect(await new SyncDialogporten(missing).execute(opened)).toBe("dialogMissing");
    expect(await new SyncDialogporten(missing).execute(softDelete)).toBe("dialogMissing");
    expect(missing.calls).toEqual(["get", "get"]);

    const deletedElsewhere = new DialogportenDouble();
    deletedElsewhere.deletedAt = "2030-01-01T10:00:30.000Z";
    expect(await new SyncDialogporten(deletedElsewhere).execute(opened)).toBe("dialogDeletedWithoutActivity");
    expect(await new SyncDialogporten(deletedElsewhere).execute(softDelete)).toBe("dialogDeletedWithoutActivity");
    expect(deletedElsewhere.calls).toEqual(["get", "get"]);
  });

  it("throws when Dialogporten fails, so the message is retried", async () => {
    const dialogporten = new DialogportenDouble();
    dialogporten.failWith = new Error("GET … answered 503");
    await expect(new SyncDialogporten(dialogporten).execute(opened)).rejects.toThrow("503");
  });
});

describe("the dialogporten-sync trigger (through the delivery policy)", () => {
  /** Records what the policy sends back to Service Bus. */
  class RecordingCopies implements MessageCopySender {
    readonly sent: MessageCopy[] = [];
    async send(copy: MessageCopy): Promise<void> {
      this.sent.push(copy);
    }
  }

  function trigger(dialogporten: DialogportenDouble) {
    const copies = new RecordingCopies();
    const messageDelivery = new MessageDelivery({
      copies,
      policy: { delaysMs: [5_000], maxAttempts: 3, jitterRatio: 0 },
      parkingQueue: "parked-messages",
      clock: () => new Date("2030-01-01T10:00:00.000Z"),
    });
    return { copies, handler: makeSyncDialogportenHandler({ syncDialogporten: new SyncDialogporten(dialogporten), messageDelivery }) };
  }

  function context(applicationProperties: Record<string, unknown> = {}) {
    const logged: Array<{ level: LogLevel; text: string }> = [];
    const invocation = new InvocationContext({
      triggerMetadata: { messageId: "message-1", deliveryCount: 1, applicationProperties },
      logHandler: (level, ...args) => logged.push({ level, text: args.map(String).join(" ") }),
    });
    return { invocation, logged };
  }

  it("parks a body that is not one of our messages with what is wrong with it, and completes it", async () => {
    const { copies, handler } = trigger(new DialogportenDouble());
    const bodies = [{ kind: "archive", correspondenceId }, { ...opened, dialogId: "not-a-guid" }, "text"];
    for (const body of bodies) {
      const { invocation, logged } = context();
      await expect(handler(body, invocation)).resolves.toBeUndefined();
      expect(logged).toEqual([{ level: "error", text: expect.stringContaining("message-1 parked in parked-messages (InvalidMessage)") }]);
    }
    expect(copies.sent.map((copy) => [copy.queue, copy.messageId, copy.body, copy.applicationProperties.DeadLetterReason])).toEqual(
      bodies.map((body) => ["parked-messages", "message-1:parked", body, "InvalidMessage"]),
    );
    expect(copies.sent[1]!.applicationProperties.DeadLetterErrorDescription).toMatch(/dialogId/);
  });

  it("schedules a retry copy on a Dialogporten failure, and parks the message after the last attempt", async () => {
    const dialogporten = new DialogportenDouble();
    dialogporten.failWith = new Error("GET … answered 503");
    const { copies, handler } = trigger(dialogporten);
    const first = context();
    await expect(handler(opened, first.invocation)).resolves.toBeUndefined();
    expect(copies.sent).toEqual([
      expect.objectContaining({
        queue: "dialogporten-sync",
        messageId: "message-1:attempt:2",
        body: opened,
        applicationProperties: { Attempt: 2, FirstMessageId: "message-1" },
        scheduledEnqueueTime: new Date("2030-01-01T10:00:05.000Z"),
      }),
    ]);
    expect(first.logged).toEqual([{ level: "warning", text: expect.stringMatching(/attempt 1 of 3 failed .*503.*attempt 2 scheduled/) }]);

    const last = context({ attempt: 3, firstMessageId: "message-1" });
    await expect(handler(opened, last.invocation)).resolves.toBeUndefined();
    expect(copies.sent[1]).toMatchObject({
      queue: "parked-messages",
      applicationProperties: {
        DeadLetterReason: "RetriesExhausted",
        DeadLetterErrorDescription: expect.stringContaining("503"),
        OriginalQueue: "dialogporten-sync",
        OriginalMessageId: "message-1",
        Attempts: 3,
      },
    });
  });

  it("warns when the effect could not happen by design (no dialogue)", async () => {
    const dialogporten = new DialogportenDouble();
    dialogporten.exists = false;
    const { invocation, logged } = context();
    await trigger(dialogporten).handler(softDelete, invocation);
    expect(logged).toEqual([{ level: "warning", text: expect.stringContaining("dialogMissing") }]);
  });
});
