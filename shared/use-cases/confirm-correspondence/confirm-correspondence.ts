/**
 * `POST /correspondence/{id}/confirm` (api.md §4.8, lifecycle.md T7): the guards, in order — 404/1001 → no recipient
 * access 401/4001 → not visible to recipients 404/1001 → never Fetched 400/1025 → already Confirmed 400/1041 → no
 * caller 401/4006 → caller party unknown 400/4002. Reading first is not required, and `isConfirmationNeeded` is not
 * checked (as in the reference).
 *
 * What comes after the guards arrives with the confirmation issue: the synchronous Dialogporten patch (remove the
 * confirm actions, RequiresAttention → NotApplicable; failure → 500 and nothing stored) and the verification job that
 * stores `Confirmed` (timestamped at this request), emits `correspondencereceiverconfirmed` and adds the
 * CorrespondenceConfirmed activity. Until then a passing call stores nothing and answers the id.
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type { CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { hasEverHadStatus } from "../correspondence-access/correspondence-state.js";
import { RecipientCallGuards } from "../correspondence-access/recipient-guards.js";

export interface ConfirmCorrespondenceDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
}

export class ConfirmCorrespondence {
  constructor(private readonly dependencies: ConfirmCorrespondenceDependencies) {}

  async execute(input: { caller: Caller; correspondenceId: string }): Promise<Outcome<string>> {
    const { repository, access, callerParty } = this.dependencies;
    const stored = await repository.findById(input.correspondenceId);
    if (!stored) return { ok: false, error: applicationError(1001) };
    const { correspondence } = stored;

    const guards = new RecipientCallGuards(input.caller, access, callerParty);
    const refused = await guards.accessAndVisibility(correspondence);
    if (refused) return { ok: false, error: refused };
    if (!hasEverHadStatus(correspondence, "Fetched")) return { ok: false, error: applicationError(1025) };
    if (hasEverHadStatus(correspondence, "Confirmed")) return { ok: false, error: applicationError(1041) };
    const party = await guards.callerPartyOrError();
    if (!party.ok) return party;
    return { ok: true, value: correspondence.id };
  }
}
