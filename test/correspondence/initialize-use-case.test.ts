/**
 * The initialize use case with hand-written fakes of our own ports: the codes the stubs cannot produce (a recipient
 * unknown to Register, a caller without a party, more than 100 attachments), the plan it records, and the
 * record-then-expand contract — a fast path that fails still answers, and the sweep finishes with the same ids.
 */
import { describe, expect, it } from "vitest";
import type { Caller } from "../../shared/domain/caller.js";
import type { Correspondence } from "../../shared/domain/correspondence/correspondence.js";
import type { OutboxMessage } from "../../shared/domain/correspondence/correspondence-repository.js";
import { uuidV5 } from "../../shared/domain/dialogporten/deterministic-uuid.js";
import type { AccessDecider, AccessDecision, AccessRequest } from "../../shared/domain/ports/authorization.js";
import type { ContactReservationRegistry } from "../../shared/domain/ports/contact-reservation.js";
import type { Party, PartyRegister } from "../../shared/domain/ports/party-register.js";
import type { ResourceRegistry, ServiceResource } from "../../shared/domain/ports/resource-registry.js";
import { ExpandInitializeRequest } from "../../shared/use-cases/initialize-correspondences/expand-initialize-request.js";
import type { InitializeCorrespondencesCommand } from "../../shared/use-cases/initialize-correspondences/initialize-command.js";
import { InitializeCorrespondences } from "../../shared/use-cases/initialize-correspondences/initialize-correspondences.js";
import type { InitializeRequest } from "../../shared/use-cases/initialize-correspondences/initialize-request.js";
import type { InitializeRequestStore, StoredInitializeRequest } from "../../shared/use-cases/initialize-correspondences/initialize-request-store.js";
import type { MessageSender, OutboxStore } from "../../shared/use-cases/relay-outbox/outbox-ports.js";
import { RelayOutbox } from "../../shared/use-cases/relay-outbox/relay-outbox.js";
import { callerWith } from "../app/support/callers.js";

const now = new Date("2030-01-01T10:00:00.000Z");
const owner = "991825827";
const recipientA = "urn:altinn:organization:identifier-no:310000001";
const recipientB = "urn:altinn:organization:identifier-no:310000002";

class InMemoryRequestStore implements InitializeRequestStore {
  readonly requests = new Map<string, StoredInitializeRequest>();
  readonly correspondences = new Map<string, Correspondence>();

  async record(request: InitializeRequest): Promise<"recorded" | "duplicate"> {
    if (this.requests.has(request.requestId)) return "duplicate";
    this.requests.set(request.requestId, { request, completed: false });
    return "recorded";
  }
  async isIdempotentKeyUsed(key: string): Promise<boolean> {
    return this.requests.has(key);
  }
  async read(requestId: string): Promise<StoredInitializeRequest | undefined> {
    return this.requests.get(requestId);
  }
  async findIncomplete(): Promise<string[]> {
    return [...this.requests.values()].filter((stored) => !stored.completed).map((stored) => stored.request.requestId);
  }
  async markCompleted(requestId: string): Promise<void> {
    const stored = this.requests.get(requestId);
    if (stored) stored.completed = true;
  }
  async createCorrespondence(correspondence: Correspondence): Promise<void> {
    if (!this.correspondences.has(correspondence.id)) this.correspondences.set(correspondence.id, correspondence);
  }
}

class RecordingSender implements MessageSender {
  readonly sent: OutboxMessage[] = [];
  constructor(private readonly failing = false) {}
  async send(messages: readonly OutboxMessage[]): Promise<void> {
    if (this.failing) throw new Error("broker unreachable");
    this.sent.push(...messages);
  }
}

const noOutbox: OutboxStore = {
  findPending: async () => [],
  pendingMessages: async () => [],
  removeSent: async () => undefined,
};

function resource(overrides: Partial<ServiceResource> = {}): ServiceResource {
  return {
    resourceId: "a-resource",
    ownerOrgNumber: owner,
    ownerOrgCode: "ttd",
    ownerName: "Digdir",
    resourceType: "CorrespondenceService",
    isConfidential: false,
    minimumAuthenticationLevel: 0,
    title: {},
    ...overrides,
  };
}

function party(name: string, partyUuid = "22222222-2222-4222-8222-222222222222"): Party {
  return { partyUuid, partyId: 1, name, type: "organization" };
}

