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
  /**
   * Dialogporten's service-owner API. Dialogues of `CorrespondenceService` resources may only be changed with
   * `digdir:dialogporten.correspondence` as well (Dialogporten's ServiceResourceAuthorizer). Not the `.admin` scope:
   * without it Dialogporten refuses activities on soft-deleted dialogues, which is why a purge adds its DialogDeleted
   * activity before the soft delete (shared/use-cases/sync-dialogporten/).
   */
  dialogporten: ["digdir:dialogporten.serviceprovider", "digdir:dialogporten.correspondence"],
  /** KRR, called with the Maskinporten token itself (KRR is Digdir's, not Altinn's, and takes no Altinn token). */
  contactReservation: ["krr:global/kontaktinformasjon.read"],
} as const satisfies Record<string, readonly string[]>;
