/** Contract tests for the Altinn Events stub: publishing CloudEvents, refusing invalid ones, and the recording. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, serviceOwnerToken, startPlatformStubs, type PlatformStubs } from "./platform-helpers.js";

const events = "/events/api/v1/events";
const cloudEventsJson = "application/cloudevents+json";

let platform: PlatformStubs;
let token: string;

beforeAll(async () => {
  platform = await startPlatformStubs();
  token = await serviceOwnerToken(platform.stub, "altinn:events.publish");
});

afterAll(async () => {
  await platform.close();
});

beforeEach(async () => {
  await call(platform.stub.url, "/_stub/state", { method: "DELETE" });
});

function correspondenceEvent(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    specversion: "1.0",
    type: "no.altinn.correspondence.correspondencepublished",
    source: "https://platform.example/correspondence/api/v1/correspondence",
    resource: "urn:altinn:resource:correspondence-test",
    resourceinstance: "0195f1c4-6c3e-7a7b-8c5d-1a2b3c4d5e6f",
    subject: "urn:altinn:organization:identifier-no:991825827",
    alternativesubject: "/organisation/991825827",
    time: new Date().toISOString(),
    ...extra,
  };
}

function publish(event: unknown, contentType = cloudEventsJson) {
  return call(platform.stub.url, events, { method: "POST", token, json: event, contentType });
}

async function recorded(): Promise<unknown> {
  return (await call(platform.stub.url, "/_stub/events")).body;
}

describe("Altinn Events stub", () => {
  it("refuses to publish without a bearer token", async () => {
    const answer = await call(platform.stub.url, events, { method: "POST", json: correspondenceEvent("e0"), contentType: cloudEventsJson });
    expect(answer.status).toBe(401);
    expect(await recorded()).toEqual([]);
  });

  it("accepts valid CloudEvents with 200 and an empty body, and records them as received, oldest first", async () => {
    const first = correspondenceEvent("e1");
    const second = correspondenceEvent("e2", { type: "no.altinn.correspondence.correspondencereceiverread", data: { note: "x" } });
    const answer = await publish(first);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe("");
    expect((await publish(second)).status).toBe(200);
    expect(await recorded()).toEqual([first, second]);
  });

  it("refuses events that lack a required attribute (400) or come as another content type (415)", async () => {
    const { id: _id, ...withoutId } = correspondenceEvent("e3");
    const invalidEvents = [
      withoutId,
      correspondenceEvent("e4", { type: "" }),
      correspondenceEvent("e5", { source: "not a uri" }),
      correspondenceEvent("e6", { specversion: "0.3" }),
      correspondenceEvent("e7", { resource: "correspondence-test" }),
      correspondenceEvent("e8", { time: "yesterday" }),
    ];
    for (const event of invalidEvents) {
      const answer = await publish(event);
      expect(answer.status, JSON.stringify(event)).toBe(400);
      expect(answer.header("content-type")).toContain("application/problem+json");
    }
    expect((await publish(correspondenceEvent("e9"), "application/json")).status).toBe(415);
    expect(await recorded()).toEqual([]);
  });

  it("forgets events on DELETE /_stub/state", async () => {
    await publish(correspondenceEvent("e10"));
    expect(await recorded()).toHaveLength(1);
    expect((await call(platform.stub.url, "/_stub/state", { method: "DELETE" })).status).toBe(204);
    expect(await recorded()).toEqual([]);
  });
});