interface Setup {
  unknownParties?: string[];
  names?: Record<string, string>;
  fastPathFails?: boolean;
}

function setup(options: Setup = {}) {
  const requests = new InMemoryRequestStore();
  const fastPath = new RecordingSender(options.fastPathFails);
  const accessDecider: AccessDecider = {
    decide: async (_request: AccessRequest): Promise<AccessDecision> => ({ permitted: true }),
    decideMany: async (list) => list.map(() => ({ permitted: true })),
  };
  const resourceRegistry: ResourceRegistry = { get: async () => resource() };
  const partyRegister: PartyRegister = {
    lookup: async (urns) =>
      new Map(
        urns
          .filter((urn) => !(options.unknownParties ?? []).includes(urn))
          .map((urn) => [urn, party(options.names?.[urn] ?? `Name of ${urn}`)]),
      ),
    hasRequiredRoles: async () => true,
  };
  const contactReservations: ContactReservationRegistry = { reservedAmong: async () => new Set() };
  const expansion = new ExpandInitializeRequest(requests, () => now);
  const useCase = new InitializeCorrespondences({
    requests,
    expansion,
    fastPathSender: fastPath,
    resourceRegistry,
    accessDecider,
    partyRegister,
    contactReservations,
    dialogporten: { getDialog: async () => undefined },
    textFormat: { isPlainText: () => true, isMarkdown: () => true },
    clock: () => now,
    newRequestId: () => "6f1c2a4e-0000-4000-8000-00000000000a",
    log: { warn: () => undefined },
  });
  return { useCase, requests, fastPath, expansion };
}

const serviceOwner: Caller = callerWith("altinn", { organisationNumber: owner, scopes: ["altinn:correspondence.write"] });

function command(overrides: Partial<InitializeCorrespondencesCommand> = {}, content: Record<string, unknown> = {}): InitializeCorrespondencesCommand {
  return {
    caller: serviceOwner,
    correspondence: {
      resourceId: "a-resource",
      sendersReference: "ref",
      messageSender: "",
      content: { language: "nb", messageTitle: "Hei", messageSummary: "", messageBody: "Body", attachments: [], ...content },
      requestedPublishTime: null,
      dueDateTime: null,
      externalReferences: [],
      propertyList: {},
      replyOptions: [],
      notification: null,
      ignoreReservation: null,
      isConfirmationNeeded: false,
      isConfidential: false,
      allowForwarding: false,
    },
    recipients: [recipientA],
    existingAttachments: [],
    idempotentKey: null,
    ...overrides,
  };
}

