/**
 * `GET /correspondence/{id}` (api.md §4.4, lifecycle.md T3b/T4). Check order: not found 404/1001 → neither sender nor
 * recipient access 401/4001 → ever purged 404/1001 (for everyone) → for a recipient call: inline publish when due,
 * then not visible to recipients 404/1001 → caller party 4006/4002 → for a recipient call: a Fetched row,
 * de-duplicated per correspondence and party within 15 s.
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository } from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { CallerPartyResolver } from "../correspondence-access/caller-party.js";
import { roleOf, type CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { hasEverBeenPurged, hasEverHadStatus, isVisibleToRecipient, statusRow } from "../correspondence-access/correspondence-state.js";
import { readerView, type ReaderView } from "../correspondence-access/reader-content.js";

/** The overview's inline publish (T3b), implemented by the publishing use case. */
export interface InlinePublisher {
  publishIfDue(correspondenceId: string): Promise<unknown>;
}

export const overviewFetchedDedupSeconds = 15;
/** T3b: at most one inline publish attempt per correspondence per 30 s. */
export const inlinePublishIntervalMs = 30_000;

export type CorrespondenceOverview = ReaderView;

export interface GetCorrespondenceOverviewDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  inlinePublisher: InlinePublisher;
  now?: () => Date;
}

export class GetCorrespondenceOverview {
  private readonly now: () => Date;
  /** Per instance: the throttle only spares the publisher repeated attempts; publishing itself is idempotent. */
  private readonly lastInlinePublish = new Map<string, number>();

  constructor(private readonly dependencies: GetCorrespondenceOverviewDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  async execute(input: { caller: Caller; correspondenceId: string }): Promise<Outcome<CorrespondenceOverview>> {
    const { repository, access, callerParty } = this.dependencies;
    let stored = await repository.findById(input.correspondenceId);
    if (!stored) return { ok: false, error: applicationError(1001) };

    const role = roleOf(input.caller, await access.accessTo(input.caller, stored.correspondence));
    if (!role) return { ok: false, error: applicationError(4001) };
    if (hasEverBeenPurged(stored.correspondence)) return { ok: false, error: applicationError(1001) };

    if (role === "recipient") {
      if (await this.publishInlineIfDue(stored.correspondence)) {
        stored = (await repository.findById(input.correspondenceId)) ?? stored;
      }
      if (!isVisibleToRecipient(stored.correspondence)) return { ok: false, error: applicationError(1001) };
    }

    const party = await callerParty.resolve(input.caller);
    if (!party.ok) return party;

    const { correspondence } = stored;
    if (role === "recipient") {
      await repository.recordFetched(
        correspondence,
        statusRow("Fetched", party.party.partyUuid, this.now()),
        overviewFetchedDedupSeconds,
      );
    }
    return { ok: true, value: readerView(correspondence, role) };
  }

  /** T3b: publish time passed, not yet Published or Failed, and the dialog exists. True when an attempt was made. */
  private async publishInlineIfDue(correspondence: Correspondence): Promise<boolean> {
    const now = this.now().getTime();
    const due =
      Date.parse(correspondence.requestedPublishTime) <= now &&
      !hasEverHadStatus(correspondence, "Published") &&
      !hasEverHadStatus(correspondence, "Failed") &&
      externalReference(correspondence, "DialogportenDialogId") !== undefined;
    if (!due) return false;
    const last = this.lastInlinePublish.get(correspondence.id);
    if (last !== undefined && now - last < inlinePublishIntervalMs) return false;
    this.rememberInlinePublish(correspondence.id, now);
    await this.dependencies.inlinePublisher.publishIfDue(correspondence.id);
    return true;
  }

  private rememberInlinePublish(correspondenceId: string, at: number): void {
    // Bounded: forget attempts older than the interval once the map grows, so a long-lived worker does not leak.
    if (this.lastInlinePublish.size > 10_000) {
      for (const [id, time] of this.lastInlinePublish) {
        if (at - time >= inlinePublishIntervalMs) this.lastInlinePublish.delete(id);
      }
    }
    this.lastInlinePublish.set(correspondenceId, at);
  }
}
