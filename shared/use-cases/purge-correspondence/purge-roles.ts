/**
 * Which role a purge acts in (api.md §4.9): as sender when the caller has sender access and (the write scope or no
 * recipient access); as recipient when it has recipient access and (the read scope or no sender access); with both
 * accesses and neither scope, sender rules first, then recipient rules.
 */
import { hasScope, scopes, type Caller } from "../../domain/caller.js";
import type { CallerRole, CorrespondenceAccess } from "../correspondence-access/correspondence-access.js";

/** The roles to try, in order; empty when the caller has neither access. */
export function purgeRolesToTry(caller: Caller, access: CorrespondenceAccess): CallerRole[] {
  if (access.asSender && (hasScope(caller, scopes.write) || !access.asRecipient)) return ["sender"];
  if (access.asRecipient && (hasScope(caller, scopes.read) || !access.asSender)) return ["recipient"];
  if (access.asSender && access.asRecipient) return ["sender", "recipient"];
  return [];
}
