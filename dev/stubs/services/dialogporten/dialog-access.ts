/**
 * Which end users may open a dialog, and with which actions. Real Dialogporten asks Altinn Authorization; locally the
 * dialog's own party may do everything the dialog offers, and the fixtures' role assignments grant others their actions.
 * Anyone else is told the dialog does not exist, as Dialogporten does.
 */
import type { StubFixtures } from "../../fixtures.js";
import { callerOrganisationNumber, callerPersonNumber } from "./caller.js";
import { arrayMember, isJsonObject, stringMember } from "./json.js";
import type { DialogRecord } from "./store.js";
import { resourceIdOf } from "./views.js";

export interface EndUserAccess {
  /** The authenticated party as a URN: the `c` claim of the dialog token. */
  consumer: string;
  actions: string[];
}

const personUrn = (pid: string) => `urn:altinn:person:identifier-no:${pid}`;
const organisationUrn = (orgNumber: string) => `urn:altinn:organization:identifier-no:${orgNumber}`;

export function endUserAccess(caller: Record<string, unknown>, record: DialogRecord, fixtures: StubFixtures): EndUserAccess | undefined {
  const pid = callerPersonNumber(caller);
  const orgNumber = pid === undefined ? callerOrganisationNumber(caller) : undefined;
  const consumer = pid !== undefined ? personUrn(pid) : orgNumber !== undefined ? organisationUrn(orgNumber) : undefined;
  if (consumer === undefined) return undefined;

  const party = (stringMember(record.document, "party") ?? "").toLowerCase();
  if (consumer.toLowerCase() === party) return { consumer, actions: actionsOffered(record) };

  const resourceId = resourceIdOf(record);
  for (const assignment of fixtures.roleAssignments) {
    const holder = "pid" in assignment.holder ? assignment.holder.pid === pid : assignment.holder.orgNumber === orgNumber;
    const onBehalfOf = "pid" in assignment.party ? personUrn(assignment.party.pid) : organisationUrn(assignment.party.orgNumber);
    const forResource = assignment.resources === undefined || assignment.resources.includes(resourceId);
    if (holder && onBehalfOf === party && forResource) return { consumer, actions: assignment.actions };
  }
  return undefined;
}

/** Reading plus every action the dialog's GUI and API actions name. */
function actionsOffered(record: DialogRecord): string[] {
  const actions = new Set(["read"]);
  for (const member of ["guiActions", "apiActions"]) {
    for (const action of arrayMember(record.document, member).filter(isJsonObject)) {
      const name = stringMember(action, "action");
      if (name) actions.add(name);
    }
  }
  return [...actions];
}
