/**
 * The PDP subject for a caller (authorization.md §4): an Altinn token's `urn:*` claims as the standard PEP maps them;
 * a raw Maskinporten token's consumer organisation; a dialog token's `urn:*` claims, `jti` as session id and its
 * actor `c` — unless it names a system user (`y`), which then is the whole subject.
 */
import type { Caller } from "../../../domain/caller.js";
import type { PartyRegister } from "../../../domain/ports/party-register.js";
import { parsePartyUrn } from "../party-urn.js";
import { normalisedPairs, xacmlIds, type AttributePair } from "./xacml.js";

export async function subjectAttributes(caller: Caller, register: PartyRegister): Promise<AttributePair[]> {
  if (caller.scheme === "dialogporten" && caller.dialog?.systemUser) {
    return [[xacmlIds.systemUser, caller.dialog.systemUser]];
  }
  const pairs: AttributePair[] = Object.entries(caller.urnClaims);
  if (caller.userId !== undefined) pairs.push([xacmlIds.userId, caller.userId]);
  if (caller.partyId !== undefined) pairs.push([xacmlIds.partyId, caller.partyId]);
  if (caller.authenticationLevel !== undefined) pairs.push([xacmlIds.authenticationLevel, String(caller.authenticationLevel)]);
  if (caller.person !== undefined) pairs.push([xacmlIds.person, caller.person]);
  if (caller.systemUser?.id !== undefined) pairs.push([xacmlIds.systemUser, caller.systemUser.id]);

  if (caller.scheme === "dialogporten") {
    if (caller.tokenId !== undefined) pairs.push([xacmlIds.sessionId, caller.tokenId]);
    pairs.push(...(await actorAttributes(caller.dialog?.actor, register)));
  } else if (caller.userId === undefined && caller.person === undefined && caller.organisationNumber !== undefined) {
    // An organisation acting for itself (service owner or enterprise): its number is who it is.
    pairs.push([xacmlIds.organization, caller.organisationNumber]);
  }
  return normalisedPairs(pairs);
}

/** A dialog token's acting party `c`; ID-porten e-mail users are known to the PDP by their user id from Register. */
async function actorAttributes(actor: string | undefined, register: PartyRegister): Promise<AttributePair[]> {
  const reference = actor === undefined ? undefined : parsePartyUrn(actor);
  switch (reference?.kind) {
    case "person":
      return [[xacmlIds.person, reference.nationalId]];
    case "organization":
      return [[xacmlIds.organization, reference.orgNumber]];
    case "partyId":
      return [[xacmlIds.partyId, reference.partyId]];
    case "partyUuid":
      return [[xacmlIds.partyUuid, reference.partyUuid]];
    case "idportenEmail":
    case "legacySelfIdentified": {
      const userId = (await register.lookup([actor!])).get(actor!)?.userId;
      return userId === undefined ? [] : [[xacmlIds.userId, String(userId)]];
    }
    case undefined:
      return [];
  }
}
