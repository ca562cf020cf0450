/**
 * Altinn Register: the look-ups Correspondence makes.
 * - v1: `POST parties/lookup` ({orgNo} or {ssn} → Party), `POST parties/nameslookup`, `GET parties/{partyId}`,
 *   `GET parties/byuuid/{partyUuid}`;
 * - the correspondence API (v2 party shapes): `POST correspondence/parties/query?fields=…` ({data: [urn]} →
 *   {data: [party]}), `POST correspondence/parties/main-units`, `GET correspondence/parties/{uuid}` and
 *   `GET correspondence/parties/{uuid}/roles/correspondence-roles`.
 * Any well-formed organisation number, national identity number or ID-porten e-mail is a party (see parties.ts),
 * except the fixtures' `unknownParties`: Register answers for them as for a number nobody has registered.
 */
import { z } from "zod";
import type { StubContext, StubModule } from "../context.js";
import type { StubRequest, StubResponse } from "../router.js";
import {
  assignedParty,
  isNationalIdentityNumber,
  isOrganizationNumber,
  parsePartyReference,
  partyDirectory,
  URN,
  type PartyDirectory,
  type StubParty,
} from "./parties.js";

const BASE = "/register/api/v1";
const requiresToken = { requiresToken: true };

/** Register's own list (CorrespondenceController): the roles that let someone read confidential correspondence. */
const CORRESPONDENCE_ROLES = new Set([
  "innehaver",
  "komplementar",
  "styreleder",
  "deltaker-delt-ansvar",
  "deltaker-fullt-ansvar",
  "bestyrende-reder",
  "daglig-leder",
  "bostyrer",
  "kontaktperson-ados",
  "norsk-representant",
]);

const optionalIdentifier = z.string().nullish();
const partyLookupSchema = z.object({ orgNo: optionalIdentifier, ssn: optionalIdentifier });
const namesLookupSchema = z.object({ parties: z.array(partyLookupSchema) });
const queryRequestSchema = z.object({ data: z.array(z.string()).min(1) });
const mainUnitsRequestSchema = z.object({ data: z.string() });

export const registerStub: StubModule = (router, context) => {
  const directory = partyDirectory(context);
  const parties = registeredParties(directory, context);

  router.route("register", "POST", `${BASE}/parties/lookup`, (req) => {
    const lookup = partyLookupSchema.safeParse(req.body);
    if (!lookup.success) return problem(400, "Invalid party lookup", lookup.error.message);
    if (!isOneOrgNoOrSsn(lookup.data)) {
      return problem(400, "Invalid party lookup", "Give exactly one of orgNo (9 digits) or ssn (11 digits)");
    }
    const party = lookUpByOrgNoOrSsn(parties, lookup.data);
    if (!party) return problem(404, "Party not found", lookup.data.orgNo ?? lookup.data.ssn ?? "");
    return { status: 200, json: partyV1(party, context) };
  }, requiresToken);

  router.route("register", "POST", `${BASE}/parties/nameslookup`, (req) => {
    const lookup = namesLookupSchema.safeParse(req.body);
    if (!lookup.success) return problem(400, "Invalid names lookup", lookup.error.message);
    const partyNames: Array<Record<string, unknown>> = [];
    for (const entry of lookup.data.parties) {
      if (!isOneOrgNoOrSsn(entry)) return problem(400, "Invalid names lookup", "Each party needs exactly one of orgNo or ssn");
      const party = lookUpByOrgNoOrSsn(parties, entry);
      partyNames.push({ orgNo: entry.orgNo ?? null, ssn: entry.ssn ?? null, name: party?.displayName ?? null });
    }
    return { status: 200, json: { partyNames } };
  }, requiresToken);

  router.route("register", "GET", `${BASE}/parties/byuuid/:partyUuid`, (req) => {
    const party = parties.findByPartyUuid(req.params.partyUuid!);
    if (!party) return problem(404, "Party not found", req.params.partyUuid!);
    return { status: 200, json: partyV1(party, context) };
  }, requiresToken);

  router.route("register", "GET", `${BASE}/parties/:partyId`, (req) => {
    const partyId = req.params.partyId!;
    if (!/^\d{1,10}$/.test(partyId)) return problem(400, "Invalid party id", partyId);
    const party = parties.findByPartyId(Number(partyId));
    return party ? { status: 200, json: partyV1(party, context) } : problem(404, "Party not found", partyId);
  }, requiresToken);

  router.route(
    "register",
    "POST",
    `${BASE}/correspondence/parties/query`,
    (req) => queryParties(req, parties, context),
    requiresToken,
  );

  router.route("register", "POST", `${BASE}/correspondence/parties/main-units`, (req) => {
    const request = mainUnitsRequestSchema.safeParse(req.body);
    const urn = request.success && request.data.data.startsWith("urn:") ? request.data.data : undefined;
    const reference = urn ? parsePartyReference(urn) : undefined;
    if (!reference) return problem(400, "Invalid main-units request", "data must be an organisation URN");
    const party = parties.find(reference);
    const mainUnitNumber = party?.orgNumber ? context.fixtures.mainUnits[party.orgNumber] : undefined;
    const mainUnit = mainUnitNumber ? parties.organization(mainUnitNumber) : undefined;
    const data = mainUnit ? [partyV2(mainUnit, requestedFields(req), context)] : [];
    return { status: 200, json: { data } };
  }, requiresToken);

  router.route("register", "GET", `${BASE}/correspondence/parties/:partyUuid/roles/correspondence-roles`, (req) => {
    const party = parties.findByPartyUuid(req.params.partyUuid!);
    const data = party ? correspondenceRoles(party, directory, context) : [];
    return { status: 200, json: { links: { next: null }, data } };
  }, requiresToken);

  router.route("register", "GET", `${BASE}/correspondence/parties/:partyUuid`, (req) => {
    const party = parties.findByPartyUuid(req.params.partyUuid!);
    return party
      ? { status: 200, json: partyV2(party, requestedFields(req), context) }
      : problem(404, "Party not found", req.params.partyUuid!);
  }, requiresToken);
};

