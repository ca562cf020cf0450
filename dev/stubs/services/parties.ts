/**
 * Who is who on the local platform. Register, Profile, KRR, the PDP and the token generator all ask this directory,
 * so they agree on every party's id, uuid, user id and name. Everything is derived from the identifier itself:
 * - partyUuid encodes an organisation or person number (`a0000000-…-000991825827`, `b0000000-…-008900499559`), so a
 *   uuid resolves even after a restart; ID-porten e-mail users get a name-based (v5) uuid instead;
 * - partyId and userId are hashes of the identifier, 8 and 7 digits long: never 9 or 11 digits, which callers
 *   would mistake for an organisation or national identity number. Looking a party up by these numbers works once
 *   the party has been resolved, as it would have been by the caller's earlier Register lookup.
 */
import { createHash } from "node:crypto";
import type { StubContext } from "../context.js";
import type { StubFixtures } from "../fixtures.js";

export const URN = {
  organization: "urn:altinn:organization:identifier-no:",
  person: "urn:altinn:person:identifier-no:",
  idportenEmail: "urn:altinn:person:idporten-email:",
  legacySelfIdentified: "urn:altinn:person:legacy-selfidentified:",
  partyId: "urn:altinn:party:id:",
  partyUuid: "urn:altinn:party:uuid:",
} as const;

export type PartyKind = "organization" | "person" | "self-identified";

export interface StubParty {
  kind: PartyKind;
  /** The identifier URN callers use, e.g. urn:altinn:organization:identifier-no:991825827 */
  externalUrn: string;
  partyId: number;
  partyUuid: string;
  displayName: string;
  orgNumber?: string;
  nationalId?: string;
  /** Lower-cased ID-porten e-mail of a self-identified user. */
  email?: string;
  /** User name of a legacy (Altinn 2) self-identified user. */
  username?: string;
  /** Persons and self-identified users can log in, so they have a user id. */
  userId?: number;
  firstName?: string;
  lastName?: string;
}

/** A parsed reference to a party; `undefined` from the parser means the text is not a well-formed reference. */
export type PartyReference =
  | { kind: "organization"; orgNumber: string }
  | { kind: "person"; nationalId: string }
  | { kind: "idporten-email"; email: string }
  | { kind: "legacy-selfidentified"; username: string }
  | { kind: "party-id"; partyId: number }
  | { kind: "party-uuid"; partyUuid: string };

export const isOrganizationNumber = (value: string): boolean => /^\d{9}$/.test(value);
export const isNationalIdentityNumber = (value: string): boolean => /^\d{11}$/.test(value);
export const isEmailAddress = (value: string): boolean => /^[^\s@:]+@[^\s@:]+\.[^\s@:]+$/.test(value);
const isUuid = (value: string): boolean => /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value);

/** Accepts the URNs Register understands, plus bare organisation/person numbers and e-mail addresses. */
export function parsePartyReference(text: string): PartyReference | undefined {
  const value = text.trim();
  const after = (prefix: string): string | undefined =>
    value.toLowerCase().startsWith(prefix) ? value.slice(prefix.length) : undefined;
  // A recognised prefix decides the kind; a malformed value after it makes the whole reference malformed.
  const org = after(URN.organization) ?? (isOrganizationNumber(value) ? value : undefined);
  if (org !== undefined) return isOrganizationNumber(org) ? { kind: "organization", orgNumber: org } : undefined;
  const person = after(URN.person) ?? (isNationalIdentityNumber(value) ? value : undefined);
  if (person !== undefined) {
    return isNationalIdentityNumber(person) ? { kind: "person", nationalId: person } : undefined;
  }
  const email = after(URN.idportenEmail) ?? (isEmailAddress(value) ? value : undefined);
  if (email !== undefined) {
    return isEmailAddress(email) ? { kind: "idporten-email", email: email.toLowerCase() } : undefined;
  }
  const username = after(URN.legacySelfIdentified);
  if (username !== undefined) return username.length > 0 ? { kind: "legacy-selfidentified", username } : undefined;
  const partyId = after(URN.partyId);
  if (partyId !== undefined) {
    return /^\d{1,10}$/.test(partyId) ? { kind: "party-id", partyId: Number(partyId) } : undefined;
  }
  const partyUuid = after(URN.partyUuid);
  if (partyUuid !== undefined) {
    return isUuid(partyUuid) ? { kind: "party-uuid", partyUuid: partyUuid.toLowerCase() } : undefined;
  }
  return undefined;
}

