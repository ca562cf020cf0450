/** Altinn Events: CloudEvents 1.0 published for subscribers (external-apis.md §D). */

export interface AltinnCloudEvent {
  id: string;
  /** `no.altinn.correspondence.<eventname lower-cased>`. */
  type: string;
  /** `{base}/correspondence/api/v1/{correspondence|attachment}`. */
  source: string;
  specversion: "1.0";
  /** `urn:altinn:resource:{resourceId}`. */
  resource: string;
  /** The correspondence or attachment id. */
  resourceinstance?: string;
  /** The party URN. */
  subject?: string;
  /** `/organisation/{orgnr}` or `/person/{ssn}`. */
  alternativesubject?: string;
  time?: string;
  data?: unknown;
}

export interface AltinnEvents {
  /** Throws when Events refuses or cannot be reached; callers decide whether that matters (the real service only logs). */
  publish(event: AltinnCloudEvent): Promise<void>;
}