describe("InitializeCorrespondences", () => {
  it("answers 404/1029 listing the recipients Register does not know", async () => {
    const { useCase, requests } = setup({ unknownParties: [recipientB] });
    const outcome = await useCase.execute(command({ recipients: [recipientA, recipientB] }));
    expect(outcome).toEqual({
      ok: false,
      error: { errorCode: 1029, status: 404, detail: `Could not find partyId for the following recipients: ${recipientB}` },
    });
    expect(requests.requests.size).toBe(0);
  });

  it("answers 404/1029 when {{recipientName}} is used and a recipient has no name", async () => {
    const { useCase } = setup({ names: { [recipientB]: " " } });
    const outcome = await useCase.execute(command({ recipients: [recipientA, recipientB] }, { messageBody: "Kjære {{recipientName}}" }));
    expect(outcome).toMatchObject({ ok: false, error: { errorCode: 1029, detail: expect.stringContaining(recipientB) } });
  });

  it("answers 401/4006 for a caller with no party and 400/4002 for one Register does not know", async () => {
    const nobody = callerWith("altinn", { scopes: ["altinn:correspondence.write"] });
    expect(await setup().useCase.execute(command({ caller: nobody }))).toMatchObject({ ok: false, error: { errorCode: 4006, status: 401 } });
    const unknownCaller = setup({ unknownParties: [`urn:altinn:organization:identifier-no:${owner}`] });
    expect(await unknownCaller.useCase.execute(command())).toMatchObject({ ok: false, error: { errorCode: 4002, status: 400 } });
  });

  it("answers 1038 for more than 100 attachments before 1005 for files the JSON variant cannot carry", async () => {
    const many = Array.from({ length: 101 }, () => ({}));
    expect(await setup().useCase.execute(command({}, { attachments: many }))).toMatchObject({ ok: false, error: { errorCode: 1038 } });
    expect(await setup().useCase.execute(command({}, { attachments: [{}] }))).toMatchObject({ ok: false, error: { errorCode: 1005 } });
  });

  it("records one plan with deterministic ids, writes each correspondence with its own name, and sends its messages", async () => {
    const { useCase, requests, fastPath } = setup({ names: { [recipientA]: "Alfa AS", [recipientB]: "Beta AS" } });
    const publishAt = "2030-01-02T10:00:00.000Z";
    const outcome = await useCase.execute({
      ...command({ recipients: [recipientA, recipientB] }, { messageTitle: "Til {{recipientName}}" }),
      correspondence: { ...command({}, { messageTitle: "Til {{recipientName}}" }).correspondence, requestedPublishTime: publishAt },
    });
    const requestId = "6f1c2a4e-0000-4000-8000-00000000000a";
    const ids = [uuidV5(requestId, recipientA), uuidV5(requestId, recipientB)];
    expect(outcome).toEqual({
      ok: true,
      value: {
        correspondences: [
          { correspondenceId: ids[0], status: "ReadyForPublish", recipient: recipientA },
          { correspondenceId: ids[1], status: "ReadyForPublish", recipient: recipientB },
        ],
        attachmentIds: [],
      },
    });
    expect(requests.requests.get(requestId)?.completed).toBe(true);
    expect([...requests.correspondences.values()].map((c) => c.content.messageTitle)).toEqual(["Til Alfa AS", "Til Beta AS"]);
    expect([...requests.correspondences.values()].every((c) => c.sender === `urn:altinn:organization:identifier-no:${owner}`)).toBe(true);
    // Per correspondence: its dialogue now, its publish scheduled for the requested time.
    expect(fastPath.sent).toEqual(
      ids.flatMap((id) => [
        { messageId: uuidV5(id, "CreateDialogportenDialog"), queue: "correspondence-create-dialog", body: { correspondenceId: id }, scheduledEnqueueTime: null },
        { messageId: uuidV5(id, "PublishCorrespondence"), queue: "correspondence-publish", body: { correspondenceId: id }, scheduledEnqueueTime: publishAt },
      ]),
    );
  });

  it("answers even when the fast path cannot send; the sweep then finishes the request with the same ids and messages", async () => {
    const { useCase, requests, expansion } = setup({ fastPathFails: true });
    const outcome = await useCase.execute(command({ recipients: [recipientA, recipientB] }));
    expect(outcome.ok).toBe(true);
    const [stored] = [...requests.requests.values()];
    expect(stored?.completed).toBe(false);
    expect(requests.correspondences.size).toBe(2);

    const sweepSender = new RecordingSender();
    const report = await new RelayOutbox(noOutbox, sweepSender, { warn: () => undefined }).sweep(
      { store: requests, expansion },
      { minimumAgeMs: 0, batchSize: 10 },
      now,
    );
    expect(report).toEqual({ requestsCompleted: 1, outboxesFlushed: 0, failures: 0 });
    expect(stored?.completed).toBe(true);
    const ids = outcome.ok ? outcome.value.correspondences.map((c) => c.correspondenceId) : [];
    expect(sweepSender.sent.map((message) => message.body.correspondenceId)).toEqual([ids[0], ids[0], ids[1], ids[1]]);
    expect(requests.correspondences.size).toBe(2);
  });

  it("answers 409/1034 when the record of a key is created by a concurrent request first", async () => {
    const { useCase, requests } = setup();
    const idempotentKey = "7d2b1f3c-1111-4111-8111-111111111111";
    const racing = command({ idempotentKey });
    // The early read says "unused", the create says "duplicate": the create decides.
    requests.isIdempotentKeyUsed = async () => false;
    await requests.record(concurrentWinner(idempotentKey));
    expect(await useCase.execute(racing)).toMatchObject({ ok: false, error: { errorCode: 1034, status: 409 } });
  });
});

/** A recorded request with the key as its id, standing for the concurrent request that won. */
function concurrentWinner(idempotentKey: string): InitializeRequest {
  return {
    requestId: idempotentKey,
    idempotentKey,
    recordedAt: now.toISOString(),
    callerPartyUuid: "22222222-2222-4222-8222-222222222222",
    template: {} as InitializeRequest["template"],
    recipients: [],
    attachmentsReady: true,
  };
}
