/** Gives a bearer token carrying the given scopes; implementations cache per scope set. */
export interface AccessTokenProvider {
  getToken(scopes: readonly string[]): Promise<string>;
}

/** The cache key of a scope set: order and repetition do not matter to the issuer, so they do not matter here. */
export function scopeSetKey(scopes: readonly string[]): string {
  return [...new Set(scopes)].sort().join(" ");
}

/** How long before a token's expiry we stop handing it out, so it never expires on its way to the API. */
export const defaultRefreshMarginSeconds = 60;
