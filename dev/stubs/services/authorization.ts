/**
 * Altinn Authorization's PDP, `POST /authorization/api/v1/authorize` (XACML 3.0 JSON profile). It decides from
 * identity, the way the real policies of these fixtures would:
 * - `write` on a resource: Permit for its owning organisation (subject `urn:altinn:org` code or organisation number);
 * - `read` on a party's correspondence: Permit for the party itself (person by national identity number, or the
 *   person behind a `urn:altinn:userid`/`urn:altinn:partyid`; organisation by its number) and for holders of a
 *   role assignment in the fixtures (which may also grant other actions);
 * - anything else: Deny; NotApplicable when no policy applies (unknown resource, or no read/write action asked).
 * A Permit carries the resource's minimum authentication level as an obligation, for the PEP to compare with the
 * caller's `urn:altinn:authlevel`. Keys are accepted in PascalCase or camelCase (.NET clients send camelCase).
 */
import { z } from "zod";
import type { StubContext, StubModule } from "../context.js";
import { resourceFixture } from "../fixtures.js";
import type { StubResponse } from "../router.js";
import { assignedParty, parsePartyReference, partyDirectory, type PartyDirectory, type StubParty } from "./parties.js";
import { isWellFormedResourceId } from "./resource-registry.js";

const ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";
const STATUS_OK = "urn:oasis:names:tc:xacml:1.0:status:ok";
const POLICY_ACTIONS = new Set(["read", "write"]);

const attributeSchema = z.object({
  AttributeId: z.string(),
  Value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
  DataType: z.string().optional(),
  Issuer: z.string().nullish(),
  IncludeInResult: z.boolean().optional(),
});
const categorySchema = z.object({ Id: z.string().nullish(), Attribute: z.array(attributeSchema).default([]) });
type Category = z.infer<typeof categorySchema>;
const categoryList = z.array(categorySchema).nullish().transform((categories) => categories ?? []);

const decisionRequestSchema = z.object({
  Request: z.object({
    ReturnPolicyIdList: z.boolean().optional(),
    AccessSubject: categoryList,
    Action: categoryList,
    Resource: categoryList,
    MultiRequests: z
      .object({ RequestReference: z.array(z.object({ ReferenceId: z.array(z.string()).min(1) })).min(1) })
      .nullish(),
  }),
});

const CATEGORY_IDS = {
  AccessSubject: "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject",
  Action: "urn:oasis:names:tc:xacml:3.0:attribute-category:action",
  Resource: "urn:oasis:names:tc:xacml:3.0:attribute-category:resource",
} as const;
type CategoryName = keyof typeof CATEGORY_IDS;
type SingleRequest = Record<CategoryName, Category[]>;

export const authorizationStub: StubModule = (router, context) => {
  router.route(
    "authorization",
    "POST",
    "/authorization/api/v1/authorize",
    (req) => {
      const parsed = decisionRequestSchema.safeParse(pascalCaseKeys(req.body));
      if (!parsed.success) return problem(`Not a XACML JSON decision request: ${parsed.error.message}`);
      const { MultiRequests, ...categories } = parsed.data.Request;
      const requests = MultiRequests ? splitMultiRequest(categories, MultiRequests.RequestReference) : [categories];
      if (typeof requests === "string") return problem(requests);
      return { status: 200, json: { Response: requests.map((request) => decide(request, context)) } };
    },
    { requiresToken: true },
  );
};

/** One request per RequestReference, made of the categories whose Id it names. */
function splitMultiRequest(
  categories: SingleRequest,
  references: Array<{ ReferenceId: string[] }>,
): SingleRequest[] | string {
  const requests: SingleRequest[] = [];
  for (const { ReferenceId } of references) {
    const request: SingleRequest = { AccessSubject: [], Action: [], Resource: [] };
    for (const id of ReferenceId) {
      const name = (Object.keys(CATEGORY_IDS) as CategoryName[]).find((n) => categories[n].some((c) => c.Id === id));
      if (!name) return `RequestReference names unknown category Id '${id}'`;
      request[name].push(...categories[name].filter((category) => category.Id === id));
    }
    requests.push(request);
  }
  return requests;
}

