/** GET /correspondence/{id}/details over HTTP: history with Fetched rows, system label, purged visibility. */
import { beforeAll, describe, expect, it } from "vitest";
import { correspondenceDetailsSchema } from "../../shared/http/wire/correspondence-responses.js";
import {
  call,
  expectProblem,
  freshOrganisationNumber,
  organisationToken,
  publishedToFreshOrganisation,
  serviceOwnerToken,
  writeScope,
} from "./support/api-client.js";

let senderToken: string;

beforeAll(async () => {
  senderToken = await serviceOwnerToken();
});

interface DetailsBody {
  status: string;
  statusHistory: Array<{ status: string; statusText: string; statusChanged: string }>;
  systemLabel: string;
}

describe("GET /correspondence/{id}/details", () => {
  it("answers the recipient with the history ordered by time, including a Fetched row for every call", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    await call("GET", `/correspondence/${id}/details`, { token: recipientToken });
    const response = await call("GET", `/correspondence/${id}/details`, { token: recipientToken });
    expect(response.status, response.text).toBe(200);
    const details = correspondenceDetailsSchema.parse(response.json());
    expect(details.statusHistory.map((entry) => entry.status)).toEqual(["Initialized", "ReadyForPublish", "Published", "Fetched", "Fetched"]);
    const times = details.statusHistory.map((entry) => Date.parse(entry.statusChanged));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(details).toMatchObject({ status: "Published", systemLabel: "Default", notifications: [] });
  });

  it("answers the sender after a recipient purge, hiding the purged row from a sender without recipient access", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    expect((await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken })).status).toBe(200);
    // Without altinn:serviceowner the sender only has write access (the PDP's answer), so purged rows are hidden.
    const plainSender = await serviceOwnerToken(writeScope);
    const response = await call("GET", `/correspondence/${id}/details`, { token: plainSender });
    expect(response.status, response.text).toBe(200);
    const details = response.json<DetailsBody>();
    expect(details.status).toBe("PurgedByRecipient");
    expect(details.statusHistory.map((entry) => entry.status)).not.toContain("PurgedByRecipient");
    // With it, the service-owner bypass (authorization.md §4) grants recipient access too, and the row is shown.
    const bypassing = await call("GET", `/correspondence/${id}/details`, { token: senderToken });
    expect(bypassing.json<DetailsBody>().statusHistory.map((entry) => entry.status)).toContain("PurgedByRecipient");
    expectProblem(await call("GET", `/correspondence/${id}/details`, { token: recipientToken }), 404, 1001);
  });

  it("answers 401 empty without a token, 401/4001 for another organisation, 404/1001 for an unknown id", async () => {
    const { id } = await publishedToFreshOrganisation();
    const anonymous = await call("GET", `/correspondence/${id}/details`);
    expect([anonymous.status, anonymous.text]).toEqual([401, ""]);
    expectProblem(await call("GET", `/correspondence/${id}/details`, { token: await organisationToken(freshOrganisationNumber()) }), 401, 4001);
    expectProblem(await call("GET", "/correspondence/0192b7a0-2222-7000-8000-000000000000/details", { token: senderToken }), 404, 1001);
  });
});
