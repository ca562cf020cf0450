/**
 * `GET /correspondence` (api.md §4.3). Checks: from after to 400/1027 → the party searched for (`onBehalfOf`, else
 * the caller's organisation, else the person) — none 401/4006 → PDP read or write on the resource for that party,
 * else 401/4001. Then: by `idempotentKey` the one id created with it (no role or resource filter); by
 * `altinn2CorrespondenceId` the migrated correspondence; otherwise the repository's search (role, resource, dates,
 * status, sender's reference), newest requestedPublishTime first, at most 1000 ids.
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Caller } from "../../domain/caller.js";
import type { CorrespondenceRepository, SearchRole } from "../../domain/correspondence/correspondence-repository.js";
import type { CorrespondenceStatus } from "../../domain/correspondence/status.js";
import { applicationError } from "../../domain/error-catalogue.js";
import {
  normaliseRecipient,
  organizationUrn,
  organizationUrnPrefix,
  personUrn,
  personUrnPrefix,
} from "../../domain/identifiers.js";
import type { AccessDecider } from "../../domain/ports/authorization.js";

export const searchResultLimit = 1000;

export interface CorrespondenceSearchRequest {
  /** Bare resource id. */
  resourceId: string;
  role: SearchRole;
  /** ISO timestamps; strictly after / before, on requestedPublishTime. */
  from?: string;
  to?: string;
  status?: CorrespondenceStatus;
  /** An organisation or person identifier in any accepted form; blank is absent. */
  onBehalfOf?: string;
  sendersReference?: string;
  idempotentKey?: string;
  altinn2CorrespondenceId?: number;
}

export interface SearchCorrespondencesDependencies {
  repository: CorrespondenceRepository;
  accessDecider: AccessDecider;
}

/** The party the caller searches as: `onBehalfOf`, else its organisation, else the person (or a dialog's party). */
export function searchParty(caller: Caller, onBehalfOf: string | undefined): string | undefined {
  if (onBehalfOf !== undefined && onBehalfOf.trim() !== "") return normaliseRecipient(onBehalfOf);
  if (caller.organisationNumber) return organizationUrn(caller.organisationNumber);
  if (caller.person) return personUrn(caller.person);
  const dialogParty = caller.dialog?.party?.toLowerCase();
  if (dialogParty?.startsWith(organizationUrnPrefix) || dialogParty?.startsWith(personUrnPrefix)) return dialogParty;
  return undefined;
}

export class SearchCorrespondences {
  constructor(private readonly dependencies: SearchCorrespondencesDependencies) {}

  async execute(input: { caller: Caller; request: CorrespondenceSearchRequest }): Promise<Outcome<string[]>> {
    const { caller, request } = input;
    const { repository, accessDecider } = this.dependencies;
    if (request.from !== undefined && request.to !== undefined && Date.parse(request.from) > Date.parse(request.to)) {
      return { ok: false, error: applicationError(1027) };
    }
    const party = searchParty(caller, request.onBehalfOf);
    if (!party) return { ok: false, error: applicationError(4006) };

    const common = { caller, resourceId: request.resourceId, party };
    const decisions = await accessDecider.decideMany([
      { ...common, action: "read" },
      { ...common, action: "write" },
    ]);
    if (!decisions.some((decision) => decision.permitted)) return { ok: false, error: applicationError(4001) };

    if (request.idempotentKey !== undefined) {
      const id = await repository.findIdByIdempotentKey(request.idempotentKey);
      return { ok: true, value: id ? [id] : [] };
    }
    if (request.altinn2CorrespondenceId !== undefined) {
      // Only correspondences migrated from Altinn 2 carry this id, and migration is not part of this system yet.
      return { ok: true, value: [] };
    }
    const ids = await repository.search({
      resourceId: request.resourceId,
      role: request.role,
      party,
      ...(request.from !== undefined ? { from: request.from } : {}),
      ...(request.to !== undefined ? { to: request.to } : {}),
      ...(request.status !== undefined ? { status: request.status } : {}),
      ...(request.sendersReference !== undefined ? { sendersReference: request.sendersReference } : {}),
      limit: searchResultLimit,
    });
    return { ok: true, value: ids };
  }
}