type OrgNoOrSsn = { orgNo?: string | null | undefined; ssn?: string | null | undefined };

function isOneOrgNoOrSsn({ orgNo, ssn }: OrgNoOrSsn): boolean {
  if (orgNo && !ssn) return isOrganizationNumber(orgNo);
  if (ssn && !orgNo) return isNationalIdentityNumber(ssn);
  return false;
}

/** Undefined for a malformed look-up (see isOneOrgNoOrSsn) and for a party Register does not know. */
function lookUpByOrgNoOrSsn(parties: RegisteredParties, { orgNo, ssn }: OrgNoOrSsn): StubParty | undefined {
  if (orgNo && !ssn && isOrganizationNumber(orgNo)) return parties.organization(orgNo);
  if (ssn && !orgNo && isNationalIdentityNumber(ssn)) return parties.person(ssn);
  return undefined;
}

/** The directory as Register sees it: every look-up answers undefined for the fixtures' `unknownParties`. */
type RegisteredParties = {
  [Method in "organization" | "person" | "find" | "findByPartyId" | "findByPartyUuid"]: (
    ...args: Parameters<PartyDirectory[Method]>
  ) => StubParty | undefined;
};

function registeredParties(directory: PartyDirectory, context: StubContext): RegisteredParties {
  const unknown = new Set(context.fixtures.unknownParties);
  const registered = (party: StubParty | undefined): StubParty | undefined => {
    const number = party?.orgNumber ?? party?.nationalId;
    return number !== undefined && unknown.has(number) ? undefined : party;
  };
  return {
    organization: (orgNumber) => registered(directory.organization(orgNumber)),
    person: (nationalId) => registered(directory.person(nationalId)),
    find: (reference) => registered(directory.find(reference)),
    findByPartyId: (partyId) => registered(directory.findByPartyId(partyId)),
    findByPartyUuid: (partyUuid) => registered(directory.findByPartyUuid(partyUuid)),
  };
}

