/**
 * The opening checks every recipient endpoint shares (content, markasread, confirm; lifecycle.md §3): PDP read
 * access for the recipient party (401/4001), then the current status must be visible to recipients (404/1001).
 * The PDP answer and the caller's party do not depend on the correspondence's state, so a retry after a write
 * conflict asks them once only.
 */
import type { ApplicationError } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { Party } from "../../domain/ports/party-register.js";
import type { CallerPartyOutcome, CallerPartyResolver } from "./caller-party.js";
import type { CorrespondenceAccessCheck } from "./correspondence-access.js";
import { isVisibleToRecipient } from "./correspondence-state.js";

export class RecipientCallGuards {
  private recipientAccess: boolean | undefined;
  private party: CallerPartyOutcome | undefined;

  constructor(
    private readonly caller: Caller,
    private readonly access: CorrespondenceAccessCheck,
    private readonly callerParty: CallerPartyResolver,
  ) {}

  /** 401/4001 without recipient access, 404/1001 when recipients cannot see it now; undefined when both pass. */
  async accessAndVisibility(correspondence: Correspondence): Promise<ApplicationError | undefined> {
    this.recipientAccess ??= (
      await this.access.accessTo(this.caller, correspondence, { sender: false, recipient: true })
    ).asRecipient;
    if (!this.recipientAccess) return applicationError(4001);
    if (!isVisibleToRecipient(correspondence)) return applicationError(1001);
    return undefined;
  }

  /** The caller's Register party (401/4006 when none, 400/4002 when unknown). */
  async callerPartyOrError(): Promise<{ ok: true; party: Party } | { ok: false; error: ApplicationError }> {
    this.party ??= await this.callerParty.resolve(this.caller);
    return this.party;
  }
}
