/**
 * `GET /correspondence/{id}/details` (api.md §4.5). Like the overview, with these differences: a sender still gets a
 * purged correspondence; a recipient call is refused only when the current status is not visible to recipients, and
 * always records a Fetched row (no de-duplication, no inline publish). The status history merges the Fetched rows and,
 * for callers without recipient access, hides the purged and archived rows. The system label comes from the dialog.
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import type { CorrespondenceStatus, StatusEntry } from "../../domain/correspondence/status.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { Dialogporten, SystemLabel } from "../../domain/ports/dialogporten.js";
import type { CallerPartyResolver } from "../correspondence-access/caller-party.js";
import { roleOf, type CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { isVisibleToRecipient, mergedHistory, statusRow } from "../correspondence-access/correspondence-state.js";
import { readerView, type ReaderView } from "../correspondence-access/reader-content.js";
import { silentLog, type SideEffectLog } from "../correspondence-access/side-effect-log.js";

const hiddenWithoutRecipientAccess: ReadonlySet<CorrespondenceStatus> = new Set([
  "PurgedByRecipient",
  "PurgedByAltinn",
  "Archived",
]);

const systemLabels: readonly SystemLabel[] = ["Default", "Bin", "Archive", "MarkedAsUnopened", "Sent"];

export interface CorrespondenceDetails extends ReaderView {
  /** Oldest first, Fetched rows included. */
  statusHistory: StatusEntry[];
  systemLabel: SystemLabel;
}

export interface GetCorrespondenceDetailsDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  dialogporten: Pick<Dialogporten, "getDialog">;
  now?: () => Date;
}

export class GetCorrespondenceDetails {
  private readonly now: () => Date;

  constructor(private readonly dependencies: GetCorrespondenceDetailsDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  async execute(
    input: { caller: Caller; correspondenceId: string },
    log: SideEffectLog = silentLog,
  ): Promise<Outcome<CorrespondenceDetails>> {
    const { repository, access, callerParty } = this.dependencies;
    const stored = await repository.findById(input.correspondenceId);
    if (!stored) return { ok: false, error: applicationError(1001) };

    const decided = await access.accessTo(input.caller, stored.correspondence);
    const role = roleOf(input.caller, decided);
    if (!role) return { ok: false, error: applicationError(4001) };
    if (role === "recipient" && !isVisibleToRecipient(stored.correspondence)) {
      return { ok: false, error: applicationError(1001) };
    }

    const party = await callerParty.resolve(input.caller);
    if (!party.ok) return party;

    let correspondence = stored.correspondence;
    if (role === "recipient") {
      const fetched = statusRow("Fetched", party.party.partyUuid, this.now());
      await repository.recordFetched(correspondence, fetched);
      correspondence = { ...correspondence, fetchedHistory: [...correspondence.fetchedHistory, fetched] };
    }

    const history = mergedHistory(correspondence).filter(
      (entry) => decided.asRecipient || !hiddenWithoutRecipientAccess.has(entry.status),
    );
    return {
      ok: true,
      value: {
        ...readerView(correspondence, role),
        statusHistory: history,
        systemLabel: await this.systemLabelOf(correspondence, log),
      },
    };
  }

  /** dialogporten.md §7: the dialog's label, case-insensitively; no dialog, a failure or an unknown label → Default. */
  private async systemLabelOf(correspondence: Correspondence, log: SideEffectLog): Promise<SystemLabel> {
    const dialogId = externalReference(correspondence, "DialogportenDialogId");
    if (!dialogId) return "Default";
    try {
      const label = (await this.dependencies.dialogporten.getDialog(dialogId))?.dialog.systemLabel;
      return systemLabels.find((known) => known.toLowerCase() === String(label ?? "").toLowerCase()) ?? "Default";
    } catch (error) {
      log.warn(`System label of dialog ${dialogId} could not be read: ${String(error)}`);
      return "Default";
    }
  }
}
