/**
 * The Dialogporten side effects of /content and /purge leave through the outbox and the dialogporten-sync queue, so a
 * Dialogporten outage neither fails the request nor loses the effect, and a repeated message adds nothing. On a
 * platform of its own (startPlatform on free ports, data in memory), because it makes Dialogporten fail on purpose and
 * its stub fixtures let a party Register does not know (the default unknownParties entry, 999999999) read another
 * organisation's correspondence — the only way a caller can pass the PDP and then be refused with 400/4002.
 */
import { randomUUID } from "node:crypto";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../../dev/platform/platform.js";
import type { OutboxMessage } from "../../shared/domain/correspondence/correspondence-repository.js";
import { activityIdFor } from "../../shared/use-cases/correspondence-access/dialog-activity-ids.js";
import {
  openedActivityMessage,
  queueNames,
  softDeleteMessage,
} from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import { eventually, freshOrganisationNumber, organisationUrn } from "./support/api-client.js";
import { startOwnPlatform, type OwnPlatform } from "./support/own-platform.js";
import { dialogsOf, type PublishingProbes, type RecordedDialog } from "./support/publishing-probes.js";

const unknownToRegister = "999999999";
/** The organisation whose correspondence the unknown party may read (a role assignment in the fixtures below). */
const readableByUnknown = "310000301";
const fixtures = {
  roleAssignments: [
    // The default assignment, kept: a fixture file replaces the whole list.
    { holder: { pid: "26818099001" }, party: { orgNumber: "991825827" }, roles: ["daglig-leder"], actions: ["read"] },
    { holder: { orgNumber: unknownToRegister }, party: { orgNumber: readableByUnknown }, actions: ["read"] },
  ],
};

let own: OwnPlatform;
let platform: RunningPlatform;
let probes: PublishingProbes;
let serviceBus: ServiceBusClient;

beforeAll(async () => {
  // Retries 1 s apart instead of 5 s, 15 s, …: the outages here last two attempts (message-delivery.test.ts tests the schedule).
  own = await startOwnPlatform({ fixtures, appSettings: { MESSAGE_RETRY_DELAYS: "1s" } });
  ({ platform, probes } = own);
  serviceBus = new ServiceBusClient(platform.appSettings.SERVICEBUS ?? "");
});

afterAll(async () => {
  await serviceBus?.close();
  await own?.close();
});

const readerToken = (orgNo: string) => own.token("/api/GetEnterpriseToken", { scopes: "altinn:correspondence.read", orgNo });

async function api(method: string, path: string, bearer: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${platform.urls.functions}/correspondence/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}` },
  });
  return { status: response.status, text: await response.text() };
}

/** Sends one correspondence to the organisation and waits until it is published (its dialogue exists by then). */
const publishedTo = (orgNo: string): Promise<string> => own.publishedTo(orgNo, "dialogporten-sync-resource");

/** Dialogporten answers 503 to its next `count` calls (the Dialogporten client retries a GET twice within one call). */
async function dialogportenDown(count: number): Promise<void> {
  const response = await fetch(`${platform.urls.stubs}/_stub/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service: "dialogporten", status: 503, count }),
  });
  expect(response.ok).toBe(true);
}

async function dialogOf(id: string): Promise<RecordedDialog> {
  const [dialog] = await dialogsOf(id, platform.urls.stubs);
  if (!dialog) throw new Error(`correspondence ${id} has no recorded dialogue`);
  return dialog;
}

const ofType = (dialog: RecordedDialog, type: string) => dialog.activities.filter((activity) => activity.type === type);

/**
 * Sends a repeat of a message under a new message id (duplicate detection would drop the same id) and waits until the
 * queue's consumer has settled it: completed, so neither still queued nor dead-lettered.
 */
