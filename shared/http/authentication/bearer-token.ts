/** Reads the token of an `Authorization: Bearer <token>` header; the scheme name is case-insensitive (RFC 9110). */
export function readBearerToken(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  if (!authorization) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}
