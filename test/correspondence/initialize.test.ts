/**
 * POST /correspondence through real HTTP against the dev host (the compiled app; `npm run build` first) and the
 * platform's Altinn stubs: the response, what is stored, the business checks in the spec's order with their error
 * codes, and the idempotentKey.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  call,
  expectProblem,
  freshNationalIdentityNumber,
  freshOrganisationNumber,
  initializeBody,
  organisationToken,
  organisationUrn,
  personUrn,
  serviceOwnerToken,
  type SendOptions,
} from "./support/api-client.js";
import { publishingProbes, statusesOf } from "./support/publishing-probes.js";

const reservedNationalId = "08900499559";
/** In the stub fixtures' unknownParties: Register does not resolve it. */
const unknownToRegister = "999999999";
const serviceOwnerUrn = "urn:altinn:organization:identifier-no:991825827";
const confidentialResource = "resource-with-confidential-post-activated";
const probes = publishingProbes();

afterAll(() => probes.close());

interface InitializeResponse {
  correspondences: Array<{ correspondenceId: string; status: string; recipient: string; notifications: null }>;
  attachmentIds: string[];
}

async function initialize(body: unknown, token?: string) {
  return call("POST", "/correspondence", { token: token ?? (await serviceOwnerToken()), body });
}

/** A body for one fresh organisation, changed by `change` (which may edit anything, as a client could). */
function bodyWith(change: (body: { correspondence: Record<string, unknown> } & Record<string, unknown>) => void, options: Partial<SendOptions> = {}) {
  const body = initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], ...options }) as {
    correspondence: Record<string, unknown>;
  } & Record<string, unknown>;
  change(body);
  return body;
}

function contentOf(body: { correspondence: Record<string, unknown> }): Record<string, unknown> {
  return body.correspondence.content as Record<string, unknown>;
}