export class PartyDirectory {
  /**
   * Ids derived by hashing collide once thousands of parties are in play (a 500-recipient test resolves that many),
   * and a collision would make two parties share an id. The first identifier to claim a number keeps it; a later one
   * takes the next free number, so ids stay stable for a given order of look-ups and are always unique.
   */
  private readonly allocatedNumbers = new Map<string, number>();
  private readonly claimedNumbers = new Set<number>();
  private readonly byPartyId = new Map<number, StubParty>();
  private readonly byUserId = new Map<number, StubParty>();
  private readonly byPartyUuid = new Map<string, StubParty>();

  constructor(private readonly fixtures: StubFixtures) {}

  private uniqueNumber(seed: string, base: number, range: number): number {
    const allocated = this.allocatedNumbers.get(seed);
    if (allocated !== undefined) return allocated;
    let candidate = derivedNumber(seed, base, range);
    while (this.claimedNumbers.has(candidate)) candidate = base + ((candidate - base + 1) % range);
    this.allocatedNumbers.set(seed, candidate);
    this.claimedNumbers.add(candidate);
    return candidate;
  }

  organization(orgNumber: string): StubParty {
    const name = this.fixtures.partyNames[orgNumber] ?? madeUpOrganizationName(orgNumber);
    return this.remember({
      kind: "organization",
      externalUrn: URN.organization + orgNumber,
      partyId: this.uniqueNumber(`org:${orgNumber}`, 50_000_000, 5_000_000),
      partyUuid: `a0000000-0000-4000-8000-000${orgNumber}`,
      displayName: name,
      orgNumber,
    });
  }

  person(nationalId: string): StubParty {
    const { firstName, lastName } = madeUpPersonName(nationalId);
    return this.remember({
      kind: "person",
      externalUrn: URN.person + nationalId,
      partyId: this.uniqueNumber(`person:${nationalId}`, 55_000_000, 5_000_000),
      partyUuid: `b0000000-0000-4000-8000-0${nationalId}`,
      displayName: this.fixtures.partyNames[nationalId] ?? `${firstName} ${lastName}`,
      nationalId,
      userId: this.uniqueNumber(`user:${nationalId}`, 1_000_000, 9_000_000),
      firstName,
      lastName,
    });
  }

  idportenEmailUser(email: string): StubParty {
    const lowerCased = email.toLowerCase();
    return this.remember({
      kind: "self-identified",
      externalUrn: URN.idportenEmail + lowerCased,
      partyId: this.uniqueNumber(`email:${lowerCased}`, 60_000_000, 5_000_000),
      partyUuid: nameBasedUuid(URN.idportenEmail + lowerCased),
      displayName: this.fixtures.partyNames[lowerCased] ?? lowerCased,
      email: lowerCased,
      userId: this.uniqueNumber(`user:${lowerCased}`, 1_000_000, 9_000_000),
    });
  }

  legacySelfIdentifiedUser(username: string): StubParty {
    return this.remember({
      kind: "self-identified",
      externalUrn: URN.legacySelfIdentified + username,
      partyId: this.uniqueNumber(`legacy:${username}`, 60_000_000, 5_000_000),
      partyUuid: nameBasedUuid(URN.legacySelfIdentified + username),
      displayName: this.fixtures.partyNames[username] ?? username,
      username,
      userId: this.uniqueNumber(`user:legacy:${username}`, 1_000_000, 9_000_000),
    });
  }

  /** The party a reference points at; undefined when it is a party id/uuid nobody has resolved yet. */
  find(reference: PartyReference): StubParty | undefined {
    switch (reference.kind) {
      case "organization":
        return this.organization(reference.orgNumber);
      case "person":
        return this.person(reference.nationalId);
      case "idporten-email":
        return this.idportenEmailUser(reference.email);
      case "legacy-selfidentified":
        return this.legacySelfIdentifiedUser(reference.username);
      case "party-id":
        return this.byPartyId.get(reference.partyId);
      case "party-uuid":
        return this.findByPartyUuid(reference.partyUuid);
    }
  }

