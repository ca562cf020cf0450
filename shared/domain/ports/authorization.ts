/**
 * The business check of authorization.md §4: may this caller act on this resource for this party? Answered by
 * Altinn Authorization (the PDP) behind this port; the endpoint policy (scopes) is checked before, elsewhere.
 */
import type { Caller } from "../caller.js";

/** `read` for recipient checks, `write` for sender checks (XACML action ids). */
export type AccessAction = "read" | "write";

export interface AccessRequest {
  caller: Caller;
  /** Bare resource id (no `urn:altinn:resource:` prefix). */
  resourceId: string;
  /** The party whose correspondence is concerned, as a URN: the recipient (read) or the sender (write). */
  party: string;
  action: AccessAction;
  /** Set when the check concerns an existing correspondence (`urn:altinn:resourceinstance`). */
  correspondenceId?: string;
}

export interface AccessDecision {
  /** True only when the PDP permits and the caller meets the minimum authentication level it demands. */
  permitted: boolean;
  /** The `urn:altinn:minimum-authenticationlevel` obligation of the decision, when the PDP gave one. */
  minimumAuthenticationLevel?: number;
}

export interface AccessDecider {
  decide(request: AccessRequest): Promise<AccessDecision>;
  /** One decision per request, in the same order; lets a caller ask about many parties in one PDP round trip. */
  decideMany(requests: readonly AccessRequest[]): Promise<AccessDecision[]>;
}
