/**
 * Hand-written fakes of our own ports (repository, PDP, Register, Dialogporten, inline publisher) for the pure tests
 * of the read and state-change use cases, and a builder of correspondences in a chosen state.
 */
import type { Caller } from "../../../shared/domain/caller.js";
import type { Correspondence } from "../../../shared/domain/correspondence/correspondence.js";
import type {
  CorrespondenceRepository,
  CorrespondenceSearch,
  OutboxMessage,
  ReplaceResult,
  StoredCorrespondence,
} from "../../../shared/domain/correspondence/correspondence-repository.js";
import type { CorrespondenceStatus, StatusEntry } from "../../../shared/domain/correspondence/status.js";
import type { AccessDecider, AccessDecision, AccessRequest } from "../../../shared/domain/ports/authorization.js";
import type {
  DeleteDialogResult,
  DialogActivity,
  Dialogporten,
  FetchedDialog,
} from "../../../shared/domain/ports/dialogporten.js";
import type { Party, PartyRegister } from "../../../shared/domain/ports/party-register.js";
import { CallerPartyResolver } from "../../../shared/use-cases/correspondence-access/caller-party.js";
import { CorrespondenceAccessCheck } from "../../../shared/use-cases/correspondence-access/correspondence-access.js";

export const senderOrg = "991825827";
export const senderUrn = `urn:altinn:organization:identifier-no:${senderOrg}`;
export const recipientOrg = "310000001";
export const recipientUrn = `urn:altinn:organization:identifier-no:${recipientOrg}`;
export const correspondenceId = "0192b7a0-0000-7000-8000-000000000001";
export const dialogId = "0192b7a0-0000-7000-8000-0000000000d1";
export const t0 = Date.parse("2030-01-01T10:00:00.000Z");

export function at(offsetMs: number): string {
  return new Date(t0 + offsetMs).toISOString();
}

export function row(status: CorrespondenceStatus, offsetMs: number, partyUuid = "00000000-0000-0000-0000-000000000000"): StatusEntry {
  return { status, statusText: status, statusChanged: at(offsetMs), partyUuid };
}

/** A published correspondence from senderOrg to recipientOrg, with a dialog; override anything. */
export function aCorrespondence(overrides: Partial<Correspondence> = {}): Correspondence {
  return {
    id: correspondenceId,
    resourceId: "test-resource",
    sender: senderUrn,
    recipient: recipientUrn,
    sendersReference: "ref-1",
    messageSender: "",
    content: { language: "nb", messageTitle: "Title", messageSummary: "Summary", messageBody: "# Body" },
    attachmentIds: [],
    requestedPublishTime: at(0),
    dueDateTime: null,
    externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: dialogId }],
    propertyList: {},
    replyOptions: [],
    notification: null,
    ignoreReservation: null,
    isConfirmationNeeded: false,
    isConfidential: false,
    allowForwarding: false,
    idempotentKey: null,
    created: at(0),
    published: at(1),
    statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0), row("Published", 1)],
    fetchedHistory: [],
    altinn2CorrespondenceId: null,
    ...overrides,
  };
}

export class FakeRepository implements CorrespondenceRepository {
  private readonly documents = new Map<string, { correspondence: Correspondence; version: number }>();
  readonly replaces: Array<{ updated: Correspondence; outbox: OutboxMessage[] | undefined }> = [];
  readonly searches: CorrespondenceSearch[] = [];
  searchResult: string[] = [];
  idempotentKeys = new Map<string, string>();
  /** Runs before a replace is applied: lets a test make another writer win the race. */
  beforeReplace: (() => void) | undefined;

  constructor(...correspondences: Correspondence[]) {
    for (const correspondence of correspondences) this.put(correspondence);
  }

  put(correspondence: Correspondence): void {
    const version = (this.documents.get(correspondence.id)?.version ?? 0) + 1;
    this.documents.set(correspondence.id, { correspondence: structuredClone(correspondence), version });
  }

  current(id = correspondenceId): Correspondence {
    const found = this.documents.get(id);
    if (!found) throw new Error(`no correspondence ${id}`);
    return structuredClone(found.correspondence);
  }

  async findById(id: string): Promise<StoredCorrespondence | undefined> {
    const found = this.documents.get(id.toLowerCase());
    return found ? { correspondence: structuredClone(found.correspondence), etag: String(found.version) } : undefined;
  }

  async replace(stored: StoredCorrespondence, updated: Correspondence, outbox?: OutboxMessage[]): Promise<ReplaceResult> {
    const hook = this.beforeReplace;
    this.beforeReplace = undefined;
    hook?.();
    const found = this.documents.get(updated.id);
    if (!found || String(found.version) !== stored.etag) return { ok: false, reason: "conflict" };
    this.replaces.push({ updated: structuredClone(updated), outbox });
    this.put({ ...updated, fetchedHistory: found.correspondence.fetchedHistory });
    return { ok: true, stored: { correspondence: this.current(updated.id), etag: String(found.version + 1) } };
  }