function decide(request: SingleRequest, context: StubContext): Record<string, unknown> {
  const parties = partyDirectory(context);
  const resourceAttributes = attributesOf(request.Resource);
  const resourceId = resourceAttributes.get("urn:altinn:resource")?.[0];
  const actions = attributesOf(request.Action).get(ACTION_ID) ?? [];
  const echoed = includedInResult(request);
  if (!resourceId || !isWellFormedResourceId(resourceId) || actions.length === 0) {
    return result("NotApplicable", echoed);
  }
  const subject = subjectIdentities(attributesOf(request.AccessSubject), parties, context);
  const party = resourceParty(resourceAttributes, parties);
  const permitted = actions.some((action) => isPermitted({ action, subject, party, resourceId, parties, context }));
  if (permitted) {
    const level = resourceFixture(context.fixtures, resourceId).minimumAuthenticationLevel;
    return result("Permit", echoed, [minimumAuthenticationLevelObligation(level)]);
  }
  const grantedActions = new Set(context.fixtures.roleAssignments.flatMap((assignment) => assignment.actions));
  const anyRuleApplies = actions.some((action) => POLICY_ACTIONS.has(action) || grantedActions.has(action));
  return result(anyRuleApplies ? "Deny" : "NotApplicable", echoed);
}

interface SubjectIdentities {
  /** Party uuids of every person or organisation the subject attributes identify. */
  partyUuids: Set<string>;
  orgNumbers: Set<string>;
}

function subjectIdentities(
  attributes: Map<string, string[]>,
  parties: PartyDirectory,
  context: StubContext,
): SubjectIdentities {
  const found: StubParty[] = [];
  const values = (...ids: string[]) => ids.flatMap((id) => attributes.get(id) ?? []);
  for (const nationalId of values("urn:altinn:person:identifier-no")) {
    const reference = parsePartyReference(nationalId);
    if (reference?.kind === "person") found.push(parties.person(reference.nationalId));
  }
  // PEPs name an organisation subject in any of these (the last is the raw Altinn token claim).
  const organisationAttributes = [
    "urn:altinn:organization:identifier-no",
    "urn:altinn:organizationnumber",
    "urn:altinn:orgNumber",
  ];
  for (const orgNumber of values(...organisationAttributes)) {
    const reference = parsePartyReference(orgNumber);
    if (reference?.kind === "organization") found.push(parties.organization(reference.orgNumber));
  }
  for (const orgCode of values("urn:altinn:org")) {
    const orgNumber = organisationNumberOfCode(orgCode, context);
    if (orgNumber) found.push(parties.organization(orgNumber));
  }
  for (const userId of values("urn:altinn:userid")) {
    const user = /^\d+$/.test(userId) ? parties.findByUserId(Number(userId)) : undefined;
    if (user) found.push(user);
  }
  for (const partyId of values("urn:altinn:partyid")) {
    const party = /^\d+$/.test(partyId) ? parties.findByPartyId(Number(partyId)) : undefined;
    if (party) found.push(party);
  }
  return {
    partyUuids: new Set(found.map((party) => party.partyUuid)),
    orgNumbers: new Set(found.flatMap((party) => (party.orgNumber ? [party.orgNumber] : []))),
  };
}

function organisationNumberOfCode(orgCode: string, context: StubContext): string | undefined {
  const code = orgCode.toLowerCase();
  const serviceOwners = Object.entries(context.fixtures.serviceOwnerOrgCodes);
  const fromServiceOwners = serviceOwners.find(([, serviceOwnerCode]) => serviceOwnerCode.toLowerCase() === code);
  if (fromServiceOwners) return fromServiceOwners[0];
  const owners = [context.fixtures.defaultResource, ...Object.values(context.fixtures.resources)];
  return owners.find((owner) => owner.ownerOrgCode?.toLowerCase() === code && owner.ownerOrgNumber)?.ownerOrgNumber;
}

