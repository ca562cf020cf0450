/**
 * Publishing (lifecycle.md T3, and T3b inline from the recipient's overview). Runs from the scheduled publish message
 * at max(now, requestedPublishTime). Idempotent: state is checked before acting and every write is ETag-conditioned,
 * so a message delivered twice, the inline publish racing the queue, or two instances at once publish once and
 * create one dialogue.
 *
 * Success adds ReadyForPublish (only if that is not the current status) and Published with the same timestamp and
 * sets `published`. A failure reason (sender/recipient unknown to Register, no dialogue, KRR reservation, missing
 * roles for a confidential correspondence) adds Failed with the spec's text and hard-deletes the dialogue.
 */
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { currentStatus, hasEverBeen, unknownPartyUuid, type StatusEntry } from "../../domain/correspondence/status.js";
import { dialogIdFor } from "../../domain/dialogporten/correspondence-dialog.js";
import {
  transmissionDialogIdOf,
  transmissionForCorrespondence,
} from "../../domain/dialogporten/correspondence-transmission.js";
import type { ContactReservationRegistry } from "../../domain/ports/contact-reservation.js";
import type { Dialogporten } from "../../domain/ports/dialogporten.js";
import type { PartyRegister } from "../../domain/ports/party-register.js";
import type { MessageSender } from "../relay-outbox/outbox-ports.js";
import type { RelayLog } from "../relay-outbox/relay-outbox.js";
import { isPurged, type CreateCorrespondenceDialog } from "./create-correspondence-dialog.js";
import { checkPublishable } from "./publish-failure.js";
import { republishMessage } from "./publish-messages.js";

export type PublishOutcome =
  | "published"
  | "failed"
  /** Already Published or Failed, or purged: nothing to do. */
  | "alreadyDone"
  | "notFound"
  /** Its time has not come (an early message is re-sent for that time; the inline publish simply waits). */
  | "notDue"
  /** Attachments are still being uploaded or scanned: the last one to be published schedules the publish. */
  | "waitingForAttachments"
  /** Inline publish only: there is no dialogue yet, so the queued publish will do it. */
  | "noDialog";

export interface PublishOptions {
  /**
   * The last attempt of the publish message (docs/messaging.md): if the dialogue still cannot be created, the
   * correspondence fails ("Dialogporten dialog not created …") rather than stay unpublished once the message is parked.
   */
  finalAttempt: boolean;
}

export interface PublishCorrespondenceDependencies {
  repository: CorrespondenceRepository;
  createDialog: CreateCorrespondenceDialog;
  dialogporten: Pick<Dialogporten, "purgeDialog" | "createTransmission">;
  /** This API's public base URL, for the transmission's content reference. */
  publicBaseUrl: string;
  partyRegister: PartyRegister;
  contactReservations: ContactReservationRegistry;
  /** Re-sends a publish message that arrived before its time. */
  sender: MessageSender;
  clock?: () => Date;
  log?: RelayLog;
}

/** A publish message may arrive a little before its scheduled time (clock skew between broker and us). */
const earlyArrivalToleranceMs = 2_000;
const conflictAttempts = 5;

export class PublishCorrespondence {
  private readonly clock: () => Date;
  private readonly log: RelayLog;

  constructor(private readonly deps: PublishCorrespondenceDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.log = deps.log ?? { warn: (message, error) => console.warn(message, error) };
  }

  /** The publish step of the queued message. Throws on transient failures, so the message is retried. */
  async publish(correspondenceId: string, options: PublishOptions = { finalAttempt: false }): Promise<PublishOutcome> {
    for (let attempt = 0; attempt < conflictAttempts; attempt++) {
      const stored = await this.deps.repository.findById(correspondenceId);
      if (!stored) return "notFound";
      const { correspondence } = stored;
      const settled = await this.settledOutcome(correspondence);
      if (settled) return settled;
      if (Date.parse(correspondence.requestedPublishTime) > this.clock().getTime() + earlyArrivalToleranceMs) {
        await this.deps.sender.send([republishMessage(correspondence.id, correspondence.requestedPublishTime)]);
        return "notDue";
      }
      if (externalReference(correspondence, "DialogportenDialogId") === undefined) {
        const created = await this.createDialog(correspondence.id, options);
        // With a dialogue stored, start over from the version that has it; without one, publishing fails below.
        if (created) continue;
      }
      if (await this.createTransmissionIfDue(stored.etag, correspondence)) continue;
      const outcome = await this.publishOrFail(stored.etag, correspondence);
      if (outcome) return outcome;
    }
    throw new Error(`Correspondence ${correspondenceId} kept changing while it was being published`);
  }

