/** The Altinn Resource Registry: who owns a service resource (= the sender), its type and its confidentiality. */

/** Texts per language code (`nb`, `nn`, `en`); a language may be missing. */
export type LocalizedText = Readonly<Partial<Record<"nb" | "nn" | "en", string>>>;

/** `resourceType` values Correspondence cares about; the registry knows more, passed through as strings. */
export type ResourceType = "CorrespondenceService" | "GenericAccessResource" | "AltinnApp" | (string & {});

export interface ServiceResource {
  resourceId: string;
  /** `hasCompetentAuthority.organization`: the sender of every correspondence on this resource. */
  ownerOrgNumber: string;
  /** `hasCompetentAuthority.orgcode`, e.g. `ttd`; `""` when the registry has none. */
  ownerOrgCode: string;
  /** `hasCompetentAuthority.name` (nb → nn → en); `""` when empty, which makes the PDP check deny. */
  ownerName: string;
  resourceType: ResourceType;
  /** True when the resource's policy grants the access package `post-til-virksomheten-med-taushetsbelagt-innhold`. */
  isConfidential: boolean;
  /** Smallest `urn:altinn:minimum-authenticationlevel` obligation in the resource policy; 0 when none. */
  minimumAuthenticationLevel: number;
  title: LocalizedText;
}

export interface ResourceRegistry {
  /** Undefined when the resource does not exist or names no owning organisation (→ 400/1036 upstream). */
  get(resourceId: string): Promise<ServiceResource | undefined>;
}