/** The party whose correspondence is asked about: organisation number, national identity number or party id. */
function resourceParty(attributes: Map<string, string[]>, parties: PartyDirectory): StubParty | undefined {
  const orgNumber = attributes.get("urn:altinn:organization:identifier-no")?.[0];
  const nationalId = attributes.get("urn:altinn:person:identifier-no")?.[0];
  const partyId = attributes.get("urn:altinn:partyid")?.[0];
  const partyUuid = attributes.get("urn:altinn:party:uuid")?.[0];
  const reference =
    (orgNumber && parsePartyReference(orgNumber)) ||
    (nationalId && parsePartyReference(nationalId)) ||
    (partyUuid && parsePartyReference(`urn:altinn:party:uuid:${partyUuid}`)) ||
    undefined;
  if (reference) return parties.find(reference);
  return partyId && /^\d+$/.test(partyId) ? parties.findByPartyId(Number(partyId)) : undefined;
}

function isPermitted(input: {
  action: string;
  subject: SubjectIdentities;
  party: StubParty | undefined;
  resourceId: string;
  parties: PartyDirectory;
  context: StubContext;
}): boolean {
  const { action, subject, party, resourceId, parties, context } = input;
  if (action === "write" && subject.orgNumbers.has(resourceFixture(context.fixtures, resourceId).ownerOrgNumber)) {
    return true;
  }
  if (!party) return false;
  if (action === "read" && subject.partyUuids.has(party.partyUuid)) return true;
  return context.fixtures.roleAssignments.some(
    (assignment) =>
      assignment.actions.includes(action) &&
      (assignment.resources === undefined || assignment.resources.includes(resourceId)) &&
      assignedParty(parties, assignment.party).partyUuid === party.partyUuid &&
      subject.partyUuids.has(assignedParty(parties, assignment.holder).partyUuid),
  );
}

function minimumAuthenticationLevelObligation(level: number): Record<string, unknown> {
  return {
    Id: "urn:altinn:obligation:authenticationLevel1",
    AttributeAssignment: [
      {
        AttributeId: "urn:altinn:obligation-assignment:1",
        Value: String(level),
        Category: "urn:altinn:minimum-authenticationlevel",
        DataType: "http://www.w3.org/2001/XMLSchema#integer",
        Issuer: null,
      },
    ],
  };
}

function result(
  decision: "Permit" | "Deny" | "NotApplicable",
  category: Array<Record<string, unknown>>,
  obligations: Array<Record<string, unknown>> = [],
): Record<string, unknown> {
  return {
    Decision: decision,
    Status: { StatusCode: { Value: STATUS_OK } },
    Obligations: obligations,
    AssociateAdvice: [],
    Category: category,
  };
}

/** Attributes the caller marked IncludeInResult come back in the result, grouped by category. */
function includedInResult(request: SingleRequest): Array<Record<string, unknown>> {
  return (Object.keys(CATEGORY_IDS) as CategoryName[]).flatMap((name) => {
    const attributes = request[name].flatMap((category) => category.Attribute.filter((a) => a.IncludeInResult));
    return attributes.length > 0 ? [{ CategoryId: CATEGORY_IDS[name], Attribute: attributes }] : [];
  });
}

function attributesOf(categories: Category[]): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const attribute of categories.flatMap((category) => category.Attribute)) {
    attributes.set(attribute.AttributeId, [...(attributes.get(attribute.AttributeId) ?? []), attribute.Value]);
  }
  return attributes;
}

/** .NET's JSON defaults send camelCase; the XACML JSON profile spells keys in PascalCase. Accept both. */
function pascalCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalCaseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.charAt(0).toUpperCase() + key.slice(1), pascalCaseKeys(inner)]),
  );
}

function problem(detail: string): StubResponse {
  return { status: 400, json: { title: "Invalid decision request", status: 400, detail } };
}
