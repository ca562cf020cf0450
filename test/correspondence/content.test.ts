/**
 * GET /correspondence/{id}/content over HTTP: markdown, Read once, the opened activity once (it reaches Dialogporten
 * through the outbox and the dialogporten-sync queue, so the tests wait for it), dialog tokens.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  dialogTokenFor,
  eventuallyRecordedDialogOf,
  expectProblem,
  freshOrganisationNumber,
  organisationToken,
  organisationUrn,
  publishedToFreshOrganisation,
  publishedTransmission,
  send,
  serviceOwnerToken,
} from "./support/api-client.js";

describe("GET /correspondence/{id}/content", () => {
  it("answers the body as text/plain markdown and stores Read, Fetched and one CorrespondenceOpened activity", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation({ content: { messageBody: "# Overskrift\n\nTekst med [lenke](https://example.com)." } });
    const response = await call("GET", `/correspondence/${id}/content`, { token: recipientToken });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.text).toBe("# Overskrift\n\nTekst med [lenke](https://example.com).");

    await call("GET", `/correspondence/${id}/content`, { token: recipientToken });
    const details = await call("GET", `/correspondence/${id}/details`, { token: await serviceOwnerToken() });
    const statuses = details.json<{ statusHistory: Array<{ status: string }> }>().statusHistory.map((entry) => entry.status);
    expect(statuses.filter((status) => status === "Read")).toHaveLength(1);
    expect(statuses).toContain("Fetched");

    const dialog = await eventuallyRecordedDialogOf(
      id,
      (recorded) => recorded.activities.some((activity) => activity.type === "CorrespondenceOpened"),
      "the CorrespondenceOpened activity",
    );
    const opened = dialog.activities.filter((activity) => activity.type === "CorrespondenceOpened");
    expect(opened).toHaveLength(1);
    expect(opened[0]?.performedBy).toMatchObject({ actorType: "PartyRepresentative", actorId: dialog.party });
  });

  it("opens a transmission with one TransmissionOpened activity, naming it, in the dialog it was posted into", async () => {
    const { id, dialogId, recipientToken } = await publishedTransmission();
    expect((await call("GET", `/correspondence/${id}/content`, { token: recipientToken })).status).toBe(200);
    const details = await call("GET", `/correspondence/${id}/details`, { token: await serviceOwnerToken() });
    const transmissionId = details
      .json<{ externalReferences: Array<{ referenceType: string; referenceValue: string }> }>()
      .externalReferences.find((reference) => reference.referenceType === "DialogportenTransmissionId")?.referenceValue;
    const dialog = await eventuallyRecordedDialogOf(
      id,
      (recorded) => recorded.activities.some((activity) => activity.type === "TransmissionOpened"),
      "the TransmissionOpened activity",
    );
    expect(dialog.id).toBe(dialogId);
    expect(dialog.activities.filter((activity) => activity.type === "TransmissionOpened")).toEqual([
      expect.objectContaining({ transmissionId }),
    ]);
  });

  it("accepts a Dialogporten dialog token for the correspondence", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    const dialogToken = await dialogTokenFor(id, recipientToken);
    const response = await call("GET", `/correspondence/${id}/content`, { token: dialogToken });
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("refuses the sender's write token by policy (403) and another organisation with 401/4001", async () => {
    const { id } = await publishedToFreshOrganisation();
    expect((await call("GET", `/correspondence/${id}/content`, { token: await serviceOwnerToken() })).status).toBe(403);
    expectProblem(await call("GET", `/correspondence/${id}/content`, { token: await organisationToken(freshOrganisationNumber()) }), 401, 4001);
    const anonymous = await call("GET", `/correspondence/${id}/content`);
    expect([anonymous.status, anonymous.text]).toEqual([401, ""]);
  });

  it("answers 404/1001 before publish and for an unknown id", async () => {
    const orgNo = freshOrganisationNumber();
    const [id] = await send({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString() });
    const recipientToken = await organisationToken(orgNo);
    expectProblem(await call("GET", `/correspondence/${id}/content`, { token: recipientToken }), 404, 1001);
    expectProblem(await call("GET", "/correspondence/0192b7a0-3333-7000-8000-000000000000/content", { token: recipientToken }), 404, 1001);
  });

  it("answers 406 when the Accept header excludes text/plain", async () => {
    const { id, recipientToken } = await publishedToFreshOrganisation();
    expect((await call("GET", `/correspondence/${id}/content`, { token: recipientToken, headers: { accept: "application/json" } })).status).toBe(406);
  });
});
