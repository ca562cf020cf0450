/**
 * `GET /correspondence/{id}/content` (api.md §4.6, lifecycle.md T4/T5): the message body as markdown, for the
 * recipient (Dialogporten and Arbeidsflate embed it). Checks: 404/1001 → no recipient access 401/4001 → not visible
 * to recipients (incl. purged) 404/1001 → caller party 4006/4002. Side effects: a Fetched row (de-duplicated within
 * 15 s, as the overview), and when the correspondence has never been Read: a `Read` row (ETag-conditioned; no
 * "fetched first" requirement) and, once that is stored, the CorrespondenceOpened activity on the dialog under a
 * deterministic id, so a retry never adds a second one. (The `correspondencereceiverread` event comes later.)
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { DialogActivity, Dialogporten } from "../../domain/ports/dialogporten.js";
import type { Party } from "../../domain/ports/party-register.js";
import { externalUrnOf, type CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type { CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { hasEverHadStatus, statusRow, withStatus } from "../correspondence-access/correspondence-state.js";
import { activityIdFor } from "../correspondence-access/dialog-activity-ids.js";
import { changeCorrespondence } from "../correspondence-access/guarded-change.js";
import { RecipientCallGuards } from "../correspondence-access/recipient-guards.js";
import { silentLog, type SideEffectLog } from "../correspondence-access/side-effect-log.js";

export const contentFetchedDedupSeconds = 15;

export interface GetCorrespondenceContentDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  dialogporten: Pick<Dialogporten, "createActivity">;
  now?: () => Date;
}

export class GetCorrespondenceContent {
  private readonly now: () => Date;

  constructor(private readonly dependencies: GetCorrespondenceContentDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  /** The message body (markdown). */
  async execute(
    input: { caller: Caller; correspondenceId: string },
    log: SideEffectLog = silentLog,
  ): Promise<Outcome<string>> {
    const { repository, access, callerParty } = this.dependencies;
    const stored = await repository.findById(input.correspondenceId);
    if (!stored) return { ok: false, error: applicationError(1001) };

    const guards = new RecipientCallGuards(input.caller, access, callerParty);
    const refused = await guards.accessAndVisibility(stored.correspondence);
    if (refused) return { ok: false, error: refused };
    const party = await guards.callerPartyOrError();
    if (!party.ok) return party;

    const { correspondence } = stored;
    await repository.recordFetched(
      correspondence,
      statusRow("Fetched", party.party.partyUuid, this.now()),
      contentFetchedDedupSeconds,
    );

    if (!hasEverHadStatus(correspondence, "Read")) {
      const read = await changeCorrespondence(repository, correspondence.id, async (latest) => {
        if (hasEverHadStatus(latest.correspondence, "Read")) {
          return { ok: true, value: { updated: undefined, result: false } };
        }
        const updated = withStatus(latest.correspondence, statusRow("Read", party.party.partyUuid, this.now()));
        return { ok: true, value: { updated, result: true } };
      });
      const storedRead = read.ok && read.value.result;
      if (storedRead) await this.addOpenedActivity(read.value.stored.correspondence, party.party, log);
    }
    return { ok: true, value: correspondence.content.messageBody };
  }

  /**
   * After the Read row is stored: a Dialogporten outage must not take the content away from the reader, so a failure
   * is logged; the deterministic id makes a later attempt for the same correspondence land as the same activity.
   */
  private async addOpenedActivity(correspondence: Correspondence, reader: Party, log: SideEffectLog): Promise<void> {
    const dialogId = externalReference(correspondence, "DialogportenDialogId");
    if (!dialogId) return;
    const transmissionId = externalReference(correspondence, "DialogportenTransmissionId");
    const activity: DialogActivity = {
      id: activityIdFor(correspondence, "CorrespondenceOpened"),
      createdAt: this.now().toISOString(),
      type: transmissionId ? "TransmissionOpened" : "CorrespondenceOpened",
      ...(transmissionId ? { transmissionId } : {}),
      performedBy: { actorType: "PartyRepresentative", actorId: externalUrnOf(reader) ?? correspondence.recipient },
      description: [],
    };
    try {
      await this.dependencies.dialogporten.createActivity(dialogId, activity, { silent: true });
    } catch (error) {
      log.warn(`Opened activity of correspondence ${correspondence.id} not added to dialog ${dialogId}: ${String(error)}`);
    }
  }
}
