/**
 * The business check against Altinn Authorization (authorization.md §4), as the real Correspondence makes it:
 * 1. a service owner calling with `altinn:serviceowner` whose consumer organisation owns the resource is let through
 *    without asking the PDP; a resource without an owner name is denied;
 * 2. otherwise the PDP decides on subject (from the token), action, resource, party (resolved to its party id through
 *    Register when Register knows it) and, for an existing correspondence, the resource instance;
 * 3. a Permit counts only when the caller meets the minimum authentication level the decision's obligation names.
 * Decisions are cached for a minute per (subject, resource, party, action), bounded, so a list/overview storm asks
 * the PDP once. The instance is not part of the key on purpose: resource policies grant per resource and party, not
 * per correspondence, so every correspondence of one party on one resource gets the same answer.
 */
import { hasScope, scopes, type Caller } from "../../../domain/caller.js";
import type { AccessDecider, AccessDecision, AccessRequest } from "../../../domain/ports/authorization.js";
import type { PartyRegister } from "../../../domain/ports/party-register.js";
import type { ResourceRegistry } from "../../../domain/ports/resource-registry.js";
import { ExpiringCache } from "../http/expiring-cache.js";
import type { BearerToken, HttpClient } from "../http/http-client.js";
import { canonicalPartyUrn, parsePartyUrn } from "../party-urn.js";
import { subjectAttributes } from "./subject-attributes.js";
import { category, decisionResponseSchema, readResult, xacmlIds, type AttributePair, type PdpResult } from "./xacml.js";

export interface AltinnAccessDeciderOptions {
  http: HttpClient;
  platformBaseUrl: string;
  bearer: BearerToken;
  resourceRegistry: ResourceRegistry;
  partyRegister: PartyRegister;
  decisionTtlMs?: number;
  maxCachedDecisions?: number;
  now?: () => number;
}

/** One PDP question, ready to send: the parts of the XACML request plus the cache key they make. */
interface PreparedQuestion {
  cacheKey: string;
  subject: AttributePair[];
  action: string;
  resource: AttributePair[];
}

type Preparation = { kind: "decided"; decision: AccessDecision } | { kind: "ask"; question: PreparedQuestion };

const denied: AccessDecision = { permitted: false };

export class AltinnAccessDecider implements AccessDecider {
  private readonly decisions: ExpiringCache<PdpResult>;
  private readonly decisionTtlMs: number;

