/**
 * The Maskinporten scopes we request for each Altinn API we call — least privilege per token, each token cached per
 * scope set. These are the scopes the real Correspondence's Maskinporten client holds for the same APIs.
 */
export const outboundScopes = {
  /** Authorization PDP (`authorization/api/v1/authorize`). */
  authorization: ["altinn:authorization/authorize"],
  /** Register party look-ups and correspondence roles. */
  register: ["altinn:register/partylookup.admin"],
  /** Altinn Events publishing. */
  events: ["altinn:events.publish"],
  /** Altinn Notifications orders. */
  notifications: ["altinn:serviceowner/notifications.create"],
  /** Dialogporten's service-owner API. */
  dialogporten: ["digdir:dialogporten.serviceprovider"],
  /** KRR, called with the Maskinporten token itself (KRR is Digdir's, not Altinn's, and takes no Altinn token). */
  contactReservation: ["krr:global/kontaktinformasjon.read"],
} as const satisfies Record<string, readonly string[]>;
