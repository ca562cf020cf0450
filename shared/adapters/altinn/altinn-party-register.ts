/**
 * Altinn Register through its correspondence API: `POST correspondence/parties/query` (party URNs → parties) and,
 * for the confidential-recipient check, `main-units` and `{partyUuid}/roles/correspondence-roles`. Parties are
 * cached for five minutes per URN, so the 500 recipients of one send and the parties of a list cost one query each
 * at most; a look-up that fails is not cached.
 */
import { z } from "zod";
import type { Party, PartyRegister } from "../../domain/ports/party-register.js";
import type { BearerToken, HttpClient } from "./http/http-client.js";
import { ExpiringCache } from "./http/expiring-cache.js";
import { canonicalPartyUrn, parsePartyUrn, partyUrn } from "./party-urn.js";

const partyTtlMs = 5 * 60 * 1000;
/** Register answers at most this many URNs per query. */
const queryBatchSize = 100;

const registerPartySchema = z.object({
  partyUuid: z.string(),
  partyId: z.number().int(),
  partyType: z.string(),
  displayName: z.string().nullish(),
  externalUrn: z.string().nullish(),
  personIdentifier: z.string().nullish(),
  organizationIdentifier: z.string().nullish(),
  user: z.object({ userId: z.number().int() }).nullish(),
});
type RegisterParty = z.infer<typeof registerPartySchema>;
const queryResponseSchema = z.object({ data: z.array(registerPartySchema) });
const rolesResponseSchema = z.object({
  data: z.array(z.object({ role: z.object({ identifier: z.string() }) })),
});

export interface AltinnPartyRegisterOptions {
  http: HttpClient;
  platformBaseUrl: string;
  bearer: BearerToken;
  now?: () => number;
}

export class AltinnPartyRegister implements PartyRegister {
  private readonly parties: ExpiringCache<Party>;
  private readonly roleChecks: ExpiringCache<boolean>;
  private readonly baseUrl: string;

  constructor(private readonly options: AltinnPartyRegisterOptions) {
    this.parties = new ExpiringCache({ maxEntries: 50_000, ...(options.now ? { now: options.now } : {}) });
    this.roleChecks = new ExpiringCache({ maxEntries: 10_000, ...(options.now ? { now: options.now } : {}) });
    this.baseUrl = `${options.platformBaseUrl}/register/api/v1/correspondence/parties`;
  }

  async lookup(urns: readonly string[]): Promise<Map<string, Party>> {
    const found = new Map<string, Party>();
    const missing = new Map<string, string[]>();
    for (const urn of urns) {
      const reference = parsePartyUrn(urn);
      if (!reference) continue;
      const key = canonicalPartyUrn(reference).toLowerCase();
      const cached = this.parties.get(key);
      if (cached) found.set(urn, cached);
      else missing.set(key, [...(missing.get(key) ?? []), urn]);
    }
    const keys = [...missing.keys()];
    for (let start = 0; start < keys.length; start += queryBatchSize) {
      const batch = keys.slice(start, start + queryBatchSize);
      for (const registerParty of await this.query(batch)) {
        const party = toParty(registerParty);
        for (const key of keysOf(registerParty)) {
          if (!missing.has(key)) continue;
          this.parties.set(key, party, partyTtlMs);
          for (const urn of missing.get(key) ?? []) found.set(urn, party);
        }
      }
    }
    return found;
  }

  hasRequiredRoles(orgNumber: string, roles: readonly string[]): Promise<boolean> {
    const wanted = new Set(roles.map((role) => role.toLowerCase()));
    return this.roleChecks.getOrLoad(`${orgNumber}|${[...wanted].sort().join(",")}`, async () => {
      // A sub-unit's roles are held in its main unit, so the check is made there.
      const unitUuid = (await this.mainUnitUuid(orgNumber)) ?? (await this.lookupOne(partyUrn.organization + orgNumber));
      if (!unitUuid) return { value: false, ttlMs: partyTtlMs };
      const response = await this.options.http.send({
        method: "GET",
        url: `${this.baseUrl}/${encodeURIComponent(unitUuid)}/roles/correspondence-roles`,
        bearer: this.options.bearer,
      });
      const { data } = rolesResponseSchema.parse(response.body);
      return { value: data.some(({ role }) => wanted.has(role.identifier.toLowerCase())), ttlMs: partyTtlMs };
    });
  }

  private async query(urns: string[]): Promise<RegisterParty[]> {
    const response = await this.options.http.send({
      method: "POST",
      url: `${this.baseUrl}/query`,
      query: { fields: ["identifiers", "display-name", "user"] },
      json: { data: urns },
      bearer: this.options.bearer,
      // Register queries take their question in the body but change nothing, so they retry like GETs.
      safeToRepeat: true,
    });
    return queryResponseSchema.parse(response.body).data;
  }

  private async lookupOne(urn: string): Promise<string | undefined> {
    return (await this.lookup([urn])).get(urn)?.partyUuid;
  }

  private async mainUnitUuid(orgNumber: string): Promise<string | undefined> {
    const response = await this.options.http.send({
      method: "POST",
      url: `${this.baseUrl}/main-units`,
      query: { fields: ["identifiers"] },
      json: { data: partyUrn.organization + orgNumber },
      bearer: this.options.bearer,
      safeToRepeat: true,
    });
    return queryResponseSchema.parse(response.body).data[0]?.partyUuid;
  }
}

function toParty(party: RegisterParty): Party {
  return {
    partyUuid: party.partyUuid.toLowerCase(),
    partyId: party.partyId,
    name: party.displayName ?? "",
    type: party.partyType === "self-identified-user" ? "self-identified" : party.partyType,
    ...(party.organizationIdentifier ? { orgNumber: party.organizationIdentifier } : {}),
    ...(party.personIdentifier ? { ssn: party.personIdentifier } : {}),
    ...(party.user ? { userId: party.user.userId } : {}),
  };
}

/** Every canonical URN the party answers to, so a result can be matched to the URN that asked for it. */
function keysOf(party: RegisterParty): string[] {
  const keys = [partyUrn.partyUuid + party.partyUuid, partyUrn.partyId + String(party.partyId)];
  if (party.externalUrn) keys.push(party.externalUrn);
  if (party.organizationIdentifier) keys.push(partyUrn.organization + party.organizationIdentifier);
  if (party.personIdentifier) keys.push(partyUrn.person + party.personIdentifier);
  return keys.map((key) => key.toLowerCase());
}
