/**
 * The Altinn Resource Registry's three reads (authorization.md §5): the resource (its competent authority is the
 * sender), its policy rights (the confidential access package) and its XACML policy (the minimum authentication
 * level). Reads are anonymous, as the registry's are. Found resources are cached for five minutes and unknown ones
 * for one, so a storm of sends on one resource costs three requests, not three per send.
 */
import { z } from "zod";
import type { LocalizedText, ResourceRegistry, ServiceResource } from "../../domain/ports/resource-registry.js";
import { ExpiringCache } from "./http/expiring-cache.js";
import type { HttpClient } from "./http/http-client.js";

const foundTtlMs = 5 * 60 * 1000;
const notFoundTtlMs = 60 * 1000;
const confidentialAccessPackage = "post-til-virksomheten-med-taushetsbelagt-innhold";

const localizedSchema = z.record(z.string(), z.string().nullish()).nullish();
const resourceSchema = z.object({
  identifier: z.string(),
  title: localizedSchema,
  resourceType: z.string().nullish(),
  hasCompetentAuthority: z
    .object({ organization: z.string().nullish(), orgcode: z.string().nullish(), name: localizedSchema })
    .nullish(),
});
const rightsSchema = z.array(
  z.object({
    subjects: z
      .array(z.object({ subjectAttributes: z.array(z.object({ type: z.string(), value: z.string() })).nullish() }))
      .nullish(),
  }),
);

export interface AltinnResourceRegistryOptions {
  http: HttpClient;
  platformBaseUrl: string;
  now?: () => number;
}

export class AltinnResourceRegistry implements ResourceRegistry {
  /** `null` remembers "no such resource" (a Map cannot tell a cached undefined from a miss). */
  private readonly resources: ExpiringCache<ServiceResource | null>;

  constructor(private readonly options: AltinnResourceRegistryOptions) {
    this.resources = new ExpiringCache({ maxEntries: 5_000, ...(options.now ? { now: options.now } : {}) });
  }

  async get(resourceId: string): Promise<ServiceResource | undefined> {
    const bareId = resourceId.replace(/^urn:altinn:resource:/i, "");
    // Ids with other characters than these cannot exist; asking would only put them into a URL.
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(bareId)) return undefined;
    const resource = await this.resources.getOrLoad(bareId, async () => {
      const value = await this.fetchResource(bareId);
      return { value, ttlMs: value ? foundTtlMs : notFoundTtlMs };
    });
    return resource ?? undefined;
  }

  private async fetchResource(resourceId: string): Promise<ServiceResource | null> {
    const base = `${this.options.platformBaseUrl}/resourceregistry/api/v1/resource/${encodeURIComponent(resourceId)}`;
    const [resourceResponse, rightsResponse, policyResponse] = await Promise.all([
      this.options.http.send({ method: "GET", url: base, acceptStatuses: [404] }),
      this.options.http.send({ method: "GET", url: `${base}/policy/rights`, acceptStatuses: [404] }),
      this.options.http.send({
        method: "GET",
        url: `${base}/policy`,
        headers: { accept: "application/xml, text/xml" },
        acceptStatuses: [404],
      }),
    ]);
    if (resourceResponse.status === 404) return null;
    const resource = resourceSchema.parse(resourceResponse.body);
    const owner = resource.hasCompetentAuthority;
    if (!owner?.organization) return null;
    const rights = rightsResponse.status === 404 ? [] : rightsSchema.parse(rightsResponse.body);
    return {
      resourceId,
      ownerOrgNumber: owner.organization,
      ownerOrgCode: owner.orgcode ?? "",
      ownerName: firstOf(owner.name, ["nb", "nn", "en"]),
      resourceType: resource.resourceType ?? "",
      isConfidential: rights.some((right) =>
        (right.subjects ?? []).some((subject) =>
          (subject.subjectAttributes ?? []).some(
            (attribute) => attribute.type === "urn:altinn:accesspackage" && attribute.value === confidentialAccessPackage,
          ),
        ),
      ),
      minimumAuthenticationLevel: policyResponse.status === 404 ? 0 : minimumAuthenticationLevel(policyResponse.text),
      title: localized(resource.title),
    };
  }
}

/**
 * The smallest `urn:altinn:minimum-authenticationlevel` obligation in a XACML policy (0 when it has none). A
 * pattern, not an XML parser: the policy is the registry's, and only this one well-known element is read.
 */
export function minimumAuthenticationLevel(policyXml: string): number {
  const assignment =
    /<(?:[\w-]+:)?AttributeAssignmentExpression\b[^>]*Category="urn:altinn:minimum-authenticationlevel"[^>]*>\s*<(?:[\w-]+:)?AttributeValue\b[^>]*>\s*(\d+)\s*</g;
  const levels = [...policyXml.matchAll(assignment)].map((match) => Number(match[1]));
  return levels.length > 0 ? Math.min(...levels) : 0;
}

function firstOf(texts: Record<string, string | null | undefined> | null | undefined, languages: string[]): string {
  for (const language of languages) {
    const text = texts?.[language]?.trim();
    if (text) return text;
  }
  return "";
}

function localized(texts: Record<string, string | null | undefined> | null | undefined): LocalizedText {
  const result: { nb?: string; nn?: string; en?: string } = {};
  for (const language of ["nb", "nn", "en"] as const) {
    const text = texts?.[language];
    if (text) result[language] = text;
  }
  return result;
}
