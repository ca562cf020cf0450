/**
 * `Set-Cookie` values for the `cookies` of an HttpResponse, serialised the way @azure/functions' stream proxy does
 * (it uses the `cookie` package: URI-encoded value, attributes in this order).
 */
import type { Cookie } from "@azure/functions";

export function serializeCookie(cookie: Cookie): string {
  const attributes = [`${cookie.name}=${encodeURIComponent(cookie.value)}`];
  if (cookie.maxAge !== undefined) attributes.push(`Max-Age=${Math.floor(cookie.maxAge)}`);
  if (cookie.domain) attributes.push(`Domain=${cookie.domain}`);
  if (cookie.path) attributes.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) attributes.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.httpOnly) attributes.push("HttpOnly");
  if (cookie.secure) attributes.push("Secure");
  if (cookie.sameSite) attributes.push(`SameSite=${cookie.sameSite}`);
  return attributes.join("; ");
}
