/**
 * Contract: the entities file (infra/servicebus.json) — its schema, ISO 8601 durations, Azure's defaults — and a
 * broker started from it; entities added at runtime are idempotent.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServiceBusClient } from "@azure/service-bus";
import { describe, expect, it } from "vitest";
import { startServiceBusBroker } from "../../dev/servicebus/broker.js";
import {
  loadServiceBusEntities,
  resolvePublishSettings,
  resolveReceiveSettings,
  serviceBusEntitiesSchema,
} from "../../dev/servicebus/entities.js";
import { parseIsoDuration, tryParseIsoDuration } from "../../dev/servicebus/iso-duration.js";
import { receiveOne, receiverWithoutAutoRenewal } from "./support/broker-fixture.js";

describe("ISO 8601 durations", () => {
  it.each([
    ["PT1M", 60_000],
    ["PT10M", 600_000],
    ["P14D", 14 * 86_400_000],
    ["PT0.5S", 500],
    ["P1DT2H30M", 86_400_000 + 2 * 3_600_000 + 30 * 60_000],
    ["P1W", 7 * 86_400_000],
  ])("%s is %i ms", (text, milliseconds) => {
    expect(parseIsoDuration(text)).toBe(milliseconds);
  });

  it.each(["", "P", "PT", "1M", "P1M", "P1Y", "PT-1S", "pt1m"])("rejects %j", (text) => {
    expect(tryParseIsoDuration(text)).toBeUndefined();
  });
});

describe("entities file", () => {
  it("loads infra/servicebus.json", () => {
    const entities = loadServiceBusEntities();
    expect(entities.queues?.map((queue) => queue.name)).toContain("correspondence-publish");
    const topic = entities.topics?.find((candidate) => candidate.name === "correspondence-events");
    expect(topic?.subscriptions?.map((subscription) => subscription.name)).toContain("altinn-events");
    const publish = entities.queues?.find((queue) => queue.name === "correspondence-publish");
    if (!publish) throw new Error("correspondence-publish missing");
    expect(resolveReceiveSettings(publish)).toEqual({
      lockDurationMs: 60_000,
      maxDeliveryCount: 10,
      defaultTimeToLiveMs: 14 * 86_400_000,
      deadLetterOnExpiration: true,
    });
    expect(resolvePublishSettings(publish)).toEqual({
      duplicateDetectionWindowMs: 600_000,
      defaultTimeToLiveMs: 14 * 86_400_000,
    });
  });

  it("applies Azure's defaults to absent properties", () => {
    expect(resolveReceiveSettings({ name: "bare" })).toEqual({
      lockDurationMs: 60_000,
      maxDeliveryCount: 10,
      defaultTimeToLiveMs: Number.POSITIVE_INFINITY,
      deadLetterOnExpiration: false,
    });
    expect(resolvePublishSettings({})).toEqual({
      duplicateDetectionWindowMs: undefined,
      defaultTimeToLiveMs: Number.POSITIVE_INFINITY,
    });
    expect(resolvePublishSettings({ requiresDuplicateDetection: true }).duplicateDetectionWindowMs).toBe(600_000);
    // A subscription's messages live no longer than its topic allows.
    expect(resolveReceiveSettings({ name: "s", defaultMessageTimeToLive: "P1D" }, 60_000).defaultTimeToLiveMs).toBe(
      60_000,
    );
  });

  it("rejects a file with bad values, naming where they are", () => {
    const directory = mkdtempSync(join(tmpdir(), "servicebus-entities-"));
    const file = join(directory, "servicebus.json");
    writeFileSync(
      file,
      JSON.stringify({ queues: [{ name: "q", lockDuration: "PT10M" }, { name: "r", maxDeliveryCount: 0 }] }),
    );
    expect(() => loadServiceBusEntities(file)).toThrow(/queues\.0\.lockDuration[\s\S]*queues\.1\.maxDeliveryCount/);
    expect(serviceBusEntitiesSchema.safeParse({ queues: [{ name: "q", lockDuration: "one minute" }] }).success).toBe(
      false,
    );
  });
});

describe("a broker started from the entities file", () => {
  it("serves its queues and topic subscriptions, and adds entities at runtime idempotently", async () => {
    const broker = await startServiceBusBroker({ port: 0, entities: loadServiceBusEntities() });
    const client = new ServiceBusClient(broker.connectionString);
    try {
      expect(broker.connectionString).toBe(
        `Endpoint=sb://127.0.0.1:${broker.port};SharedAccessKeyName=RootManageSharedAccessKey;` +
          `SharedAccessKey=local;UseDevelopmentEmulator=true`,
      );
      await client.createSender("correspondence-publish").sendMessages({ body: "publish", messageId: "p-1" });
      await client.createSender("correspondence-events").sendMessages({ body: "event" });
      expect((await receiveOne(receiverWithoutAutoRenewal(client, "correspondence-publish"))).messageId).toBe("p-1");
      const subscription = client.createReceiver("correspondence-events", "altinn-events", {
        maxAutoLockRenewalDurationInMs: 0,
      });
      expect((await receiveOne(subscription)).body).toBe("event");

      // Ensuring an existing queue keeps its messages; ensuring a topic again adds only the new subscription.
      await client.createSender("correspondence-publish").sendMessages({ body: "kept" });
      broker.ensureQueue({ name: "correspondence-publish", lockDuration: "PT5S" });
      broker.ensureTopic({ name: "correspondence-events", subscriptions: [{ name: "late-subscriber" }] });
      await client.createSender("correspondence-events").sendMessages({ body: "second event" });
      const peeked = await receiverWithoutAutoRenewal(client, "correspondence-publish").peekMessages(10);
      expect(peeked.map((message) => message.body)).toContain("kept");
      const late = client.createReceiver("correspondence-events", "late-subscriber");
      expect((await receiveOne(late)).body).toBe("second event");
      expect((await receiveOne(subscription)).body).toBe("second event");
    } finally {
      await client.close();
      await broker.close();
    }
  });
});
