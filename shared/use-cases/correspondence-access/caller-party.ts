/**
 * The party a caller acts as (authorization.md §3, `GetCallerPartyUrn`): the dialog token's actor, else the Altinn
 * party id, else the person, else the system user's organisation, else the calling organisation. Status rows record
 * its Register party uuid, so it must resolve: no party at all → 401/4006, unknown to Register → 400/4002.
 */
import type { ApplicationError } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import { applicationError } from "../../domain/error-catalogue.js";
import { organizationUrn, personUrn } from "../../domain/identifiers.js";
import type { Party, PartyRegister } from "../../domain/ports/party-register.js";

/** A resolved party as the external URN Dialogporten and status rows name it (organisation or person). */
export function externalUrnOf(party: Party): string | undefined {
  if (party.orgNumber) return organizationUrn(party.orgNumber);
  if (party.ssn) return personUrn(party.ssn);
  return undefined;
}

export function callerPartyUrn(caller: Caller): string | undefined {
  if (caller.dialog?.actor) return caller.dialog.actor;
  if (caller.partyId) return `urn:altinn:partyid:${caller.partyId}`;
  if (caller.person) return personUrn(caller.person);
  if (caller.systemUser?.organisationNumber) return organizationUrn(caller.systemUser.organisationNumber);
  if (caller.organisationNumber) return organizationUrn(caller.organisationNumber);
  return undefined;
}

export type CallerPartyOutcome = { ok: true; party: Party } | { ok: false; error: ApplicationError };

export class CallerPartyResolver {
  constructor(private readonly partyRegister: PartyRegister) {}

  async resolve(caller: Caller): Promise<CallerPartyOutcome> {
    const urn = callerPartyUrn(caller);
    if (!urn) return { ok: false, error: applicationError(4006) };
    const party = (await this.partyRegister.lookup([urn])).get(urn);
    return party ? { ok: true, party } : { ok: false, error: applicationError(4002) };
  }
}