describe("POST /correspondence", () => {
  it("creates one ReadyForPublish correspondence, with the resource owner as sender whatever the request says", async () => {
    const orgNo = freshOrganisationNumber();
    const body = initializeBody({ recipients: [`0192:${orgNo}`] }) as { correspondence: Record<string, unknown> };
    body.correspondence.sender = "urn:altinn:organization:identifier-no:310000008";
    const response = await initialize(body);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const result = response.json<InitializeResponse>();
    expect(result).toEqual({
      correspondences: [
        { correspondenceId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "ReadyForPublish", recipient: organisationUrn(orgNo), notifications: null },
      ],
      attachmentIds: [],
    });
    const stored = await probes.stored(result.correspondences[0]!.correspondenceId);
    expect(stored).toMatchObject({ sender: serviceOwnerUrn, recipient: organisationUrn(orgNo), resourceId: "read-endpoints-resource" });
    expect(statusesOf(stored!).slice(0, 2)).toEqual(["Initialized", "ReadyForPublish"]);
    // The caller's party (ttd) is on the first rows, both written at the moment the request was accepted.
    expect(stored!.statusHistory[0]).toMatchObject({ partyUuid: "a0000000-0000-4000-8000-000991825827" });
    expect(stored!.statusHistory[1]!.statusChanged).toBe(stored!.statusHistory[0]!.statusChanged);
  });

  it("creates one correspondence per recipient; a KRR-reserved person among several starts as Reserved", async () => {
    const orgNo = freshOrganisationNumber();
    const person = freshNationalIdentityNumber();
    const recipients = [organisationUrn(orgNo), person, personUrn(reservedNationalId)];
    const response = await initialize(initializeBody({ recipients, content: { messageTitle: "Til {{recipientName}}" } }));
    expect(response.status, response.text).toBe(200);
    const { correspondences } = response.json<InitializeResponse>();
    expect(correspondences.map(({ recipient, status }) => ({ recipient, status }))).toEqual([
      { recipient: organisationUrn(orgNo), status: "ReadyForPublish" },
      { recipient: personUrn(person), status: "ReadyForPublish" },
      { recipient: personUrn(reservedNationalId), status: "Reserved" },
    ]);
    expect(new Set(correspondences.map((c) => c.correspondenceId)).size).toBe(3);
    const stored = await Promise.all(correspondences.map((c) => probes.stored(c.correspondenceId)));
    expect(stored.map((c) => c?.recipient)).toEqual(correspondences.map((c) => c.recipient));
    // {{recipientName}} became each recipient's own name from Register.
    const titles = stored.map((c) => c!.content.messageTitle);
    expect(titles.every((title) => title.startsWith("Til ") && !title.includes("{{"))).toBe(true);
    expect(new Set(titles).size).toBe(3);
    expect(statusesOf(stored[2]!).slice(0, 2)).toEqual(["Initialized", "Reserved"]);
  });

  it("stores the request's fields: times, references, properties, reply options, notification, flags", async () => {
    const publishAt = new Date(Date.now() + 3600_000).toISOString();
    const dueAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const body = bodyWith((b) => {
      Object.assign(b.correspondence, {
        requestedPublishTime: publishAt,
        dueDateTime: dueAt,
        messageSender: "Avdeling for test",
        isConfirmationNeeded: true,
        propertyList: { saksnummer: "2024/123" },
        externalReferences: [{ referenceType: "Generic", referenceValue: "abc" }],
        replyOptions: [{ linkURL: "https://example.no/svar", linkText: "Svar" }],
        notification: { notificationTemplate: "GenericAltinnMessage", notificationChannel: "Email" },
      });
    });
    const response = await initialize(body);
    expect(response.status, response.text).toBe(200);
    const id = response.json<InitializeResponse>().correspondences[0]!.correspondenceId;
    const stored = await probes.stored(id);
    expect(stored).toMatchObject({
      requestedPublishTime: publishAt,
      dueDateTime: dueAt,
      messageSender: "Avdeling for test",
      isConfirmationNeeded: true,
      propertyList: { saksnummer: "2024/123" },
      replyOptions: [{ linkURL: "https://example.no/svar", linkText: "Svar" }],
      published: null,
    });
    // The create-dialogue step may already have added its reference.
    expect(stored!.externalReferences).toContainEqual({ referenceType: "Generic", referenceValue: "abc" });
    expect(stored!.notification).toMatchObject({ notificationTemplate: "GenericAltinnMessage", notificationChannel: "Email" });
  });

  it("accepts a KRR-reserved sole recipient with ignoreReservation, and refuses it (422/1030) without", async () => {
    expectProblem(await initialize(initializeBody({ recipients: [reservedNationalId] })), 422, 1030);
    const allowed = await initialize(bodyWith((b) => (b.correspondence.ignoreReservation = true), { recipients: [reservedNationalId] }));
    expect(allowed.status, allowed.text).toBe(200);
    expect(allowed.json<InitializeResponse>().correspondences[0]!.status).toBe("ReadyForPublish");
  });

  it("answers 401 with an empty body without a token, and 403 for a token without the write scope", async () => {
    const body = initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())] });
    const anonymous = await call("POST", "/correspondence", { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toBe("");
    const reader = await call("POST", "/correspondence", { body, token: await organisationToken(freshOrganisationNumber()) });
    expect(reader.status).toBe(403);
  });

  it("refuses a sender that is not the resource owner with 401/4001", async () => {
    const otherOrg = await organisationToken(freshOrganisationNumber(), "altinn:correspondence.write altinn:serviceowner");
    expectProblem(await initialize(initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())] }), otherOrg), 401, 4001);
  });
});

