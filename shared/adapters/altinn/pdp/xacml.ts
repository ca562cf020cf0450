/**
 * The XACML 3.0 JSON profile as Altinn Authorization speaks it (external-apis.md §C): request categories built from
 * attribute id/value pairs, and the reading of a result (decision plus the minimum-authentication-level obligation).
 */
import { z } from "zod";

export const xacmlIds = {
  actionId: "urn:oasis:names:tc:xacml:1.0:action:action-id",
  resource: "urn:altinn:resource",
  resourceInstance: "urn:altinn:resourceinstance",
  organization: "urn:altinn:organization:identifier-no",
  person: "urn:altinn:person:identifier-no",
  partyId: "urn:altinn:partyid",
  partyUuid: "urn:altinn:party:uuid",
  userId: "urn:altinn:userid",
  authenticationLevel: "urn:altinn:authlevel",
  sessionId: "urn:altinn:sessionid",
  systemUser: "urn:altinn:systemuser:uuid",
  minimumAuthenticationLevel: "urn:altinn:minimum-authenticationlevel",
} as const;

const stringType = "http://www.w3.org/2001/XMLSchema#string";

export type AttributePair = readonly [attributeId: string, value: string];

export interface XacmlCategory {
  Id?: string;
  Attribute: Array<{ AttributeId: string; Value: string; DataType: string }>;
}

export function category(pairs: readonly AttributePair[], id?: string): XacmlCategory {
  return {
    ...(id === undefined ? {} : { Id: id }),
    Attribute: pairs.map(([attributeId, value]) => ({ AttributeId: attributeId, Value: value, DataType: stringType })),
  };
}

/** Sorted and de-duplicated: equal subjects give equal cache keys whatever order the claims came in. */
export function normalisedPairs(pairs: readonly AttributePair[]): AttributePair[] {
  const unique = new Map(pairs.map((pair) => [`${pair[0]}\u0000${pair[1]}`, pair] as const));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, pair]) => pair);
}

const obligationSchema = z.object({
  AttributeAssignment: z
    .array(z.object({ Category: z.string().nullish(), Value: z.union([z.string(), z.number()]).nullish() }))
    .nullish(),
});
const resultSchema = z.object({
  Decision: z.string(),
  Obligations: z.array(obligationSchema).nullish(),
});
export const decisionResponseSchema = z.object({ Response: z.array(resultSchema) });

export interface PdpResult {
  permit: boolean;
  /** The minimum authentication level the permit is conditional on, if the PDP named one. */
  minimumAuthenticationLevel?: number;
}

export function readResult(result: z.infer<typeof resultSchema>): PdpResult {
  const levels = (result.Obligations ?? [])
    .flatMap((obligation) => obligation.AttributeAssignment ?? [])
    .filter((assignment) => assignment.Category === xacmlIds.minimumAuthenticationLevel)
    .map((assignment) => Number(assignment.Value))
    .filter((level) => Number.isInteger(level));
  return {
    permit: result.Decision === "Permit",
    ...(levels.length > 0 ? { minimumAuthenticationLevel: Math.max(...levels) } : {}),
  };
}
