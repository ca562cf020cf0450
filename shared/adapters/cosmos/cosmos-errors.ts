/** The Cosmos DB answers the adapters turn into domain outcomes rather than errors. */

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === "number" ? code : undefined;
}

/** 409: an item with that id already exists in the partition. */
export function isConflict(error: unknown): boolean {
  return statusCodeOf(error) === 409;
}

/** 412: the item is no longer at the ETag the write was conditioned on. */
export function isPreconditionFailed(error: unknown): boolean {
  return statusCodeOf(error) === 412;
}

/** 404: no such item (or not in that partition). */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}
