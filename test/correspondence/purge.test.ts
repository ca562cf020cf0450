/**
 * DELETE /correspondence/{id}/purge over HTTP: sender and recipient rules, the purge row, the dialog soft delete (it
 * reaches Dialogporten through the outbox and the dialogporten-sync queue, so the tests wait for it), transmissions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  eventuallyRecordedDialogOf,
  expectProblem,
  freshOrganisationNumber,
  organisationToken,
  organisationUrn,
  publishedToFreshOrganisation,
  publishedTransmission,
  send,
  serviceOwnerToken,
  waitUntilPublished,
} from "./support/api-client.js";

let senderToken: string;

beforeAll(async () => {
  senderToken = await serviceOwnerToken();
});

/** The service owner's view: its bypass gives it recipient access too, so purged rows are not hidden. */
async function statusHistoryOf(id: string): Promise<string[]> {
  const details = await call("GET", `/correspondence/${id}/details`, { token: senderToken });
  return details.json<{ statusHistory: Array<{ status: string }> }>().statusHistory.map((entry) => entry.status);
}

describe("DELETE /correspondence/{id}/purge", () => {
  it("lets the sender purge before publish; afterwards the overview is 404 for everyone and a second purge is 1014", async () => {
    const orgNo = freshOrganisationNumber();
    const [id] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString() });
    const purged = await call("DELETE", `/correspondence/${id}/purge`, { token: senderToken });
    expect(purged.status, purged.text).toBe(200);
    expect(purged.json()).toBe(id);
    expectProblem(await call("GET", `/correspondence/${id}`, { token: senderToken }), 404, 1001);
    expectProblem(await call("GET", `/correspondence/${id}`, { token: await organisationToken(orgNo) }), 404, 1001);
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: senderToken }), 400, 1014);
    const details = await call("GET", `/correspondence/${id}/details`, { token: senderToken });
    expect(details.json<{ status: string }>().status).toBe("PurgedByAltinn");
  });

  it("refuses the sender once published (1013)", async () => {
    const { id } = await publishedToFreshOrganisation();
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: senderToken }), 400, 1013);
  });

  it("lets the recipient purge a published correspondence, soft-deletes its dialog with a DialogDeleted activity", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    // Clients send an empty JSON body with DELETE; it is accepted and ignored.
    const purged = await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken, body: {} });
    expect(purged.status, purged.text).toBe(200);
    expect(await statusHistoryOf(id)).toContain("PurgedByRecipient");
    const details = await call("GET", `/correspondence/${id}/details`, { token: senderToken });
    expect(details.json<{ status: string }>().status).toBe("PurgedByRecipient");
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken }), 400, 1014);

    const dialog = await eventuallyRecordedDialogOf(id, (recorded) => recorded.deletedAt !== null, "the soft delete");
    expect(dialog.activities.filter((activity) => activity.type === "DialogDeleted")).toEqual([
      expect.objectContaining({ performedBy: { actorType: "PartyRepresentative", actorName: "mottaker" } }),
    ]);
  });

  it("refuses to purge a Dialogporten transmission (400/1043), for its sender and its recipient alike", async () => {
    const { id, recipientToken } = await publishedTransmission();
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: senderToken }), 400, 1043);
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: recipientToken }), 400, 1043);
    expect(await statusHistoryOf(id)).not.toContain("PurgedByRecipient");
  });

  it("refuses the recipient before publish (404/1001) and without the required confirmation (1026)", async () => {
    const orgNo = freshOrganisationNumber();
    const recipientToken = await organisationToken(orgNo);
    const [future] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString() });
    expectProblem(await call("DELETE", `/correspondence/${future}/purge`, { token: recipientToken }), 404, 1001);

    const [needsConfirmation] = await send({ recipients: [organisationUrn(orgNo)], isConfirmationNeeded: true });
    await waitUntilPublished(needsConfirmation!);
    expectProblem(await call("DELETE", `/correspondence/${needsConfirmation}/purge`, { token: recipientToken }), 400, 1026);
  });

  it("answers 401/4001 to another organisation, 404/1001 for an unknown id, an empty 401 without a token", async () => {
    const { id } = await publishedToFreshOrganisation();
    expectProblem(await call("DELETE", `/correspondence/${id}/purge`, { token: await organisationToken(freshOrganisationNumber()) }), 401, 4001);
    expectProblem(await call("DELETE", "/correspondence/0192b7a0-6666-7000-8000-000000000000/purge", { token: senderToken }), 404, 1001);
    const anonymous = await call("DELETE", `/correspondence/${id}/purge`);
    expect([anonymous.status, anonymous.text]).toEqual([401, ""]);
  });
});
