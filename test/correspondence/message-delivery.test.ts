/**
 * The delivery policy of the Service Bus triggers, end to end: the real function app in the dev host, the real
 * @azure/service-bus SDK and the local broker. On a platform of its own (startPlatform on free ports, data in memory),
 * because it takes Dialogporten down for long stretches and shortens the retry schedule through the test-only
 * settings: 500 ms, 1 s, then 2 s between attempts, 8 attempts in all.
 *
 * - An outage longer than the old ~5 s (when the broker's immediate redeliveries ran out) is ridden out by scheduled
 *   retry copies with growing delays; the effect arrives once, nothing is dead-lettered or parked.
 * - A body that is not one of a queue's messages is parked, for each queue, with a readable reason and its original
 *   bytes; the original is completed, not dead-lettered.
 * - An outage longer than all attempts parks the message as RetriesExhausted, naming the last error.
 */
import { randomUUID } from "node:crypto";
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../../dev/platform/platform.js";
import { queueNames as parkingQueueNames } from "../../shared/use-cases/message-delivery/parking-queue.js";
import { queueNames as publishQueueNames } from "../../shared/use-cases/publish-correspondence/publish-messages.js";
import { queueNames as syncQueueNames, syncMessageId } from "../../shared/use-cases/sync-dialogporten/sync-messages.js";
import { eventually, freshOrganisationNumber, organisationUrn } from "./support/api-client.js";
import { startOwnPlatform, type OwnPlatform } from "./support/own-platform.js";
import { dialogsOf } from "./support/publishing-probes.js";

const maxAttempts = 8;
const parkingQueue = parkingQueueNames.parkedMessages;
const triggeredQueues = [publishQueueNames.createDialog, publishQueueNames.publish, syncQueueNames.dialogportenSync];

let own: OwnPlatform;
let platform: RunningPlatform;
let serviceBus: ServiceBusClient;

beforeAll(async () => {
  own = await startOwnPlatform({ appSettings: { MESSAGE_RETRY_DELAYS: "500ms,1s,2s", MESSAGE_MAX_ATTEMPTS: String(maxAttempts) } });
  ({ platform } = own);
  serviceBus = new ServiceBusClient(platform.appSettings.SERVICEBUS ?? "");
});

afterAll(async () => {
  await serviceBus?.close();
  await own?.close();
});

async function stubs(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${platform.urls.stubs}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
}

/** Dialogporten answers 503 to everything until `dialogportenBack`. */
const dialogportenDown = () => stubs("POST", "/_stub/faults", { service: "dialogporten", status: 503, count: 100_000 });
const dialogportenBack = () => stubs("DELETE", "/_stub/faults");

const token = (query: Record<string, string>): Promise<string> => own.token("/api/GetEnterpriseToken", query);