/** Unknown party ids/uuids are left out of the answer, as Register does; malformed URNs are the caller's 400. */
function queryParties(req: StubRequest, parties: RegisteredParties, context: StubContext): StubResponse {
  const request = queryRequestSchema.safeParse(req.body);
  if (!request.success) return problem(400, "Invalid party query", "Body must be {\"data\": [\"urn:…\", …]}");
  const malformed = request.data.data.filter((urn) => !urn.startsWith("urn:") || !parsePartyReference(urn));
  if (malformed.length > 0) return problem(400, "Invalid party query", `Not party URNs: ${malformed.join(", ")}`);
  const fields = requestedFields(req);
  const seen = new Set<string>();
  const data: Array<Record<string, unknown>> = [];
  for (const urn of request.data.data) {
    const party = parties.find(parsePartyReference(urn)!);
    if (!party || seen.has(party.partyUuid)) continue;
    seen.add(party.partyUuid);
    data.push(partyV2(party, fields, context));
  }
  return { status: 200, json: { data } };
}

/** `fields` may repeat or be comma-separated; Register's default is identifiers and display name. */
function requestedFields(req: StubRequest): Set<string> {
  const fields = req.query.getAll("fields").flatMap((value) => value.split(",")).map((field) => field.trim());
  return new Set(fields.length > 0 ? fields : ["identifiers", "display-name"]);
}

function isSubUnit(party: StubParty, context: StubContext): boolean {
  return party.orgNumber !== undefined && context.fixtures.mainUnits[party.orgNumber] !== undefined;
}

function partyV2(party: StubParty, fields: Set<string>, context: StubContext): Record<string, unknown> {
  const json: Record<string, unknown> = {
    partyUuid: party.partyUuid,
    versionId: 1,
    partyType: party.kind === "self-identified" ? "self-identified-user" : party.kind,
    isDeleted: false,
  };
  if (fields.has("identifiers")) {
    json.urn = URN.partyUuid + party.partyUuid;
    json.externalUrn = party.externalUrn;
    json.partyId = party.partyId;
    if (party.nationalId) json.personIdentifier = party.nationalId;
    if (party.orgNumber) {
      json.organizationIdentifier = party.orgNumber;
      json.unitType = isSubUnit(party, context) ? "BEDR" : "AS";
    }
  }
  if (fields.has("display-name")) json.displayName = party.displayName;
  if (fields.has("user") && party.userId !== undefined) {
    json.user = {
      userId: party.userId,
      userIds: [party.userId],
      ...(party.username ? { username: party.username } : {}),
    };
  }
  return json;
}

/** v1 `Party`; `partyTypeName` is the numeric PartyType (1 person, 2 organisation, 3 self-identified). */
function partyV1(party: StubParty, context: StubContext): Record<string, unknown> {
  const unitType = party.orgNumber ? (isSubUnit(party, context) ? "BEDR" : "AS") : null;
  return {
    partyId: party.partyId,
    partyUuid: party.partyUuid,
    partyTypeName: party.kind === "person" ? 1 : party.kind === "organization" ? 2 : 3,
    orgNumber: party.orgNumber ?? null,
    ssn: party.nationalId ?? null,
    unitType,
    name: party.displayName,
    isDeleted: false,
    onlyHierarchyElementWithNoAccess: false,
    person: party.nationalId
      ? {
          ssn: party.nationalId,
          name: party.displayName,
          firstName: party.firstName,
          middleName: null,
          lastName: party.lastName,
        }
      : null,
    organization: party.orgNumber ? { orgNumber: party.orgNumber, name: party.displayName, unitType } : null,
    childParties: null,
  };
}

function correspondenceRoles(party: StubParty, parties: PartyDirectory, context: StubContext): unknown[] {
  const partyRef = (of: StubParty) => ({ partyUuid: of.partyUuid, urn: URN.partyUuid + of.partyUuid });
  return context.fixtures.roleAssignments
    .filter((assignment) => assignedParty(parties, assignment.party).partyUuid === party.partyUuid)
    .flatMap((assignment) =>
      assignment.roles
        .filter((role) => CORRESPONDENCE_ROLES.has(role))
        .map((role) => ({
          role: { source: "ccr", identifier: role, urn: `urn:altinn:external-role:ccr:${role}` },
          from: partyRef(party),
          to: partyRef(assignedParty(parties, assignment.holder)),
        })),
    );
}

function problem(status: number, title: string, detail: string): StubResponse {
  return { status, json: { title, status, detail } };
}
