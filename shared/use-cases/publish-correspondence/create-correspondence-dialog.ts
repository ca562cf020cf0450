/**
 * Creates the Dialogporten dialogue of a correspondence and stores its id as the external reference
 * `DialogportenDialogId` (dialogporten.md §2, background-jobs.md CreateDialogportenDialog). Safe to run any number
 * of times, also concurrently with the publish step: the dialogue id is deterministic (a second create is "already
 * exists", which the port reports as success) and the reference is stored with an ETag-conditioned write that
 * re-reads on conflict and stops when someone else stored it first.
 */
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { hasEverBeen, purgedStatuses } from "../../domain/correspondence/status.js";
import { dialogForCorrespondence } from "../../domain/dialogporten/correspondence-dialog.js";
import type { Dialogporten } from "../../domain/ports/dialogporten.js";

export type CreateDialogOutcome = "created" | "exists" | "notFound" | "notApplicable";

/** Re-reads after a conflicting write before the step gives up and lets the message be retried. */
const conflictAttempts = 5;

export function isPurged(correspondence: Correspondence): boolean {
  return correspondence.statusHistory.some((entry) => purgedStatuses.has(entry.status));
}

export class CreateCorrespondenceDialog {
  constructor(
    private readonly repository: CorrespondenceRepository,
    private readonly dialogporten: Pick<Dialogporten, "createDialog">,
    private readonly publicBaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(correspondenceId: string): Promise<CreateDialogOutcome> {
    for (let attempt = 0; attempt < conflictAttempts; attempt++) {
      const stored = await this.repository.findById(correspondenceId);
      if (!stored) return "notFound";
      const { correspondence } = stored;
      if (externalReference(correspondence, "DialogportenDialogId") !== undefined) return "exists";
      // A failed or purged correspondence gets no dialogue (a failed publish purges the one it had).
      if (isPurged(correspondence) || hasEverBeen(correspondence.statusHistory, "Failed")) return "notApplicable";
      const dialogId = await this.dialogporten.createDialog(dialogForCorrespondence(correspondence, this.publicBaseUrl, this.clock()));
      const updated: Correspondence = {
        ...correspondence,
        externalReferences: [...correspondence.externalReferences, { referenceType: "DialogportenDialogId", referenceValue: dialogId }],
      };
      const result = await this.repository.replace(stored, updated);
      if (result.ok) return "created";
    }
    throw new Error(`Correspondence ${correspondenceId} kept changing while its dialogue reference was stored`);
  }
}
