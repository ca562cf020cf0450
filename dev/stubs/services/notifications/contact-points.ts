/**
 * Where the stub "delivers" notifications to persons, organisations and external identities. The real service asks
 * KRR and Profile; locally it uses the same deterministic addresses the Profile and KRR stubs hand out (parties.ts),
 * so a test can predict the destination of any recipient.
 */
import { contactPointsOf } from "../parties.js";

export interface ContactPoints {
  email?: string;
  mobile?: string;
}

export function personContactPoints(nationalIdentityNumber: string): ContactPoints {
  const { email, mobileNumber } = contactPointsOf(nationalIdentityNumber);
  return { email, mobile: mobileNumber };
}

export function organisationContactPoints(organisationNumber: string): ContactPoints {
  const { email, mobileNumber } = contactPointsOf(organisationNumber);
  return { email, mobile: mobileNumber };
}

const idportenEmailPrefix = "urn:altinn:person:idporten-email:";
const legacySelfIdentifiedPrefix = "urn:altinn:person:legacy-selfidentified:";

/** Self-identified users only have an e-mail address; an unknown kind of identity has no contact points at all. */
export function externalIdentityContactPoints(externalIdentity: string): ContactPoints {
  const lowerCased = externalIdentity.toLowerCase();
  if (lowerCased.startsWith(idportenEmailPrefix)) return { email: externalIdentity.slice(idportenEmailPrefix.length) };
  if (lowerCased.startsWith(legacySelfIdentifiedPrefix)) {
    // Legacy (Altinn 2) users registered an address of their own; Profile has no stub for it, so derive one.
    return { email: `${externalIdentity.slice(legacySelfIdentifiedPrefix.length)}@selfidentified.example.com` };
  }
  return {};
}
