/**
 * GET /correspondence/{id} over HTTP against the dev host: what the recipient and the sender see, the errors of
 * api.md §4.4, Fetched de-duplication, reply options, publish time, content negotiation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { correspondenceOverviewSchema } from "../../shared/http/wire/correspondence-responses.js";
import {
  call,
  expectProblem,
  freshOrganisationNumber,
  maskinportenToken,
  organisationToken,
  organisationUrn,
  publishedToFreshOrganisation,
  send,
  serviceOwnerToken,
  waitUntilPublished,
  eventually,
  readScope,
  writeScope,
} from "./support/api-client.js";

let published: { id: string; orgNo: string; recipientToken: string };
let senderToken: string;

beforeAll(async () => {
  senderToken = await serviceOwnerToken();
  published = await publishedToFreshOrganisation({ sendersReference: "overview-test" });
});

describe("GET /correspondence/{id}", () => {
  it("answers the recipient with the full overview: current status, content, nulls written", async () => {
    const response = await call("GET", `/correspondence/${published.id}`, { token: published.recipientToken });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const overview = correspondenceOverviewSchema.parse(response.json());
    expect(overview).toMatchObject({
      correspondenceId: published.id,
      recipient: organisationUrn(published.orgNo),
      sender: "urn:altinn:organization:identifier-no:991825827",
      sendersReference: "overview-test",
      status: "Published",
      statusText: "Published",
      notification: null,
      notifications: [],
      read: null,
      content: { language: "nb", messageTitle: "Melding til deg", attachments: [] },
    });
    expect(overview.published).not.toBeNull();
    // Null members are written, not left out.
    expect(response.json<Record<string, unknown>>()).toHaveProperty("dueDateTime", null);
    expect(response.json<Record<string, unknown>>()).toHaveProperty("altinn2CorrespondenceId", null);
  });

  it("answers the sender with the empty content object once published", async () => {
    const response = await call("GET", `/correspondence/${published.id}`, { token: senderToken });
    expect(response.status, response.text).toBe(200);
    expect(response.json()).toMatchObject({
      status: "Published",
      content: { language: "no", messageTitle: "", messageSummary: "", messageBody: "", attachments: [] },
    });
  });

  it("answers 401 with an empty body without a token", async () => {
    const response = await call("GET", `/correspondence/${published.id}`);
    expect(response.status).toBe(401);
    expect(response.text).toBe("");
  });

  it("answers 401/4001 to another organisation", async () => {
    const stranger = await organisationToken(freshOrganisationNumber());
    expectProblem(await call("GET", `/correspondence/${published.id}`, { token: stranger }), 401, 4001);
  });

  it("answers 404/1001 for an id that does not exist", async () => {
    expectProblem(await call("GET", "/correspondence/0192b7a0-1111-7000-8000-000000000000", { token: senderToken }), 404, 1001);
  });

  it("answers 403 to a token whose scopes the policy does not admit, and to a raw Maskinporten write token without serviceowner", async () => {
    const noScope = await organisationToken(published.orgNo, "altinn:portal/enduser");
    const response = await call("GET", `/correspondence/${published.id}`, { token: noScope });
    expect(response.status).toBe(403);
    expect(response.text).toBe("");
    const rawWrite = await maskinportenToken("991825827", writeScope);
    expect((await call("GET", `/correspondence/${published.id}`, { token: rawWrite })).status).toBe(403);
  });

  it("lets a raw Maskinporten token with the read scope through the policy (SenderOrRecipient)", async () => {
    const rawRead = await maskinportenToken(published.orgNo, readScope);
    expect((await call("GET", `/correspondence/${published.id}`, { token: rawRead })).status).toBe(200);
  });

  it("answers 406 to an Accept header that excludes JSON", async () => {
    const response = await call("GET", `/correspondence/${published.id}`, {
      token: published.recipientToken,
      headers: { accept: "text/plain" },
    });
    expect(response.status).toBe(406);
    const negotiated = await call("GET", `/correspondence/${published.id}`, {
      token: published.recipientToken,
      headers: { accept: "text/plain;q=0.9, application/json;q=0.5" },
    });
    expect(negotiated.status).toBe(200);
  });

  it("records one Fetched row per 15 s for repeated recipient reads, and none for the sender", async () => {
    const fresh = await publishedToFreshOrganisation();
    for (let read = 0; read < 3; read++) {
      expect((await call("GET", `/correspondence/${fresh.id}`, { token: fresh.recipientToken })).status).toBe(200);
    }
    await call("GET", `/correspondence/${fresh.id}`, { token: senderToken });
    const details = await call("GET", `/correspondence/${fresh.id}/details`, { token: senderToken });
    const statuses = details.json<{ statusHistory: Array<{ status: string }> }>().statusHistory.map((entry) => entry.status);
    expect(statuses.filter((status) => status === "Fetched")).toHaveLength(1);
  });

  it("appends more than three reply options to the body", async () => {
    const replyOptions = [1, 2, 3, 4].map((n) => ({ linkURL: `https://example.com/reply/${n}`, linkText: `Svar ${n}` }));
    const fresh = await publishedToFreshOrganisation({ replyOptions, content: { messageBody: "Body" } });
    const response = await call("GET", `/correspondence/${fresh.id}`, { token: fresh.recipientToken });
    expect(response.json<{ content: { messageBody: string } }>().content.messageBody).toBe(
      "Body\n\nSvarvalg:\nSvar 1: https://example.com/reply/1\nSvar 2: https://example.com/reply/2\n" +
        "Svar 3: https://example.com/reply/3\nSvar 4: https://example.com/reply/4",
    );
  });

  it("keeps a correspondence published in the future invisible to its recipient until its time, then shows it", async () => {
    const orgNo = freshOrganisationNumber();
    const publishAt = Date.now() + 8_000;
    const [id] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(publishAt).toISOString() });
    const recipientToken = await organisationToken(orgNo);

    const before = await call("GET", `/correspondence/${id}`, { token: recipientToken });
    expect(Date.now()).toBeLessThan(publishAt);
    expectProblem(before, 404, 1001);
    const search = await call("GET", `/correspondence?resourceId=read-endpoints-resource&role=recipient`, { token: recipientToken });
    expect(search.json<{ ids: string[] }>().ids).not.toContain(id);
    // The sender sees it, not yet published.
    const asSender = await call("GET", `/correspondence/${id}`, { token: senderToken });
    expect(asSender.json<{ status: string }>().status).toBe("ReadyForPublish");

    await waitUntilPublished(id!);
    const after = await eventually(async () => {
      const response = await call("GET", `/correspondence/${id}`, { token: recipientToken });
      return response.status === 200 ? response : undefined;
    }, "the recipient to see the correspondence");
    expect(Date.now()).toBeGreaterThanOrEqual(publishAt);
    expect(after.json<{ status: string }>().status).toBe("Published");
  });
});
