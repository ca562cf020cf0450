/**
 * Creates the Dialogporten dialogue of a correspondence and stores its id as the external reference
 * `DialogportenDialogId` (dialogporten.md §2, background-jobs.md CreateDialogportenDialog). Safe to run any number
 * of times, also concurrently with the publish step: the dialogue id is deterministic (a second create is "already
 * exists", which the port reports as success) and the reference is stored with an ETag-conditioned write that
 * re-reads on conflict and stops when someone else stored it first.
 *
 * A purge can land between the read and the write that stores the reference (or after a crash between creating the
 * dialogue and storing it). That purge saw no dialogue, so it wrote no soft delete, and the new dialogue would stay
 * live. The write then conflicts (or the redelivery reads the purged version): finding the correspondence purged
 * without a reference, the step looks its dialogue up under the deterministic id and, when it exists, stores the
 * reference together with the soft delete the purge would have written — the same outbox message.
 */
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository, StoredCorrespondence } from "../../domain/correspondence/correspondence-repository.js";
import { hasEverBeen, purgedStatuses } from "../../domain/correspondence/status.js";
import { dialogForCorrespondence, dialogIdFor } from "../../domain/dialogporten/correspondence-dialog.js";
import type { Dialogporten } from "../../domain/ports/dialogporten.js";
import { dialogDeletionMessage, purgeOf, type Purge } from "../purge-correspondence/dialog-deletion.js";

export type CreateDialogOutcome =
  | "created"
  | "exists"
  | "notFound"
  /** Failed, or purged before any dialogue was made: it gets none. */
  | "notApplicable"
  /** Purged while its dialogue was being created: the dialogue's soft delete is on its way through the outbox. */
  | "deletedAfterPurge";

/** Re-reads after a conflicting write before the step gives up and lets the message be retried. */
const conflictAttempts = 5;

export function isPurged(correspondence: Correspondence): boolean {
  return correspondence.statusHistory.some((entry) => purgedStatuses.has(entry.status));
}

function withDialogReference(correspondence: Correspondence, dialogId: string): Correspondence {
  return {
    ...correspondence,
    externalReferences: [...correspondence.externalReferences, { referenceType: "DialogportenDialogId", referenceValue: dialogId }],
  };
}

export class CreateCorrespondenceDialog {
  constructor(
    private readonly repository: CorrespondenceRepository,
    private readonly dialogporten: Pick<Dialogporten, "createDialog" | "getDialog">,
    private readonly publicBaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(correspondenceId: string): Promise<CreateDialogOutcome> {
    for (let attempt = 0; attempt < conflictAttempts; attempt++) {
      const stored = await this.repository.findById(correspondenceId);
      if (!stored) return "notFound";
      const { correspondence } = stored;
      if (externalReference(correspondence, "DialogportenDialogId") !== undefined) return "exists";
      // A failed correspondence gets no dialogue (a failed publish purges the one it had).
      if (hasEverBeen(correspondence.statusHistory, "Failed")) return "notApplicable";
      const purge = purgeOf(correspondence);
      if (purge) {
        const outcome = await this.deleteDialogMissedByPurge(stored, purge);
        if (outcome) return outcome;
        continue;
      }
      const dialogId = await this.dialogporten.createDialog(dialogForCorrespondence(correspondence, this.publicBaseUrl, this.clock()));
      // A conflict means someone else wrote first — perhaps a purge, which the next round sees.
      if ((await this.repository.replace(stored, withDialogReference(correspondence, dialogId))).ok) return "created";
    }
    throw new Error(`Correspondence ${correspondenceId} kept changing while its dialogue reference was stored`);
  }

  /**
   * The correspondence is purged and names no dialogue. If its dialogue exists after all (created while the purge
   * landed), store the reference with the soft delete; undefined when that write lost a race (the caller re-reads).
   */
  private async deleteDialogMissedByPurge(stored: StoredCorrespondence, purge: Purge): Promise<CreateDialogOutcome | undefined> {
    const { correspondence } = stored;
    const dialogId = dialogIdFor(correspondence, this.clock());
    if (!(await this.dialogporten.getDialog(dialogId))) return "notApplicable";
    const deletion = dialogDeletionMessage(correspondence, dialogId, purge);
    const result = await this.repository.replace(stored, withDialogReference(correspondence, dialogId), [deletion]);
    return result.ok ? "deletedAfterPurge" : undefined;
  }
}