  constructor(private readonly options: AltinnAccessDeciderOptions) {
    this.decisionTtlMs = options.decisionTtlMs ?? 60_000;
    this.decisions = new ExpiringCache({
      maxEntries: options.maxCachedDecisions ?? 10_000,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  async decide(request: AccessRequest): Promise<AccessDecision> {
    const [decision] = await this.decideMany([request]);
    return decision ?? denied;
  }

  async decideMany(requests: readonly AccessRequest[]): Promise<AccessDecision[]> {
    const preparations = await Promise.all(requests.map((request) => this.prepare(request)));
    const questions = new Map<string, PreparedQuestion>();
    for (const preparation of preparations) {
      if (preparation.kind === "ask" && this.decisions.get(preparation.question.cacheKey) === undefined) {
        questions.set(preparation.question.cacheKey, preparation.question);
      }
    }
    const answers = await this.ask([...questions.values()]);
    return preparations.map((preparation, index) => {
      if (preparation.kind === "decided") return preparation.decision;
      const result = answers.get(preparation.question.cacheKey) ?? this.decisions.get(preparation.question.cacheKey);
      return result ? judged(result, requests[index]!.caller) : denied;
    });
  }

  private async prepare(request: AccessRequest): Promise<Preparation> {
    const { caller, action } = request;
    const resource = await this.options.resourceRegistry.get(request.resourceId);
    if (!resource) return { kind: "decided", decision: denied };
    if (
      hasScope(caller, scopes.serviceOwner) &&
      caller.consumerOrganisationNumber !== undefined &&
      caller.consumerOrganisationNumber === resource.ownerOrgNumber
    ) {
      return { kind: "decided", decision: { permitted: true } };
    }
    if (resource.ownerName === "") return { kind: "decided", decision: denied };
    // A dialog token carries the actions Dialogporten granted; it is never good for more than those.
    if (caller.scheme === "dialogporten" && !(caller.dialog?.actions.includes(action) ?? false)) {
      return { kind: "decided", decision: denied };
    }
    const party = await this.partyAttribute(request.party);
    if (!party) return { kind: "decided", decision: denied };
    const subject = await subjectAttributes(caller, this.options.partyRegister);
    const resourcePairs: AttributePair[] = [[xacmlIds.resource, resource.resourceId], party];
    if (request.correspondenceId !== undefined) {
      resourcePairs.push([xacmlIds.resourceInstance, `urn:altinn:correspondence-id:${request.correspondenceId}`]);
    }
    const partyKey = canonicalPartyUrn(parsePartyUrn(request.party)!).toLowerCase();
    const cacheKey = JSON.stringify([subject, resource.resourceId, partyKey, action]);
    return { kind: "ask", question: { cacheKey, subject, action, resource: resourcePairs } };
  }

  /** The party as the PDP knows it best: its party id from Register, else its organisation or person number. */
  private async partyAttribute(partyUrn: string): Promise<AttributePair | undefined> {
    const reference = parsePartyUrn(partyUrn);
    if (!reference) return undefined;
    if (reference.kind === "partyId") return [xacmlIds.partyId, reference.partyId];
    const party = (await this.options.partyRegister.lookup([partyUrn])).get(partyUrn);
    if (party) return [xacmlIds.partyId, String(party.partyId)];
    if (reference.kind === "organization") return [xacmlIds.organization, reference.orgNumber];
    if (reference.kind === "person") return [xacmlIds.person, reference.nationalId];
    return undefined;
  }

  /** One PDP round trip for all questions: a plain request for one, a multi-request for several. */
  private async ask(questions: PreparedQuestion[]): Promise<Map<string, PdpResult>> {
    const answers = new Map<string, PdpResult>();
    if (questions.length === 0) return answers;
    const response = await this.options.http.send({
      method: "POST",
      url: `${this.options.platformBaseUrl}/authorization/api/v1/authorize`,
      json: questions.length === 1 ? singleRequest(questions[0]!) : multiRequest(questions),
      bearer: this.options.bearer,
      // A decision request changes nothing: a dropped connection or a 5xx must not become the caller's 500.
      safeToRepeat: true,
    });
    const results = decisionResponseSchema.parse(response.body).Response;
    if (results.length !== questions.length) {
      throw new Error(`The PDP answered ${results.length} decisions to ${questions.length} requests`);
    }
    questions.forEach((question, index) => {
      const result = readResult(results[index]!);
      this.decisions.set(question.cacheKey, result, this.decisionTtlMs);
      answers.set(question.cacheKey, result);
    });
    return answers;
  }
}

/** A Permit counts when the caller meets the demanded level; a dialog token's level 0 passes (the reference's hotfix). */
function judged(result: PdpResult, caller: Caller): AccessDecision {
  const level = caller.authenticationLevel ?? 0;
  const minimum = result.minimumAuthenticationLevel;
  const levelMet = minimum === undefined || level >= minimum || (caller.scheme === "dialogporten" && level === 0);
  return {
    permitted: result.permit && levelMet,
    ...(minimum === undefined ? {} : { minimumAuthenticationLevel: minimum }),
  };
}

function singleRequest(question: PreparedQuestion): unknown {
  return {
    Request: {
      AccessSubject: [category(question.subject)],
      Action: [category([[xacmlIds.actionId, question.action]])],
      Resource: [category(question.resource)],
    },
  };
}

/** Categories are shared where equal (one subject for a whole list), and each question names its three by id. */
function multiRequest(questions: PreparedQuestion[]): unknown {
  const ids = { subject: new Map<string, string>(), action: new Map<string, string>(), resource: new Map<string, string>() };
  const categories = { AccessSubject: [] as unknown[], Action: [] as unknown[], Resource: [] as unknown[] };
  const idOf = (kind: keyof typeof ids, prefix: string, pairs: AttributePair[], list: unknown[]): string => {
    const key = JSON.stringify(pairs);
    let id = ids[kind].get(key);
    if (id === undefined) {
      id = `${prefix}${ids[kind].size + 1}`;
      ids[kind].set(key, id);
      list.push(category(pairs, id));
    }
    return id;
  };
  const references = questions.map((question) => ({
    ReferenceId: [
      idOf("subject", "s", question.subject, categories.AccessSubject),
      idOf("action", "a", [[xacmlIds.actionId, question.action]], categories.Action),
      idOf("resource", "r", question.resource, categories.Resource),
    ],
  }));
  return { Request: { ...categories, MultiRequests: { RequestReference: references } } };
}
