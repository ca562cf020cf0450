/**
 * POST /correspondence (api.md §4.1): the business checks in the spec's validation order (first failure wins), then
 * ONE write that records the request with every recipient's correspondence id fixed, then the expansion into one
 * correspondence per recipient and the messages that create its dialogue and publish it. Once the request is
 * recorded the answer is final: if the expansion is interrupted, the sweep finishes it with the same ids.
 */
import { randomUUID } from "node:crypto";
import type { ApplicationError, Outcome } from "../../domain/application-error.js";
import { applicationError } from "../../domain/error-catalogue.js";
import { organizationNumberOf, nationalIdentityNumberOf, organizationUrn } from "../../domain/identifiers.js";
import type { AccessDecider } from "../../domain/ports/authorization.js";
import { ContactReservationUnavailable, type ContactReservationRegistry } from "../../domain/ports/contact-reservation.js";
import type { Dialogporten } from "../../domain/ports/dialogporten.js";
import { confidentialRecipientRoles, type Party, type PartyRegister } from "../../domain/ports/party-register.js";
import type { ResourceRegistry, ServiceResource } from "../../domain/ports/resource-registry.js";
import { CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type { MessageSender } from "../relay-outbox/outbox-ports.js";
import type { RelayLog } from "../relay-outbox/relay-outbox.js";
import {
  checkContent,
  checkDates,
  checkExternalReferences,
  checkMessageSender,
  checkReplyOptions,
  maximumAttachmentsPerCorrespondence,
  transmissionDialogId,
  type TextFormatRules,
} from "./content-rules.js";
import type { ExpandInitializeRequest } from "./expand-initialize-request.js";
import type {
  InitializeCorrespondencesCommand,
  InitializeCorrespondencesResult,
} from "./initialize-command.js";
import {
  correspondenceIdFor,
  initialStatusOf,
  recipientNamePlaceholder,
  type InitializeRequest,
  type PlannedRecipient,
} from "./initialize-request.js";
import type { InitializeRequestStore } from "./initialize-request-store.js";

export interface InitializeCorrespondencesDependencies {
  requests: InitializeRequestStore;
  expansion: ExpandInitializeRequest;
  /** The sender of the fast path (the sweep has its own): a failure here leaves the work to the sweep. */
  fastPathSender: MessageSender;
  resourceRegistry: ResourceRegistry;
  accessDecider: AccessDecider;
  partyRegister: PartyRegister;
  contactReservations: ContactReservationRegistry;
  dialogporten: Pick<Dialogporten, "getDialog">;
  textFormat: TextFormatRules;
  clock?: () => Date;
  newRequestId?: () => string;
  log?: RelayLog;
}

type Step<T = undefined> = Outcome<T>;

const ok = <T>(value: T): Step<T> => ({ ok: true, value });
const fail = (error: ApplicationError): { ok: false; error: ApplicationError } => ({ ok: false, error });

export class InitializeCorrespondences {
  private readonly callerParty: CallerPartyResolver;
  private readonly clock: () => Date;
  private readonly newRequestId: () => string;
  private readonly log: RelayLog;

  constructor(private readonly deps: InitializeCorrespondencesDependencies) {
    this.callerParty = new CallerPartyResolver(deps.partyRegister);
    this.clock = deps.clock ?? (() => new Date());
    this.newRequestId = deps.newRequestId ?? randomUUID;
    this.log = deps.log ?? { warn: (message, error) => console.warn(message, error) };
  }

  async execute(command: InitializeCorrespondencesCommand): Promise<Outcome<InitializeCorrespondencesResult>> {
    const planned = await this.validate(command);
    if (!planned.ok) return planned;
    const request = planned.value;
    // The create of the request record is what enforces the idempotentKey: of two concurrent requests one wins.
    if ((await this.deps.requests.record(request)) === "duplicate") return fail(applicationError(1034));
    await this.expand(request);
    return ok({
      correspondences: request.recipients.map((recipient) => ({
        correspondenceId: recipient.correspondenceId,
        status: initialStatusOf(request, recipient),
        recipient: recipient.recipient,
      })),
      attachmentIds: [],
    });
  }

  /** The fast path of the expansion. Any failure is left to the sweep: the request is recorded, the answer final. */
  private async expand(request: InitializeRequest): Promise<void> {
    try {
      await this.deps.expansion.writeCorrespondences(request);
      await this.deps.expansion.sendMessagesAndComplete(request, this.deps.fastPathSender);
    } catch (error) {
      this.log.warn(`Initialize request ${request.requestId} left for the sweep to finish`, error);
    }
  }

  private async validate(command: InitializeCorrespondencesCommand): Promise<Step<InitializeRequest>> {
    const { correspondence, recipients, idempotentKey, caller } = command;
    if (idempotentKey !== null && recipients.length > 1) return fail(applicationError(1047));
    if (idempotentKey !== null && (await this.deps.requests.isIdempotentKeyUsed(idempotentKey))) {
      return fail(applicationError(1034));
    }

    const resource = await this.deps.resourceRegistry.get(correspondence.resourceId);
    if (!resource) return fail(applicationError(1036));
    const sender = organizationUrn(resource.ownerOrgNumber);
    const access = await this.deps.accessDecider.decide({
      caller,
      resourceId: correspondence.resourceId,
      party: sender,
      action: "write",
    });
    if (!access.permitted) return fail(applicationError(4001));

    // A malformed dialogue id is 1048, answered later in the order; until then it just is not a transmission.
    const dialogReference = transmissionDialogId(correspondence.externalReferences);
    const isTransmission = dialogReference.ok && dialogReference.dialogId !== undefined;
    // AltinnApp resources are allowed for transmissions only (4010), and are not checked for confidentiality.
    const isAppTransmission = isTransmission && resource.resourceType === "AltinnApp";
    if (resource.resourceType !== "CorrespondenceService" && !isAppTransmission) return fail(applicationError(4010));

    const callerParty = await this.callerParty.resolve(caller);
    if (!callerParty.ok) return callerParty;

    if (!isAppTransmission) {
      if (resource.isConfidential && !correspondence.isConfidential) return fail(applicationError(1060));
      if (!resource.isConfidential && correspondence.isConfidential) return fail(applicationError(1061));
    }
    if (correspondence.allowForwarding && resource.minimumAuthenticationLevel > 0) return fail(applicationError(1068));
    if (new Set(recipients).size !== recipients.length) return fail(applicationError(1006));

    const parties = await this.recipientParties(recipients, resource, correspondence.isConfidential);
    if (!parties.ok) return parties;
    if (correspondence.isConfirmationNeeded && correspondence.dueDateTime === null) return fail(applicationError(1016));

    const reserved = await this.reservedRecipients(recipients, correspondence.ignoreReservation);
    if (!reserved.ok) return reserved;

    const now = this.clock();
    const requestedPublishTime = correspondence.requestedPublishTime ?? now.toISOString();
    const contentChecks = [
      () => checkDates(correspondence.dueDateTime, requestedPublishTime, now),
      () => checkContent(correspondence.content, this.deps.textFormat),
      () => checkMessageSender(correspondence.messageSender, this.deps.textFormat),
      () => checkExternalReferences(correspondence.externalReferences),
    ];
    for (const check of contentChecks) {
      const error = check();
      if (error) return fail(error);
    }
    if (!dialogReference.ok) return dialogReference;
    if (dialogReference.dialogId !== undefined) {
      const transmission = await this.checkTransmission(command, dialogReference.dialogId, resource);
      if (!transmission.ok) return transmission;
    }

    const attachments = this.checkAttachments(command);
    if (!attachments.ok) return attachments;
    const replyOptions = checkReplyOptions(correspondence.replyOptions);
    if (replyOptions) return fail(replyOptions);

    const names = this.recipientNames(command, parties.value);
    if (!names.ok) return names;

    const requestId = idempotentKey ?? this.newRequestId();
    const plannedRecipients: PlannedRecipient[] = recipients.map((recipient) => ({
      recipient,
      correspondenceId: correspondenceIdFor(requestId, recipient),
      recipientName: names.value.get(recipient) ?? null,
      // A sole reserved recipient was refused above; with several, a reserved one starts as Reserved.
      reserved: reserved.value.has(recipient),
    }));
    return ok({
      requestId,
      idempotentKey,
      recordedAt: now.toISOString(),
      callerPartyUuid: callerParty.party.partyUuid,
      attachmentsReady: true,
      recipients: plannedRecipients,
      template: {
        resourceId: correspondence.resourceId,
        sender,
        sendersReference: correspondence.sendersReference,
        messageSender: correspondence.messageSender,
        content: {
          language: correspondence.content.language.toLowerCase(),
          messageTitle: correspondence.content.messageTitle,
          messageSummary: correspondence.content.messageSummary,
          messageBody: correspondence.content.messageBody,
        },
        attachmentIds: [],
        requestedPublishTime,
        dueDateTime: correspondence.dueDateTime,
        externalReferences: correspondence.externalReferences,
        propertyList: correspondence.propertyList,
        replyOptions: correspondence.replyOptions,
        notification: correspondence.notification ? { ...correspondence.notification } : null,
        ignoreReservation: correspondence.ignoreReservation,
        isConfirmationNeeded: correspondence.isConfirmationNeeded,
        isConfidential: correspondence.isConfidential,
        allowForwarding: correspondence.allowForwarding,
        idempotentKey,
        altinn2CorrespondenceId: null,
      },
    });
  }

  /** 404/1029 for recipients unknown to Register; 1044 for confidential organisation recipients without the roles. */
  private async recipientParties(
    recipients: readonly string[],
    resource: ServiceResource,
    isConfidential: boolean,
  ): Promise<Step<Map<string, Party>>> {
    const parties = await this.deps.partyRegister.lookup(recipients);
    const unknown = recipients.filter((recipient) => !parties.has(recipient));
    if (unknown.length > 0) return fail(applicationError(1029, { "comma-separated ids": unknown.join(", ") }));
    if (resource.isConfidential && isConfidential) {
      const lacking: string[] = [];
      for (const recipient of recipients) {
        const orgNumber = organizationNumberOf(recipient);
        if (orgNumber && !(await this.deps.partyRegister.hasRequiredRoles(orgNumber, confidentialRecipientRoles))) {
          lacking.push(recipient);
        }
      }
      if (lacking.length > 0) return fail(applicationError(1044, { "comma-separated": lacking.join(", ") }));
    }
    return ok(parties);
  }

  /** KRR (lifecycle.md §4.4): a sole reserved person is refused (422/1030); KRR down is 500/1032 unless ignored. */
  private async reservedRecipients(
    recipients: readonly string[],
    ignoreReservation: boolean | null,
  ): Promise<Step<Set<string>>> {
    if (ignoreReservation === true) return ok(new Set());
    const persons = new Map<string, string>();
    for (const recipient of recipients) {
      const nationalId = recipient.startsWith("urn:altinn:person:identifier-no:") ? nationalIdentityNumberOf(recipient) : undefined;
      if (nationalId) persons.set(nationalId, recipient);
    }
    if (persons.size === 0) return ok(new Set());
    let reservedIds: Set<string>;
    try {
      reservedIds = await this.deps.contactReservations.reservedAmong([...persons.keys()]);
    } catch (error) {
      if (error instanceof ContactReservationUnavailable) return fail(applicationError(1032));
      throw error;
    }
    const reserved = new Set([...reservedIds].map((nationalId) => persons.get(nationalId) ?? nationalId));
    const [only] = recipients;
    if (recipients.length === 1 && only !== undefined && reserved.has(only)) {
      return fail(applicationError(1030, { recipient: only }));
    }
    return ok(reserved);
  }

  /** 1045, 1051, 404/1054, 1050, 1046: a correspondence sent into an existing dialogue as a transmission. */
  private async checkTransmission(
    command: InitializeCorrespondencesCommand,
    dialogId: string,
    resource: ServiceResource,
  ): Promise<Step<undefined>> {
    const { correspondence, recipients } = command;
    if (recipients.length !== 1) return fail(applicationError(1045));
    if (correspondence.replyOptions.length > 0 || correspondence.isConfirmationNeeded) return fail(applicationError(1051));
    const fetched = await this.deps.dialogporten.getDialog(dialogId);
    if (!fetched) return fail(applicationError(1054));
    const dialogResourceId = fetched.dialog.serviceResource.replace(/^urn:altinn:resource:/, "");
    const dialogResource =
      dialogResourceId === resource.resourceId ? resource : await this.deps.resourceRegistry.get(dialogResourceId);
    if (dialogResource?.ownerOrgNumber !== resource.ownerOrgNumber) return fail(applicationError(1050));
    if (fetched.dialog.party.toLowerCase() !== recipients[0]) return fail(applicationError(1046));
    return ok(undefined);
  }

  /**
   * Existing attachments (1017, 1007), the total count (1038) and new attachment files (1005). Shared attachments
   * arrive with a later feature, so an existing attachment id is never found; the JSON variant carries no files.
   */
  private checkAttachments(command: InitializeCorrespondencesCommand): Step<undefined> {
    const { existingAttachments, correspondence } = command;
    if (existingAttachments.length > 0) return fail(applicationError(1007));
    const total = existingAttachments.length + correspondence.content.attachments.length;
    if (total > maximumAttachmentsPerCorrespondence) return fail(applicationError(1038));
    if (correspondence.content.attachments.length > 0) return fail(applicationError(1005));
    return ok(undefined);
  }

  /** `{{recipientName}}` → each recipient's display name from Register; a recipient without one is 404/1029. */
  private recipientNames(command: InitializeCorrespondencesCommand, parties: Map<string, Party>): Step<Map<string, string>> {
    const { messageTitle, messageSummary, messageBody } = command.correspondence.content;
    const names = new Map<string, string>();
    if (![messageTitle, messageSummary, messageBody].some((text) => text.includes(recipientNamePlaceholder))) {
      return ok(names);
    }
    const missing: string[] = [];
    for (const recipient of command.recipients) {
      const name = parties.get(recipient)?.name;
      if (name?.trim()) names.set(recipient, name);
      else missing.push(recipient);
    }
    if (missing.length > 0) return fail(applicationError(1029, { "comma-separated ids": missing.join(", ") }));
    return ok(names);
  }
}
