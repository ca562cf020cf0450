/**
 * The publishing backbone end to end: initialize → outbox → Service Bus → create-dialogue and publish functions in
 * the dev host → Cosmos and the Dialogporten stub. Observed through the API (recipient and sender views), the stored
 * correspondence and the stub's recording of dialogues.
 */
import { randomUUID } from "node:crypto";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dialogIdFor } from "../../shared/domain/dialogporten/correspondence-dialog.js";
import { queueNames } from "../../shared/use-cases/publish-correspondence/publish-messages.js";
import {
  call,
  eventually,
  expectProblem,
  freshNationalIdentityNumber,
  freshOrganisationNumber,
  organisationToken,
  organisationUrn,
  personUrn,
  send,
} from "./support/api-client.js";
import { dialogsOf, publishingProbes, statusesOf } from "./support/publishing-probes.js";

const { appSettings, urls } = inject("platform");
const probes = publishingProbes();
const serviceBus = new ServiceBusClient(appSettings.SERVICEBUS!);

afterAll(async () => {
  probes.close();
  await serviceBus.close();
});

/** Waits until no message for this correspondence is left on the publish queue (active, scheduled or locked). */
async function publishQueueDrainedOf(correspondenceId: string): Promise<void> {
  await eventually(async () => {
    // A fresh receiver each time: peeking continues where the receiver's last peek stopped.
    const receiver = serviceBus.createReceiver(queueNames.publish);
    try {
      const peeked = await receiver.peekMessages(1000);
      const ours = peeked.filter((message) => (message.body as { correspondenceId?: string } | undefined)?.correspondenceId === correspondenceId);
      return ours.length === 0 ? true : undefined;
    } finally {
      await receiver.close();
    }
  }, `the publish queue to be done with ${correspondenceId}`);
}