async function api(method: string, path: string, bearer: string, body?: unknown): Promise<Response> {
  return fetch(`${platform.urls.functions}/correspondence/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Sends one correspondence to the organisation and waits until it is published (its dialogue exists by then). */
const publishedTo = (orgNo: string): Promise<string> => own.publishedTo(orgNo, "message-delivery-resource");

/** Everything in the queue (or its dead-letter queue), scheduled messages too, bodies as their raw bytes. */
async function peek(queue: string, subQueue?: "deadLetter"): Promise<ServiceBusReceivedMessage[]> {
  const receiver = serviceBus.createReceiver(queue, { skipParsingBodyAsJson: true, ...(subQueue ? { subQueueType: subQueue } : {}) });
  try {
    return await receiver.peekMessages(500);
  } finally {
    await receiver.close();
  }
}

const parkedCopyOf = async (messageId: string) =>
  (await peek(parkingQueue)).find((message) => message.applicationProperties?.OriginalMessageId === messageId);

async function nothingDeadLettered(): Promise<void> {
  for (const queue of [...triggeredQueues, parkingQueue]) {
    expect(await peek(queue, "deadLetter"), `dead-letter queue of ${queue}`).toEqual([]);
  }
}

describe("a Dialogporten outage longer than the broker's immediate redeliveries", () => {
  it("is ridden out with scheduled retries of growing delay; the effect arrives once, nothing is dead-lettered or parked", async () => {
    const orgNo = freshOrganisationNumber();
    const id = await publishedTo(orgNo);
    const firstMessageId = syncMessageId(id, "DialogportenCorrespondenceOpened");
    await dialogportenDown();
    const reader = await token({ scopes: "altinn:correspondence.read", orgNo });
    const read = await api("GET", `/correspondence/${id}/content`, reader);
    expect(read.status).toBe(200);

    // Watch the retry copies come and go while Dialogporten is down: each one is scheduled, with its attempt number.
    const copies = new Map<number, { messageId: string; scheduledFor: number; enqueued: number }>();
    const downSince = Date.now();
    while (Date.now() - downSince < 7_000) {
      for (const message of await peek(syncQueueNames.dialogportenSync)) {
        const attempt = message.applicationProperties?.Attempt;
        if (typeof attempt !== "number" || message.applicationProperties?.FirstMessageId !== firstMessageId) continue;
        if (message.state === "scheduled" && !copies.has(attempt)) {
          copies.set(attempt, {
            messageId: String(message.messageId),
            scheduledFor: message.scheduledEnqueueTimeUtc!.getTime(),
            enqueued: Date.now(),
          });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await dialogportenBack();

    const attempts = [...copies.keys()].sort((a, b) => a - b);
    expect(attempts.slice(0, 3)).toEqual([2, 3, 4]);
    expect(attempts.length).toBeLessThan(maxAttempts);
    for (const attempt of attempts) expect(copies.get(attempt)!.messageId).toBe(`${firstMessageId}:attempt:${attempt}`);
    // The delays grow (500 ms, 1 s, 2 s ± 20 %, each after a failing call of about 0.5 s): not immediate redelivery.
    const gap = (attempt: number) => copies.get(attempt + 1)!.scheduledFor - copies.get(attempt)!.scheduledFor;
    expect(gap(2)).toBeGreaterThan(1_000);
    expect(gap(3)).toBeGreaterThan(gap(2));

    const dialog = await eventually(async () => {
      const [recorded] = await dialogsOf(id, platform.urls.stubs);
      return recorded?.activities.some((activity) => activity.type === "CorrespondenceOpened") ? recorded : undefined;
    }, "the CorrespondenceOpened activity once Dialogporten is back");
    expect(dialog.activities.filter((activity) => activity.type === "CorrespondenceOpened")).toHaveLength(1);

    // Settled: no copy left in the queue, none dead-lettered, none parked.
    await eventually(
      async () => ((await peek(syncQueueNames.dialogportenSync)).length === 0 ? true : undefined),
      "the dialogporten-sync queue to be empty",
    );
    await nothingDeadLettered();
    expect(await parkedCopyOf(firstMessageId)).toBeUndefined();
    const [after] = await dialogsOf(id, platform.urls.stubs);
    expect(after!.activities.filter((activity) => activity.type === "CorrespondenceOpened")).toHaveLength(1);
  });
});

describe("a body that is not one of the queue's messages", () => {
  const invalid = [
    { queue: publishQueueNames.createDialog, body: Buffer.from(JSON.stringify({ correspondence: "no id here" })), contentType: "application/json", why: /correspondenceId is missing/ },
    { queue: publishQueueNames.publish, body: Buffer.from("publish it, please"), contentType: "text/plain", why: /not a JSON object but text/ },
    { queue: syncQueueNames.dialogportenSync, body: Buffer.from(JSON.stringify({ kind: "archive", correspondenceId: randomUUID() })), contentType: "application/json", why: /kind/ },
  ];

  it.each(invalid)("is parked from $queue with a readable reason and its original body, and completed", async ({ queue, body, contentType, why }) => {
    const messageId = randomUUID();
    const sender = serviceBus.createSender(queue);
    await sender.sendMessages({ messageId, body, contentType, applicationProperties: { sentBy: "test" } });
    await sender.close();

    const parked = await eventually(() => parkedCopyOf(messageId), `the parked copy of ${messageId}`);
    expect(parked.applicationProperties).toMatchObject({
      DeadLetterReason: "InvalidMessage",
      OriginalQueue: queue,
      OriginalMessageId: messageId,
      Attempts: 0,
      sentBy: "test",
    });
    expect(String(parked.applicationProperties?.DeadLetterErrorDescription)).toMatch(why);
    expect(parked.messageId).toBe(`${messageId}:parked`);
    expect(parked.contentType).toBe(contentType);
    expect(Buffer.from(parked.body as Uint8Array).equals(body)).toBe(true);

    // The original is completed (right after the copy was parked), not dead-lettered.
    await eventually(
      async () => ((await peek(queue)).some((message) => message.messageId === messageId) ? undefined : true),
      `${messageId} to be completed`,
    );
    expect((await peek(queue, "deadLetter")).map((message) => message.messageId)).not.toContain(messageId);
  });
});

describe("an outage longer than every attempt", () => {
  it("parks the message as RetriesExhausted after the last attempt, with the last error and the original body", async () => {
    const messageId = randomUUID();
    const correspondenceId = randomUUID();
    const body = {
      kind: "activity",
      correspondenceId,
      dialogId: randomUUID(),
      activity: {
        id: randomUUID(),
        createdAt: new Date().toISOString(),
        type: "CorrespondenceOpened",
        performedBy: { actorType: "PartyRepresentative", actorId: organisationUrn(freshOrganisationNumber()) },
      },
    };
    await dialogportenDown();
    try {
      const sender = serviceBus.createSender(syncQueueNames.dialogportenSync);
      await sender.sendMessages({ messageId, body, contentType: "application/json" });
      await sender.close();
      const parked = await eventually(() => parkedCopyOf(messageId), `the parked copy of ${messageId}`, 45_000);
      expect(parked.applicationProperties).toMatchObject({
        DeadLetterReason: "RetriesExhausted",
        OriginalQueue: syncQueueNames.dialogportenSync,
        OriginalMessageId: messageId,
        DeliveredMessageId: `${messageId}:attempt:${maxAttempts}`,
        Attempts: maxAttempts,
      });
      expect(String(parked.applicationProperties?.DeadLetterErrorDescription)).toMatch(
        new RegExp(`^Attempt ${maxAttempts} of ${maxAttempts} failed; the last error: .*503`),
      );
      expect(JSON.parse(Buffer.from(parked.body as Uint8Array).toString("utf8"))).toEqual(body);
    } finally {
      await dialogportenBack();
    }
    await eventually(
      async () => ((await peek(syncQueueNames.dialogportenSync)).length === 0 ? true : undefined),
      "the dialogporten-sync queue to be empty",
    );
    await nothingDeadLettered();
  }, 60_000);
});
