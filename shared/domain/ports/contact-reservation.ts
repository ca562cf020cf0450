/** KRR, the contact and reservation register: which persons have reserved themselves against digital mail. */

export interface ContactReservationRegistry {
  /**
   * The subset of `nationalIds` (11 digits) that are reserved (`reservasjon: "JA"`). Throws
   * ContactReservationUnavailable when the register cannot answer (→ 500/1032 unless `ignoreReservation`).
   */
  reservedAmong(nationalIds: readonly string[]): Promise<Set<string>>;
}

export class ContactReservationUnavailable extends Error {
  constructor(cause?: unknown) {
    super("Contact reservation registry lookup failed", cause === undefined ? undefined : { cause });
    this.name = "ContactReservationUnavailable";
  }
}