describe("publishing", () => {
  it("publishes a correspondence due now after creating exactly one dialogue with the deterministic id", async () => {
    const orgNo = freshOrganisationNumber();
    const [id] = await send({ recipients: [organisationUrn(orgNo)], resourceId: "publish-test-resource" });
    const published = await probes.untilStatus(id!, "Published");
    expect(statusesOf(published)).toEqual(["Initialized", "ReadyForPublish", "Published"]);
    const publishedRow = published.statusHistory[2]!;
    expect(published.published).toBe(publishedRow.statusChanged);
    // Publishing is a system step: its rows carry the sender organisation's party.
    expect(publishedRow.partyUuid).toBe("a0000000-0000-4000-8000-000991825827");

    const expectedDialogId = dialogIdFor(published, new Date());
    const dialogs = await dialogsOf(id!);
    expect(dialogs.map((dialog) => dialog.id)).toEqual([expectedDialogId]);
    expect(dialogs[0]).toMatchObject({
      party: organisationUrn(orgNo),
      serviceResource: "urn:altinn:resource:publish-test-resource",
      status: "NotApplicable",
      visibleFrom: null,
      deletedAt: null,
    });
    expect(dialogs[0]!.content.mainContentReference?.value[0]?.value).toBe(`${urls.functions}/correspondence/api/v1/correspondence/${id}/content`);
    expect(published.externalReferences).toContainEqual({ referenceType: "DialogportenDialogId", referenceValue: expectedDialogId });

    // The recipient sees it.
    const overview = await call("GET", `/correspondence/${id}`, { token: await organisationToken(orgNo) });
    expect(overview.status, overview.text).toBe(200);
    expect(overview.json<{ status: string }>().status).toBe("Published");
  });

  it("keeps a correspondence published in the future invisible to its recipient until its time, then publishes it", async () => {
    const orgNo = freshOrganisationNumber();
    const publishAt = new Date(Date.now() + 8_000);
    const [id] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: publishAt.toISOString() });
    const recipientToken = await organisationToken(orgNo);

    // The dialogue exists ahead of publishing (hidden by Dialogporten until then only for ≥ 1 minute ahead).
    await eventually(async () => ((await dialogsOf(id!)).length === 1 ? true : undefined), "the dialogue");
    expect(statusesOf((await probes.stored(id!))!)).toEqual(["Initialized", "ReadyForPublish"]);
    expectProblem(await call("GET", `/correspondence/${id}`, { token: recipientToken }), 404, 1001);
    const search = await call("GET", `/correspondence?resourceId=read-endpoints-resource&role=recipient`, { token: recipientToken });
    expect(search.status, search.text).toBe(200);
    expect(search.json<{ ids: string[] }>().ids).not.toContain(id);
    expect(Date.now()).toBeLessThan(publishAt.getTime());

    const published = await probes.untilStatus(id!, "Published", 40_000);
    const publishedAt = Date.parse(published.published!);
    expect(publishedAt).toBeGreaterThanOrEqual(publishAt.getTime() - 2_000);
    const overview = await call("GET", `/correspondence/${id}`, { token: recipientToken });
    expect(overview.status, overview.text).toBe(200);
    const found = await call("GET", `/correspondence?resourceId=read-endpoints-resource&role=recipient`, { token: recipientToken });
    expect(found.json<{ ids: string[] }>().ids).toContain(id);
    expect(await dialogsOf(id!)).toHaveLength(1);
  });

  it("gives a dialogue of a correspondence published a minute or more ahead its visibleFrom", async () => {
    const publishAt = new Date(Date.now() + 5 * 60_000).toISOString();
    const [id] = await send({ recipients: [organisationUrn(freshOrganisationNumber())], requestedPublishTime: publishAt });
    const dialogs = await eventually(async () => {
      const found = await dialogsOf(id!);
      return found.length > 0 ? found : undefined;
    }, "the dialogue");
    expect(dialogs).toHaveLength(1);
    expect(Date.parse(dialogs[0]!.visibleFrom!)).toBe(Date.parse(publishAt));
    expect(statusesOf((await probes.stored(id!))!)).not.toContain("Published");
  });

  it("publishes once and creates one dialogue when the publish message is delivered several times at once", async () => {
    const [id] = await send({ recipients: [organisationUrn(freshOrganisationNumber())] });
    // Copies under new message ids get past duplicate detection: every one of them reaches the handler.
    const sender = serviceBus.createSender(queueNames.publish);
    try {
      await sender.sendMessages(
        Array.from({ length: 4 }, () => ({ messageId: randomUUID(), body: { correspondenceId: id }, contentType: "application/json" })),
      );
    } finally {
      await sender.close();
    }
    await probes.untilStatus(id!, "Published");
    await publishQueueDrainedOf(id!);
    const stored = (await probes.stored(id!))!;
    expect(statusesOf(stored).filter((status) => status === "Published")).toHaveLength(1);
    expect(stored.externalReferences.filter((reference) => reference.referenceType === "DialogportenDialogId")).toHaveLength(1);
    expect(await dialogsOf(id!)).toHaveLength(1);
  });

  it("fails the publish of a KRR-reserved recipient (sent among others) and purges its dialogue", async () => {
    const orgNo = freshOrganisationNumber();
    const person = freshNationalIdentityNumber();
    const [toOrganisation, toPerson, toReserved] = await send({ recipients: [organisationUrn(orgNo), personUrn(person), "08900499559"] });
    const failed = await probes.untilStatus(toReserved!, "Failed");
    expect(failed.statusHistory.at(-1)).toMatchObject({
      status: "Failed",
      statusText: `Recipient of ${toReserved} has been set to reserved in kontakt- og reserverasjonsregisteret ('KRR')`,
    });
    expect(statusesOf(failed)).not.toContain("Published");
    // Its dialogue was created before publishing, then hard-deleted; the reference is gone.
    const dialogs = await eventually(async () => {
      const found = await dialogsOf(toReserved!);
      return found.length === 1 && found[0]!.purgedAt ? found : undefined;
    }, "the purged dialogue");
    expect(dialogs[0]!.purgedAt).toEqual(expect.any(String));
    await eventually(async () => {
      const stored = await probes.stored(toReserved!);
      return stored && !stored.externalReferences.some((reference) => reference.referenceType === "DialogportenDialogId") ? true : undefined;
    }, "the dialogue reference to be dropped");
    // The others are published as usual.
    await probes.untilStatus(toOrganisation!, "Published");
    await probes.untilStatus(toPerson!, "Published");
  });

  it("lets the sweep send what waits in a correspondence's outbox", async () => {
    const [id] = await send({ recipients: [organisationUrn(freshOrganisationNumber())], requestedPublishTime: new Date(Date.now() + 3600_000).toISOString() });
    const stored = await eventually(async () => {
      const found = await probes.repository.findById(id!);
      return found?.correspondence.externalReferences.some((reference) => reference.referenceType === "DialogportenDialogId") ? found : undefined;
    }, "the dialogue reference");
    // A write that adds a message, without the fast path (as if the process had died right after it).
    const messageId = randomUUID();
    const result = await probes.repository.replace(stored, stored.correspondence, [
      { messageId, queue: queueNames.publish, body: { correspondenceId: id }, scheduledEnqueueTime: null },
    ]);
    expect(result.ok).toBe(true);
    // The message asks for a publish an hour early: the handler re-schedules it, and the outbox empties.
    await eventually(async () => ((await probes.repository.pendingMessages(id!)).length === 0 ? true : undefined), "the sweep", 40_000);
    expect(statusesOf((await probes.stored(id!))!)).toEqual(["Initialized", "ReadyForPublish"]);
  });
});