  async recordFetched(correspondence: Correspondence, entry: StatusEntry, dedupWindowSeconds?: number): Promise<boolean> {
    const found = this.documents.get(correspondence.id);
    if (!found) throw new Error("recordFetched on a missing correspondence");
    const duplicate =
      dedupWindowSeconds !== undefined &&
      found.correspondence.fetchedHistory.some(
        (existing) =>
          existing.partyUuid === entry.partyUuid &&
          Math.abs(Date.parse(existing.statusChanged) - Date.parse(entry.statusChanged)) < dedupWindowSeconds * 1000,
      );
    if (duplicate) return false;
    found.correspondence.fetchedHistory.push(structuredClone(entry));
    return true;
  }

  async search(query: CorrespondenceSearch): Promise<string[]> {
    this.searches.push(query);
    return this.searchResult;
  }

  async findIdByIdempotentKey(idempotentKey: string): Promise<string | undefined> {
    return this.idempotentKeys.get(idempotentKey);
  }
}

export type AccessRule = (request: AccessRequest) => boolean;

/** The stub PDP's idea in one line: an organisation may act (read or write) for itself. */
export const actsForItself: AccessRule = ({ caller: who, party }) =>
  who.organisationNumber !== undefined && party === `urn:altinn:organization:identifier-no:${who.organisationNumber}`;

export class FakeAccessDecider implements AccessDecider {
  readonly requests: AccessRequest[] = [];
  constructor(private readonly rule: AccessRule = actsForItself) {}

  async decide(request: AccessRequest): Promise<AccessDecision> {
    this.requests.push(request);
    return { permitted: this.rule(request) };
  }

  async decideMany(requests: readonly AccessRequest[]): Promise<AccessDecision[]> {
    return Promise.all(requests.map((request) => this.decide(request)));
  }
}

export const callerPartyUuid = "11111111-1111-4111-8111-111111111111";

export class FakePartyRegister implements PartyRegister {
  readonly lookups: string[][] = [];
  constructor(private readonly known: Record<string, Party> = {}) {}

  async lookup(urns: readonly string[]): Promise<Map<string, Party>> {
    this.lookups.push([...urns]);
    return new Map(urns.flatMap((urn) => (this.known[urn] ? [[urn, this.known[urn]] as const] : [])));
  }

  async hasRequiredRoles(): Promise<boolean> {
    return true;
  }
}

export function organisationParty(orgNumber: string, partyUuid = callerPartyUuid): Party {
  return { partyUuid, partyId: 50_000_000, name: `Org ${orgNumber}`, type: "organization", orgNumber };
}

export class FakeDialogporten implements Pick<Dialogporten, "getDialog" | "createActivity" | "deleteDialog"> {
  readonly activities: Array<{ dialogId: string; activity: DialogActivity }> = [];
  readonly deleted: string[] = [];
  systemLabel: string | undefined = "Default";
  failWith: Error | undefined;

  async getDialog(id: string): Promise<FetchedDialog | undefined> {
    if (this.failWith) throw this.failWith;
    if (this.systemLabel === undefined) return undefined;
    return {
      etag: "1",
      dialog: {
        id,
        revision: "1",
        serviceResource: "urn:altinn:resource:test-resource",
        party: recipientUrn,
        status: "NotApplicable",
        systemLabel: this.systemLabel,
        guiActions: [],
        apiActions: [],
        attachments: [],
        activities: [],
        transmissions: [],
      },
    };
  }

  async createActivity(id: string, activity: DialogActivity): Promise<string> {
    if (this.failWith) throw this.failWith;
    if (!this.activities.some((recorded) => recorded.activity.id === activity.id)) this.activities.push({ dialogId: id, activity });
    return activity.id;
  }

  async deleteDialog(id: string): Promise<DeleteDialogResult> {
    if (this.failWith) throw this.failWith;
    this.deleted.push(id);
    return { kind: "deleted" };
  }
}

/** The collaborators every use case takes: the sender and recipient organisations are known to Register. */
export function collaborators(repository: FakeRepository, rule: AccessRule = actsForItself) {
  const accessDecider = new FakeAccessDecider(rule);
  const partyRegister = new FakePartyRegister({
    [senderUrn]: organisationParty(senderOrg, "22222222-2222-4222-8222-222222222222"),
    [recipientUrn]: organisationParty(recipientOrg),
  });
  return {
    repository,
    accessDecider,
    partyRegister,
    access: new CorrespondenceAccessCheck(accessDecider),
    callerParty: new CallerPartyResolver(partyRegister),
  };
}

export function caller(fields: Partial<Caller>): Caller {
  return {
    scheme: "altinn",
    issuer: "https://altinn.example/",
    scopes: [],
    organisationNumber: undefined,
    consumerOrganisationNumber: undefined,
    orgCode: undefined,
    person: undefined,
    userId: undefined,
    partyId: undefined,
    authenticationLevel: undefined,
    systemUser: undefined,
    dialog: undefined,
    tokenId: undefined,
    urnClaims: {},
    ...fields,
  };
}

export const senderCaller = caller({ organisationNumber: senderOrg, scopes: ["altinn:correspondence.write"] });
export const recipientCaller = caller({ organisationNumber: recipientOrg, scopes: ["altinn:correspondence.read"] });
export const strangerCaller = caller({ organisationNumber: "310000002", scopes: ["altinn:correspondence.read"] });
