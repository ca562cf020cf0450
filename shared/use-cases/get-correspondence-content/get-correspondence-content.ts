/**
 * `GET /correspondence/{id}/content` (api.md §4.6, lifecycle.md T4/T5): the message body as markdown, for the
 * recipient (Dialogporten and Arbeidsflate embed it). Checks: 404/1001 → no recipient access 401/4001 → not visible
 * to recipients (incl. purged) 404/1001 → caller party 4006/4002. Side effects: a Fetched row (de-duplicated within
 * 15 s, as the overview), and when the correspondence has never been Read: a `Read` row (ETag-conditioned; no
 * "fetched first" requirement) written together with an outbox message for the CorrespondenceOpened activity (under a
 * deterministic id, one per correspondence). The activity reaches Dialogporten through the `dialogporten-sync` queue,
 * so a Dialogporten outage neither fails the read nor loses the activity. (The `correspondencereceiverread` event
 * comes later.)
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import type { CorrespondenceRepository, OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { Party } from "../../domain/ports/party-register.js";
import { externalUrnOf, type CallerPartyResolver } from "../correspondence-access/caller-party.js";
import type { CorrespondenceAccessCheck } from "../correspondence-access/correspondence-access.js";
import { hasEverHadStatus, statusRow, withStatus } from "../correspondence-access/correspondence-state.js";
import { activityIdFor } from "../correspondence-access/dialog-activity-ids.js";
import { changeCorrespondence } from "../correspondence-access/guarded-change.js";
import { RecipientCallGuards } from "../correspondence-access/recipient-guards.js";
import { openedActivityMessage, type SyncActivity } from "../sync-dialogporten/sync-messages.js";

export const contentFetchedDedupSeconds = 15;

export interface GetCorrespondenceContentDependencies {
  repository: CorrespondenceRepository;
  access: CorrespondenceAccessCheck;
  callerParty: CallerPartyResolver;
  now?: () => Date;
}

export class GetCorrespondenceContent {
  private readonly now: () => Date;

  constructor(private readonly dependencies: GetCorrespondenceContentDependencies) {
    this.now = dependencies.now ?? (() => new Date());
  }

  /** The message body (markdown). */
  async execute(input: { caller: Caller; correspondenceId: string }): Promise<Outcome<string>> {
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
      await changeCorrespondence(repository, correspondence.id, async (latest) => {
        if (hasEverHadStatus(latest.correspondence, "Read")) {
          return { ok: true, value: { updated: undefined, result: undefined } };
        }
        const readAt = this.now();
        const updated = withStatus(latest.correspondence, statusRow("Read", party.party.partyUuid, readAt));
        const outbox = openedActivity(latest.correspondence, party.party, readAt);
        return { ok: true, value: { updated, outbox, result: undefined } };
      });
    }
    return { ok: true, value: correspondence.content.messageBody };
  }
}

/**
 * The opened activity of the first Read, as an outbox message (none without a dialogue). A transmission's reader opens
 * the transmission inside the sender's dialogue, hence TransmissionOpened with its id there (dialogporten.md §3).
 */
function openedActivity(correspondence: Correspondence, reader: Party, readAt: Date): OutboxMessage[] {
  const dialogId = externalReference(correspondence, "DialogportenDialogId");
  if (!dialogId) return [];
  const transmissionId = externalReference(correspondence, "DialogportenTransmissionId");
  const activity: SyncActivity = {
    id: activityIdFor(correspondence, "CorrespondenceOpened"),
    createdAt: readAt.toISOString(),
    type: transmissionId ? "TransmissionOpened" : "CorrespondenceOpened",
    ...(transmissionId ? { transmissionId } : {}),
    performedBy: { actorType: "PartyRepresentative", actorId: externalUrnOf(reader) ?? correspondence.recipient },
  };
  return [openedActivityMessage(correspondence.id, dialogId, activity)];
}