  findByPartyId(partyId: number): StubParty | undefined {
    return this.byPartyId.get(partyId);
  }

  findByUserId(userId: number): StubParty | undefined {
    return this.byUserId.get(userId);
  }

  findByPartyUuid(partyUuid: string): StubParty | undefined {
    const uuid = partyUuid.toLowerCase();
    const encodedOrg = /^a0000000-0000-4000-8000-000(\d{9})$/.exec(uuid);
    if (encodedOrg) return this.organization(encodedOrg[1]!);
    const encodedPerson = /^b0000000-0000-4000-8000-0(\d{11})$/.exec(uuid);
    if (encodedPerson) return this.person(encodedPerson[1]!);
    return this.byPartyUuid.get(uuid);
  }

  /**
   * The token generator lets a caller choose the user id and party id of a person token; remember them so the
   * PDP and Register can tell whose they are. A later choice of the same number wins.
   */
  addPersonAliases(nationalId: string, aliases: { userId?: number; partyId?: number }): void {
    const person = this.person(nationalId);
    if (aliases.userId !== undefined) this.byUserId.set(aliases.userId, person);
    if (aliases.partyId !== undefined) this.byPartyId.set(aliases.partyId, person);
  }

  private remember(party: StubParty): StubParty {
    if (!this.byPartyId.has(party.partyId)) this.byPartyId.set(party.partyId, party);
    if (party.userId !== undefined && !this.byUserId.has(party.userId)) this.byUserId.set(party.userId, party);
    this.byPartyUuid.set(party.partyUuid, party);
    return party;
  }
}

/** One side of a role assignment from the fixtures: a person (`pid`) or an organisation (`orgNumber`). */
export function assignedParty(directory: PartyDirectory, side: { pid: string } | { orgNumber: string }): StubParty {
  return "pid" in side ? directory.person(side.pid) : directory.organization(side.orgNumber);
}

const directories = new WeakMap<StubContext, PartyDirectory>();

/** One directory per running stub server, shared by every module of that server. */
export function partyDirectory(context: StubContext): PartyDirectory {
  let directory = directories.get(context);
  if (!directory) {
    directory = new PartyDirectory(context.fixtures);
    directories.set(context, directory);
  }
  return directory;
}

/** Deterministic e-mail address and mobile number for a person or organisation (Profile, KRR). */
export function contactPointsOf(identifier: string): { email: string; mobileNumber: string } {
  const isOrganisation = isOrganizationNumber(identifier);
  const localPart = isOrganisation ? `post.${identifier}` : `person.${identifier}`;
  // Norwegian mobile numbers are +47 followed by eight digits starting with 4 or 9.
  const mobileNumber = `+479${String(derivedNumber(`mobile:${identifier}`, 0, 10_000_000)).padStart(7, "0")}`;
  return { email: `${localPart}@example.com`, mobileNumber };
}

function hashOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function derivedNumber(seed: string, base: number, range: number): number {
  return base + (hashOf(seed).readUIntBE(0, 6) % range);
}

/** RFC 4122 name-based uuid (version 5, SHA-1) in a namespace of our own. */
function nameBasedUuid(name: string): string {
  const bytes = createHash("sha1").update(`local-altinn-stub:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const organisationWords = ["NORDLYS", "FJORD", "SKOGLY", "HAVBRIS", "FJELLTOPP", "ELVEBREDD", "VIDDA", "BREVIK"];
const organisationTrades = ["REGNSKAP", "TRANSPORT", "BYGG", "DATA", "HANDEL", "KONSULT", "FISKE", "ENERGI"];
const firstNames = ["Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Magnus", "Nora", "Jonas"];
const lastNames = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen"];

function pick(list: string[], seed: string): string {
  return list[hashOf(seed).readUInt16BE(0) % list.length]!;
}

function madeUpOrganizationName(orgNumber: string): string {
  return `${pick(organisationWords, `w:${orgNumber}`)} ${pick(organisationTrades, `t:${orgNumber}`)} AS`;
}

function madeUpPersonName(nationalId: string): { firstName: string; lastName: string } {
  return { firstName: pick(firstNames, `f:${nationalId}`), lastName: pick(lastNames, `l:${nationalId}`) };
}
