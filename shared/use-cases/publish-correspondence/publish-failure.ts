/**
 * Why publishing must fail instead (lifecycle.md T3), checked in the spec's order, with the status texts of
 * lifecycle.md §6. A register or KRR that cannot answer throws: that is a reason to retry, not to fail.
 */
import { externalReference, type Correspondence } from "../../domain/correspondence/correspondence.js";
import { nationalIdentityNumberOf, organizationNumberOf, personUrnPrefix } from "../../domain/identifiers.js";
import type { ContactReservationRegistry } from "../../domain/ports/contact-reservation.js";
import { confidentialRecipientRoles, type Party, type PartyRegister } from "../../domain/ports/party-register.js";

export interface PublishChecks {
  /** The failure text, or undefined when the correspondence may be published. */
  failure: string | undefined;
  /** The sender organisation's party, whose uuid the publish status rows carry. */
  senderParty: Party | undefined;
}

export async function checkPublishable(
  correspondence: Correspondence,
  register: PartyRegister,
  reservations: ContactReservationRegistry,
): Promise<PublishChecks> {
  const { id, sender, recipient } = correspondence;
  const parties = await register.lookup([sender, recipient]);
  const senderParty = parties.get(sender);
  const result = (failure: string | undefined): PublishChecks => ({ failure, senderParty });
  if (!senderParty) return result(`Party for sender ${sender} not found in Altinn Register when publishing`);
  if (!parties.get(recipient)) return result(`Party for recipient ${recipient} not found in Altinn Register when publishing`);
  if (externalReference(correspondence, "DialogportenDialogId") === undefined) {
    return result(`Dialogporten dialog not created for correspondence ${id}`);
  }
  const nationalId = recipient.startsWith(personUrnPrefix) ? nationalIdentityNumberOf(recipient) : undefined;
  if (nationalId && correspondence.ignoreReservation !== true) {
    const reserved = await reservations.reservedAmong([nationalId]);
    if (reserved.has(nationalId)) {
      return result(`Recipient of ${id} has been set to reserved in kontakt- og reserverasjonsregisteret ('KRR')`);
    }
  }
  const orgNumber = organizationNumberOf(recipient);
  if (correspondence.isConfidential && orgNumber && !(await register.hasRequiredRoles(orgNumber, confidentialRecipientRoles))) {
    return result(`Recipient of ${id} lacks roles required to read correspondence. Consider sending physical mail to this recipient instead.`);
  }
  return result(undefined);
}