  /**
   * T3b, the recipient's overview: publish now if the publish time has passed, it is neither Published nor Failed,
   * and its dialogue exists. Never throws for a transient failure — the queued publish is still on its way.
   */
  async publishIfDue(correspondenceId: string): Promise<PublishOutcome> {
    const stored = await this.deps.repository.findById(correspondenceId);
    if (!stored) return "notFound";
    const { correspondence } = stored;
    const settled = await this.settledOutcome(correspondence);
    if (settled) return settled;
    if (Date.parse(correspondence.requestedPublishTime) > this.clock().getTime()) return "notDue";
    if (externalReference(correspondence, "DialogportenDialogId") === undefined) return "noDialog";
    try {
      return await this.publish(correspondenceId);
    } catch (error) {
      this.log.warn(`Inline publish of correspondence ${correspondenceId} failed; the queued publish will retry`, error);
      return "notDue";
    }
  }

  /** Published, Failed or purged means done; a Failed one whose dialogue purge was interrupted finishes that first. */
  private async settledOutcome(correspondence: Correspondence): Promise<PublishOutcome | undefined> {
    const history = correspondence.statusHistory;
    if (hasEverBeen(history, "Failed")) {
      await this.purgeDialog(correspondence.id);
      return "alreadyDone";
    }
    if (hasEverBeen(history, "Published") || isPurged(correspondence)) return "alreadyDone";
    if (currentStatus(history).status === "Initialized") return "waitingForAttachments";
    return undefined;
  }

  /** True when a dialogue reference is now stored; false when it could not be made on the final attempt. */
  private async createDialog(correspondenceId: string, options: PublishOptions): Promise<boolean> {
    try {
      await this.deps.createDialog.execute(correspondenceId);
      return true;
    } catch (error) {
      if (!options.finalAttempt) throw error;
      this.log.warn(`Dialogue of correspondence ${correspondenceId} could not be created on the last attempt`, error);
      return false;
    }
  }

  /**
   * A correspondence sent into an existing dialogue is posted to it as a transmission when it is published
   * (dialogporten.md §3), and the transmission id stored as `DialogportenTransmissionId`. True when it wrote (or lost
   * the race to write) that reference, so the caller continues from a fresh read.
   */
  private async createTransmissionIfDue(etag: string, correspondence: Correspondence): Promise<boolean> {
    const dialogId = transmissionDialogIdOf(correspondence, this.clock());
    if (dialogId === undefined || externalReference(correspondence, "DialogportenTransmissionId") !== undefined) return false;
    const transmission = transmissionForCorrespondence(correspondence, this.deps.publicBaseUrl);
    const transmissionId = await this.deps.dialogporten.createTransmission(dialogId, transmission);
    await this.deps.repository.replace(
      { correspondence, etag },
      {
        ...correspondence,
        externalReferences: [
          ...correspondence.externalReferences,
          { referenceType: "DialogportenTransmissionId", referenceValue: transmissionId },
        ],
      },
    );
    return true;
  }

  /** Writes Published or Failed; undefined when the write lost a race (the caller re-reads). */
  private async publishOrFail(etag: string, correspondence: Correspondence): Promise<PublishOutcome | undefined> {
    const checks = await checkPublishable(correspondence, this.deps.partyRegister, this.deps.contactReservations);
    const now = this.clock().toISOString();
    const partyUuid = checks.senderParty?.partyUuid ?? unknownPartyUuid;
    const row = (status: StatusEntry["status"], statusText: string = status): StatusEntry => ({
      status,
      statusText,
      statusChanged: now,
      partyUuid,
    });
    const stored = { correspondence, etag };
    if (checks.failure !== undefined) {
      const failed = { ...correspondence, statusHistory: [...correspondence.statusHistory, row("Failed", checks.failure)] };
      const result = await this.deps.repository.replace(stored, failed);
      if (!result.ok) return undefined;
      await this.purgeDialog(correspondence.id);
      return "failed";
    }
    const rows = currentStatus(correspondence.statusHistory).status === "ReadyForPublish" ? [] : [row("ReadyForPublish")];
    const published: Correspondence = {
      ...correspondence,
      published: now,
      statusHistory: [...correspondence.statusHistory, ...rows, row("Published")],
    };
    const result = await this.deps.repository.replace(stored, published);
    return result.ok ? "published" : undefined;
  }

  /**
   * Hard-deletes the dialogue of a failed correspondence and drops the reference (dialogporten.md §6). Only our own
   * dialogue: a transmission's reference names the sender's existing dialogue, which is not ours to delete.
   */
  private async purgeDialog(correspondenceId: string): Promise<void> {
    for (let attempt = 0; attempt < conflictAttempts; attempt++) {
      const stored = await this.deps.repository.findById(correspondenceId);
      const dialogId = stored ? externalReference(stored.correspondence, "DialogportenDialogId") : undefined;
      if (!stored || dialogId === undefined) return;
      if (dialogId.toLowerCase() !== dialogIdFor(stored.correspondence, this.clock())) return;
      await this.deps.dialogporten.purgeDialog(dialogId);
      const updated: Correspondence = {
        ...stored.correspondence,
        externalReferences: stored.correspondence.externalReferences.filter(
          (reference) => reference.referenceType !== "DialogportenDialogId",
        ),
      };
      if ((await this.deps.repository.replace(stored, updated)).ok) return;
    }
    throw new Error(`Correspondence ${correspondenceId} kept changing while its dialogue reference was dropped`);
  }
}