describe("POST /correspondence business checks (status and errorCode)", () => {
  const guid = () => randomUUID();
  const future = (ms: number) => new Date(Date.now() + ms).toISOString();
  const cases: Array<{ code: number; status: number; what: string; body: () => unknown }> = [
    {
      code: 1047, status: 400, what: "idempotentKey with several recipients",
      body: () => initializeBody({ recipients: [organisationUrn(freshOrganisationNumber()), organisationUrn(freshOrganisationNumber())], idempotentKey: guid() }),
    },
    {
      code: 1029, status: 404, what: "a recipient Register does not know (the stub's unknownParties)",
      body: () => initializeBody({ recipients: [organisationUrn(freshOrganisationNumber()), organisationUrn(unknownToRegister)] }),
    },
    { code: 1036, status: 400, what: "a resource the Resource Registry does not know", body: () => bodyWith(() => undefined, { resourceId: "no.such.resource" }) },
    { code: 1060, status: 400, what: "a confidential resource without isConfidential", body: () => bodyWith(() => undefined, { resourceId: confidentialResource }) },
    { code: 1061, status: 400, what: "isConfidential on an ordinary resource", body: () => bodyWith((b) => (b.correspondence.isConfidential = true)) },
    {
      code: 1006, status: 400, what: "the same recipient twice (after normalisation)",
      body: () => {
        const orgNo = freshOrganisationNumber();
        return initializeBody({ recipients: [`0192:${orgNo}`, organisationUrn(orgNo)] });
      },
    },
    {
      code: 1044, status: 400, what: "a confidential correspondence to an organisation without the required roles",
      body: () => bodyWith((b) => (b.correspondence.isConfidential = true), { resourceId: confidentialResource }),
    },
    { code: 1016, status: 400, what: "confirmation needed without a due date", body: () => bodyWith((b) => (b.correspondence.isConfirmationNeeded = true)) },
    { code: 1008, status: 400, what: "a due date in the past", body: () => bodyWith((b) => (b.correspondence.dueDateTime = future(-3600_000))) },
    {
      code: 1009, status: 400, what: "a due date before the publish time",
      body: () => bodyWith((b) => Object.assign(b.correspondence, { requestedPublishTime: future(7200_000), dueDateTime: future(3600_000) })),
    },
    { code: 1002, status: 400, what: "a title that is not plain text", body: () => bodyWith((b) => (contentOf(b).messageTitle = "<h1>Tittel</h1>")) },
    { code: 1037, status: 400, what: "a title longer than 255", body: () => bodyWith((b) => (contentOf(b).messageTitle = "t".repeat(256))) },
    { code: 1042, status: 400, what: "a summary longer than 255", body: () => bodyWith((b) => (contentOf(b).messageSummary = "s".repeat(256))) },
    { code: 1003, status: 400, what: "a body that is HTML, not markdown", body: () => bodyWith((b) => (contentOf(b).messageBody = "<p>Hei <b>du</b></p>")) },
    { code: 1023, status: 400, what: "a language other than nb, nn, en", body: () => bodyWith((b) => (contentOf(b).language = "de")) },
    { code: 1039, status: 400, what: "a message sender that is not plain text", body: () => bodyWith((b) => (b.correspondence.messageSender = "# Avsender")) },
    {
      code: 1052, status: 400, what: "two transmission types",
      body: () => bodyWith((b) => (b.correspondence.externalReferences = [
        { referenceType: "DialogportenDialogId", referenceValue: guid() },
        { referenceType: "DialogportenTransmissionType", referenceValue: "Information" },
        { referenceType: "DialogportenTransmissionType", referenceValue: "Alert" },
      ])),
    },
    {
      code: 1053, status: 400, what: "a transmission type without a dialogue id",
      body: () => bodyWith((b) => (b.correspondence.externalReferences = [{ referenceType: "DialogportenTransmissionType", referenceValue: "Information" }])),
    },
    {
      code: 1048, status: 400, what: "a dialogue id that is not a GUID",
      body: () => bodyWith((b) => (b.correspondence.externalReferences = [{ referenceType: "DialogportenDialogId", referenceValue: "not-a-guid" }])),
    },
    {
      code: 1045, status: 400, what: "a transmission to several recipients",
      body: () => {
        const body = initializeBody({ recipients: [organisationUrn(freshOrganisationNumber()), organisationUrn(freshOrganisationNumber())] }) as { correspondence: Record<string, unknown> };
        body.correspondence.externalReferences = [{ referenceType: "DialogportenDialogId", referenceValue: guid() }];
        return body;
      },
    },
    {
      code: 1051, status: 400, what: "a transmission with reply options",
      body: () => bodyWith((b) => Object.assign(b.correspondence, {
        externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: guid() }],
        replyOptions: [{ linkURL: "https://example.no" }],
      })),
    },
    {
      code: 1054, status: 404, what: "a transmission into a dialogue that does not exist",
      body: () => bodyWith((b) => (b.correspondence.externalReferences = [{ referenceType: "DialogportenDialogId", referenceValue: "0192f3a4-5b6c-7d8e-9f00-112233445566" }])),
    },
    { code: 1007, status: 400, what: "an existing attachment that does not exist", body: () => bodyWith((b) => (b.existingAttachments = [guid()])) },
    {
      code: 1005, status: 400, what: "new attachment metadata in the JSON variant (no files)",
      body: () => bodyWith((b) => (contentOf(b).attachments = [{ fileName: "a.pdf", sendersReference: "r" }])),
    },
    { code: 1035, status: 400, what: "a reply option that is not https", body: () => bodyWith((b) => (b.correspondence.replyOptions = [{ linkURL: "http://example.no" }])) },
    {
      code: 1035, status: 400, what: "a reply option URL longer than 255",
      body: () => bodyWith((b) => (b.correspondence.replyOptions = [{ linkURL: `https://example.no/${"x".repeat(250)}` }])),
    },
  ];

  it.each(cases)("$code for $what", async ({ code, status, body }) => {
    expectProblem(await initialize(body()), status, code);
  });

  it("names only the recipients Register does not know in the 1029 answer", async () => {
    const known = freshOrganisationNumber();
    const response = await initialize(initializeBody({ recipients: [organisationUrn(known), organisationUrn(unknownToRegister)] }));
    expectProblem(response, 404, 1029);
    expect(response.json<{ detail: string }>().detail).toBe(
      `Could not find partyId for the following recipients: ${organisationUrn(unknownToRegister)}`,
    );
  });

  it("checks in the spec's order: the first failing rule answers", async () => {
    // 1006 (duplicates) comes before 1016 (due date) and 1023 (language).
    const orgNo = freshOrganisationNumber();
    const body = initializeBody({ recipients: [organisationUrn(orgNo), `0192:${orgNo}`] }) as { correspondence: Record<string, unknown> };
    body.correspondence.isConfirmationNeeded = true;
    contentOf(body).language = "de";
    expectProblem(await initialize(body), 400, 1006);
    // 1008 (dates) comes before 1002 (title) and 1035 (reply options).
    const dated = bodyWith((b) => {
      b.correspondence.dueDateTime = future(-60_000);
      contentOf(b).messageTitle = "# Tittel";
      b.correspondence.replyOptions = [{ linkURL: "ftp://x" }];
    });
    expectProblem(await initialize(dated), 400, 1008);
  });

  it("writes nothing when a check fails", async () => {
    const idempotentKey = randomUUID();
    const body = bodyWith((b) => (contentOf(b).language = "de"), { idempotentKey });
    expectProblem(await initialize(body), 400, 1023);
    // The key was not consumed: the corrected request goes through.
    contentOf(body).language = "nb";
    const response = await initialize(body);
    expect(response.status, response.text).toBe(200);
  });
});

