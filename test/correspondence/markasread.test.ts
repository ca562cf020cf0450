/** POST /correspondence/{id}/markasread over HTTP: the guards of api.md §4.7 in order, and the stored Read. */
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  freshOrganisationNumber,
  organisationToken,
  organisationUrn,
  publishedToFreshOrganisation,
  send,
  serviceOwnerToken,
} from "./support/api-client.js";

describe("POST /correspondence/{id}/markasread", () => {
  it("needs a Fetched first (1024), then stores Read and answers the id as a JSON string, then refuses again (1040)", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    expectProblem(await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken }), 400, 1024);

    expect((await call("GET", `/correspondence/${id}`, { token: recipientToken })).status).toBe(200);
    const marked = await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.headers.get("content-type")).toMatch(/^application\/json/);
    expect(marked.json()).toBe(id);

    const overview = await call("GET", `/correspondence/${id}`, { token: recipientToken });
    expect(overview.json()).toMatchObject({ status: "Read", read: expect.any(String) });
    expectProblem(await call("POST", `/correspondence/${id}/markasread`, { token: recipientToken }), 400, 1040);
  });

  it("answers 401/4001 to another organisation, 404/1001 for an unknown or unpublished correspondence", async () => {
    const { id } = await publishedToFreshOrganisation();
    expectProblem(await call("POST", `/correspondence/${id}/markasread`, { token: await organisationToken(freshOrganisationNumber()) }), 401, 4001);

    const orgNo = freshOrganisationNumber();
    const recipientToken = await organisationToken(orgNo);
    expectProblem(await call("POST", "/correspondence/0192b7a0-4444-7000-8000-000000000000/markasread", { token: recipientToken }), 404, 1001);
    const [future] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString() });
    expectProblem(await call("POST", `/correspondence/${future}/markasread`, { token: recipientToken }), 404, 1001);
  });

  it("is a recipient endpoint: a sender's write token is refused by policy (403), no token gets an empty 401", async () => {
    const { id } = await publishedToFreshOrganisation();
    const asSender = await call("POST", `/correspondence/${id}/markasread`, { token: await serviceOwnerToken() });
    expect([asSender.status, asSender.text]).toEqual([403, ""]);
    const anonymous = await call("POST", `/correspondence/${id}/markasread`);
    expect([anonymous.status, anonymous.text]).toEqual([401, ""]);
  });
});
