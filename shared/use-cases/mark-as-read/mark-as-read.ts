/**
 * `POST /correspondence/{id}/markasread` (api.md §4.7, lifecycle.md T6). Checks in order: 404/1001 → no recipient
 * access 401/4001 → not visible to recipients 404/1001 → never Fetched 400/1024 → already Read 400/1040 → caller
 * party 4006/4002; then a `Read` row, ETag-conditioned. Of two concurrent calls one stores Read, the other re-reads
 * and gets 1040. (The `correspondencereceiverread` event comes with the events issue.)
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type { CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { hasEverHadStatus, statusRow, withStatus } from "../correspondence-access/correspondence-state.js";
import { changeCorrespondence } from "../correspondence-access/guarded-change.js";
import { RecipientCallGuards } from "../correspondence-access/recipient-guards.js";

export interface MarkAsReadDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  now?: () => Date;
}

export class MarkAsRead {
  constructor(private readonly dependencies: MarkAsReadDependencies) {}

  async execute(input: { caller: Caller; correspondenceId: string }): Promise<Outcome<string>> {
    const { repository, access, callerParty } = this.dependencies;
    const now = this.dependencies.now ?? (() => new Date());
    const guards = new RecipientCallGuards(input.caller, access, callerParty);

    const changed = await changeCorrespondence(repository, input.correspondenceId, async ({ correspondence }) => {
      const refused = await guards.accessAndVisibility(correspondence);
      if (refused) return { ok: false, error: refused };
      if (!hasEverHadStatus(correspondence, "Fetched")) return { ok: false, error: applicationError(1024) };
      if (hasEverHadStatus(correspondence, "Read")) return { ok: false, error: applicationError(1040) };
      const party = await guards.callerPartyOrError();
      if (!party.ok) return party;
      const updated = withStatus(correspondence, statusRow("Read", party.party.partyUuid, now()));
      return { ok: true, value: { updated, result: correspondence.id } };
    });
    return changed.ok ? { ok: true, value: changed.value.result } : changed;
  }
}