describe("POST /correspondence idempotentKey", () => {
  it("answers 409/1034 when the key was used before, whatever the rest of the request", async () => {
    const idempotentKey = randomUUID();
    const first = await initialize(initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], idempotentKey }));
    expect(first.status, first.text).toBe(200);
    const id = first.json<InitializeResponse>().correspondences[0]!.correspondenceId;
    expectProblem(await initialize(initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], idempotentKey })), 409, 1034);
    expectProblem(await initialize(initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], idempotentKey: idempotentKey.toUpperCase() })), 409, 1034);
    expect(await probes.repository.findIdByIdempotentKey(idempotentKey)).toBe(id);
  });

  it("lets exactly one of several concurrent requests with the same key through", async () => {
    const idempotentKey = randomUUID();
    const token = await serviceOwnerToken();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => initialize(initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())], idempotentKey }), token)),
    );
    const accepted = responses.filter((response) => response.status === 200);
    expect(accepted).toHaveLength(1);
    for (const refused of responses.filter((response) => response.status !== 200)) expectProblem(refused, 409, 1034);
    const id = accepted[0]!.json<InitializeResponse>().correspondences[0]!.correspondenceId;
    expect(await probes.repository.findIdByIdempotentKey(idempotentKey)).toBe(id);
    expect(await probes.stored(id)).toBeDefined();
  });
});
