/**
 * `DELETE /correspondence/{id}/purge` (api.md §4.9, lifecycle.md T11/T12, §4.3). Checks: 404/1001 → a Dialogporten
 * transmission 400/1043 → neither access 401/4001 → the rules of the role it acts in:
 * - sender: already purged 1014; current status not Initialized/ReadyForPublish/Failed 1013;
 * - recipient: already purged 1014; not visible to recipients 404/1001; confirmation needed but never Confirmed 1026;
 * → caller party 4006/4002. Then `PurgedByAltinn` (sender) or `PurgedByRecipient` (recipient), ETag-conditioned: of
 * two concurrent purges exactly one applies. The other — it passed the guards, then lost the write — answers 200 with
 * no further effect, as the reference's idempotency key makes a concurrent duplicate do (lifecycle.md §4.3 step 1); a
 * purge that starts after another has been stored gets 1014 from the guards.
 *
 * The purge row is written together with an outbox message that soft-deletes the dialogue and adds its DialogDeleted
 * activity (deterministic id) through the `dialogporten-sync` queue (sync-dialogporten.ts explains the order of the
 * two), so a Dialogporten outage neither fails the purge nor loses the delete. A purge that lands while the dialogue is
 * still being created sees no dialogue and writes no delete; the create-dialogue step then finds the correspondence
 * purged and writes it instead (create-correspondence-dialog.ts). The `correspondencepurged` event and
 * the attachment cascade come with their issues.
 */
import type { ApplicationError, Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository, OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import { currentStatus, purgeableBySender } from "../../domain/correspondence/status.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { CallerPartyOutcome, CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type {
  CallerRole,
  CorrespondenceAccess,
  CorrespondenceAccessCheck,
} from "../correspondence-access/correspondence-access.js";
import {
  hasEverBeenPurged,
  hasEverHadStatus,
  isVisibleToRecipient,
  statusRow,
  withStatus,
} from "../correspondence-access/correspondence-state.js";
import { changeCorrespondence } from "../correspondence-access/guarded-change.js";
import { dialogDeletionMessage } from "./dialog-deletion.js";
import { purgeRolesToTry } from "./purge-roles.js";

export interface PurgeCorrespondenceDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  now?: () => Date;
}

function senderRules(correspondence: Correspondence): ApplicationError | undefined {
  if (hasEverBeenPurged(correspondence)) return applicationError(1014);
  if (!purgeableBySender.has(currentStatus(correspondence.statusHistory).status)) return applicationError(1013);
  return undefined;
}

function recipientRules(correspondence: Correspondence): ApplicationError | undefined {
  if (hasEverBeenPurged(correspondence)) return applicationError(1014);
  if (!isVisibleToRecipient(correspondence)) return applicationError(1001);
  if (correspondence.isConfirmationNeeded && !hasEverHadStatus(correspondence, "Confirmed")) {
    return applicationError(1026);
  }
  return undefined;
}

const rulesOf: Record<CallerRole, (correspondence: Correspondence) => ApplicationError | undefined> = {
  sender: senderRules,
  recipient: recipientRules,
};

export class PurgeCorrespondence {
  private readonly now: () => Date;

  constructor(private readonly dependencies: PurgeCorrespondenceDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  async execute(input: { caller: Caller; correspondenceId: string }): Promise<Outcome<string>> {
    const { repository, access, callerParty } = this.dependencies;
    // Neither answer depends on the correspondence's state: asked once, even when a write conflict means a re-read.
    let decided: CorrespondenceAccess | undefined;
    let party: CallerPartyOutcome | undefined;
    // Set once this request has planned its purge: if the write then loses to another purge, that one was concurrent.
    let plannedPurge = false;

    const changed = await changeCorrespondence(repository, input.correspondenceId, async ({ correspondence }) => {
      if (externalReference(correspondence, "DialogportenTransmissionId") !== undefined) {
        return { ok: false, error: applicationError(1043) };
      }
      decided ??= await access.accessTo(input.caller, correspondence);
      const roles = purgeRolesToTry(input.caller, decided);
      if (roles.length === 0) return { ok: false, error: applicationError(4001) };

      if (plannedPurge && hasEverBeenPurged(correspondence)) {
        return { ok: true, value: { updated: undefined, result: roles[0]! } };
      }
      const refusals = roles.map((role) => ({ role, refusal: rulesOf[role](correspondence) }));
      const acting = refusals.find(({ refusal }) => refusal === undefined)?.role;
      // With both roles refused, the sender's refusal is the one reported.
      if (!acting) return { ok: false, error: refusals[0]!.refusal! };

      party ??= await callerParty.resolve(input.caller);
      if (!party.ok) return party;
      const status = acting === "sender" ? "PurgedByAltinn" : "PurgedByRecipient";
      const purgedAt = this.now();
      plannedPurge = true;
      const updated = withStatus(correspondence, statusRow(status, party.party.partyUuid, purgedAt));
      return { ok: true, value: { updated, outbox: dialogDeletion(correspondence, acting, purgedAt), result: acting } };
    });
    if (!changed.ok) return changed;
    return { ok: true, value: changed.value.stored.correspondence.id };
  }
}

/** The soft delete of the dialogue (dialog-deletion.ts); none without a dialogue. The reference stays on the correspondence. */
function dialogDeletion(correspondence: Correspondence, purgedBy: CallerRole, purgedAt: Date): OutboxMessage[] {
  const dialogId = externalReference(correspondence, "DialogportenDialogId");
  return dialogId ? [dialogDeletionMessage(correspondence, dialogId, { purgedBy, purgedAt })] : [];
}
