/**
 * POST /correspondence/{id}/confirm over HTTP: its guards (api.md §4.8). Storing `Confirmed` (after the Dialogporten
 * patch and the verification job) comes with the confirmation issue, so 1041 is covered by the use-case tests.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  freshOrganisationNumber,
  organisationToken,
  publishedToFreshOrganisation,
  serviceOwnerToken,
} from "./support/api-client.js";

describe("POST /correspondence/{id}/confirm", () => {
  it("needs a Fetched first (1025); reading is not required; then answers the id", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation({ isConfirmationNeeded: true });
    expectProblem(await call("POST", `/correspondence/${id}/confirm`, { token: recipientToken }), 400, 1025);
    expect((await call("GET", `/correspondence/${id}`, { token: recipientToken })).status).toBe(200);
    const confirmed = await call("POST", `/correspondence/${id}/confirm`, { token: recipientToken });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json()).toBe(id);
  });

  it("answers 404/1001 for an unknown or purged correspondence and 401/4001 to another organisation", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    expectProblem(await call("POST", `/correspondence/${id}/confirm`, { token: await organisationToken(freshOrganisationNumber()) }), 401, 4001);
    expectProblem(await call("POST", "/correspondence/0192b7a0-5555-7000-8000-000000000000/confirm", { token: recipientToken }), 404, 1001);
    await call("GET", `/correspondence/${id}`, { token: recipientToken });
    expect((await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken })).status).toBe(200);
    expectProblem(await call("POST", `/correspondence/${id}/confirm`, { token: recipientToken }), 404, 1001);
  });

  it("refuses a sender's write token by policy (403) and no token with an empty 401", async () => {
    const { id } = await publishedToFreshOrganisation();
    expect((await call("POST", `/correspondence/${id}/confirm`, { token: await serviceOwnerToken() })).status).toBe(403);
    const anonymous = await call("POST", `/correspondence/${id}/confirm`);
    expect([anonymous.status, anonymous.text]).toEqual([401, ""]);
  });
});