async function redeliver(message: OutboxMessage): Promise<void> {
  const messageId = randomUUID();
  const sender = serviceBus.createSender(queueNames.dialogportenSync);
  await sender.sendMessages({ messageId, body: message.body, contentType: "application/json" });
  await sender.close();
  // Peek shows locked messages too, so gone from it means settled. A fresh receiver each time: a receiver's peeks
  // continue after the last message it peeked.
  const peekedIds = async (options: { subQueueType?: "deadLetter" } = {}): Promise<unknown[]> => {
    const receiver = serviceBus.createReceiver(queueNames.dialogportenSync, options);
    try {
      return (await receiver.peekMessages(100)).map((peeked) => peeked.messageId);
    } finally {
      await receiver.close();
    }
  };
  await eventually(
    async () => ((await peekedIds()).includes(messageId) ? undefined : true),
    `the repeated message ${messageId} to be settled`,
  );
  expect(await peekedIds({ subQueueType: "deadLetter" })).not.toContain(messageId);
}

describe("Dialogporten side effects through the dialogporten-sync queue", () => {
  it("answers /content while Dialogporten is down; the opened activity arrives once it is back, once, also when repeated", async () => {
    const orgNo = freshOrganisationNumber();
    const id = await publishedTo(orgNo);
    await dialogportenDown(6);
    const read = await api("GET", `/correspondence/${id}/content`, await readerToken(orgNo));
    expect(read).toEqual({ status: 200, text: "Brødtekst" });

    const dialog = await eventually(async () => {
      const recorded = await dialogOf(id);
      return ofType(recorded, "CorrespondenceOpened").length > 0 ? recorded : undefined;
    }, "the CorrespondenceOpened activity");
    const stored = await probes.stored(id);
    expect(ofType(dialog, "CorrespondenceOpened")).toEqual([
      expect.objectContaining({
        id: activityIdFor(stored!, "CorrespondenceOpened"),
        performedBy: { actorType: "PartyRepresentative", actorId: organisationUrn(orgNo) },
      }),
    ]);

    // The same effect again (as after a crash between send and settle): found on the dialogue, not added twice.
    await redeliver(
      openedActivityMessage(id, dialog.id, {
        id: activityIdFor(stored!, "CorrespondenceOpened"),
        createdAt: new Date().toISOString(),
        type: "CorrespondenceOpened",
        performedBy: { actorType: "PartyRepresentative", actorId: organisationUrn(orgNo) },
      }),
    );
    expect(ofType(await dialogOf(id), "CorrespondenceOpened")).toHaveLength(1);
  });

  it("purges while Dialogporten is down; the soft delete and one DialogDeleted arrive once it is back, also when repeated", async () => {
    const orgNo = freshOrganisationNumber();
    const id = await publishedTo(orgNo);
    await dialogportenDown(6);
    const purged = await api("DELETE", `/correspondence/${id}/purge`, await readerToken(orgNo));
    expect(purged).toEqual({ status: 200, text: JSON.stringify(id) });

    const dialog = await eventually(async () => {
      const recorded = await dialogOf(id);
      return recorded.deletedAt !== null ? recorded : undefined;
    }, "the soft delete");
    const stored = await probes.stored(id);
    const deletedActivity = {
      id: activityIdFor(stored!, "DialogDeleted"),
      createdAt: new Date().toISOString(),
      type: "DialogDeleted" as const,
      performedBy: { actorType: "PartyRepresentative" as const, actorName: "mottaker" },
    };
    expect(ofType(dialog, "DialogDeleted")).toEqual([
      expect.objectContaining({ id: deletedActivity.id, performedBy: deletedActivity.performedBy }),
    ]);

    await redeliver(softDeleteMessage(id, dialog.id, deletedActivity));
    const after = await dialogOf(id);
    expect(ofType(after, "DialogDeleted")).toHaveLength(1);
    expect(after.deletedAt).toBe(dialog.deletedAt);
  });
});

describe("a caller Register does not know (the stub's unknownParties)", () => {
  it("is refused with 400/4002 once the PDP has let it through: overview, content, purge", async () => {
    const id = await publishedTo(readableByUnknown);
    const unknown = await readerToken(unknownToRegister);
    for (const [method, path] of [
      ["GET", `/correspondence/${id}`],
      ["GET", `/correspondence/${id}/content`],
      ["DELETE", `/correspondence/${id}/purge`],
    ] as const) {
      const answer = await api(method, path, unknown);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ errorCode: 4002, code: "CORR-04002" });
    }
    // Nothing was recorded for it: the correspondence is as published.
    expect((await probes.stored(id))?.statusHistory.map((entry) => entry.status)).toEqual(["Initialized", "ReadyForPublish", "Published"]);
  });
});
