/**
 * The `Idempotency-Key` request header on POST and DELETE endpoints (what integrators asked Altinn for): a client
 * that retries a request with the same key gets the first response again — status and body — instead of a second
 * execution. The same key with a different request is refused with 422; a retry that arrives while the first
 * request is still running waits for its response (or gets 409 when that takes too long). Responses with a 5xx
 * status are not kept, so a retry after a server fault executes again.
 *
 * Compose it inside the authentication wrapper (the key is scoped to the caller):
 * `withCaller(authenticator, policy, withIdempotencyKey(store, handler))`. Meant for endpoints with JSON or empty
 * bodies: the body is read in full to fingerprint the request.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { CallerHttpHandler } from "../authorize-request.js";
import { problemResponse, problemTypes, validationProblemResponse } from "../problem-details.js";
import { traceIdOf } from "../trace-id.js";
import { captureResponse, responseFromStored } from "./captured-response.js";
import type { IdempotencyRecord, IdempotencyRecordStore, StoredResponse } from "./idempotency-record-store.js";
import { callerScope, idempotencyRecordId, isAcceptableIdempotencyKey, requestFingerprint } from "./idempotency-scope.js";

export const idempotencyKeyHeader = "idempotency-key";
/** Set on a replayed response, so a client (and its logs) can tell a replay from a fresh execution. */
export const idempotentReplayedHeader = "idempotent-replayed";

export const idempotencyKeyReusedDetail = "Idempotency-Key reused with a different request";
export const idempotencyKeyInProgressDetail =
  "A request with this Idempotency-Key is still being processed; retry later to get its response";

export interface IdempotencyOptions {
  now?: () => Date;
  /** How long a completed response is replayed: at least 24 hours (the promise to callers). */
  retentionMs?: number;
  /**
   * How long an in-progress claim blocks the key. Azure's front end ends any HTTP request after 230 s, so after
   * 240 s the claim's owner has certainly stopped answering its caller; a claim left by a crash expires then.
   */
  leaseMs?: number;
  /** How long a concurrent request with the same key waits for the first one's response before answering 409. */
  waitForInProgressMs?: number;
  pollIntervalMs?: number;
}

const defaults = {
  retentionMs: 24 * 60 * 60 * 1000,
  leaseMs: 240_000,
  waitForInProgressMs: 10_000,
  pollIntervalMs: 100,
} as const;

type Claim =
  | { kind: "execute"; record: IdempotencyRecord; etag: string }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "differentRequest" }
  | { kind: "stillInProgress" };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function withIdempotencyKey(
  store: IdempotencyRecordStore,
  handler: CallerHttpHandler,
  options: IdempotencyOptions = {},
): CallerHttpHandler {
  const settings = { ...defaults, ...options };
  const now = options.now ?? (() => new Date());
  const isLive = (record: IdempotencyRecord) => Date.parse(record.expiresAt) > now().getTime();

  async function claim(id: string, fingerprint: string): Promise<Claim> {
    const waitUntil = now().getTime() + settings.waitForInProgressMs;
    for (;;) {
      const started = now();
      const record: IdempotencyRecord = {
        id,
        fingerprint,
        state: "inProgress",
        response: null,
        createdAt: started.toISOString(),
        expiresAt: new Date(started.getTime() + settings.leaseMs).toISOString(),
      };
      const created = await store.create(record);
      if (created.ok) return { kind: "execute", record, etag: created.etag };

      const existing = await store.read(id);
      if (!existing) continue; // removed between our create and read (a 5xx was not kept): try again
      if (!isLive(existing.record)) {
        // Expired counts as absent: take it over, conditioned on the version we saw so only one taker wins.
        const taken = await store.replace(record, existing.etag);
        if (taken.ok) return { kind: "execute", record, etag: taken.etag };
        continue;
      }
      if (existing.record.fingerprint !== fingerprint) return { kind: "differentRequest" };
      if (existing.record.state === "completed" && existing.record.response) {
        return { kind: "replay", response: existing.record.response };
      }
      if (now().getTime() >= waitUntil) return { kind: "stillInProgress" };
      await sleep(settings.pollIntervalMs);
    }
  }

  async function complete(
    claimed: { record: IdempotencyRecord; etag: string },
    response: StoredResponse,
    context: InvocationContext,
  ): Promise<void> {
    const completedAt = now();
    const completed: IdempotencyRecord = {
      ...claimed.record,
      state: "completed",
      response,
      expiresAt: new Date(completedAt.getTime() + settings.retentionMs).toISOString(),
    };
    const stored = await store.replace(completed, claimed.etag);
    // Only possible when our lease ran out and another request took the key over: its response is the one kept.
    if (!stored.ok) context.warn(`Idempotency record ${claimed.record.id} was taken over before its request completed`);
  }

  return async (request: HttpRequest, context: InvocationContext, caller) => {
    const key = request.headers.get(idempotencyKeyHeader)?.trim();
    if (key === undefined) return handler(request, context, caller);
    if (!isAcceptableIdempotencyKey(key)) {
      return validationProblemResponse(
        [{ key: "Idempotency-Key", message: "The Idempotency-Key header must be 1 to 255 visible ASCII characters." }],
        context,
      );
    }
    const scope = callerScope(caller);
    if (!scope) {
      // Nobody to scope the key to (a token naming no organisation, person or party): run without replay.
      context.warn("Idempotency-Key ignored: the token names no organisation, person or party to scope it to");
      return handler(request, context, caller);
    }

    const url = new URL(request.url);
    const body = new Uint8Array(await request.clone().arrayBuffer());
    const id = idempotencyRecordId({ scope, method: request.method, path: url.pathname, key });
    const fingerprint = requestFingerprint({ query: url.search, body });

    const claimed = await claim(id, fingerprint);
    switch (claimed.kind) {
      case "replay":
        return responseFromStored(claimed.response, { [idempotentReplayedHeader]: "true" });
      case "differentRequest":
        return plainProblem(422, idempotencyKeyReusedDetail, context);
      case "stillInProgress":
        return plainProblem(409, idempotencyKeyInProgressDetail, context);
      case "execute":
        break;
    }

    let response: StoredResponse;
    try {
      response = await captureResponse(await handler(request, context, caller));
    } catch (error) {
      await store.remove(id, claimed.etag);
      throw error;
    }
    if (response.status >= 500) await store.remove(id, claimed.etag);
    else await complete(claimed, response, context);
    return responseFromStored(response);
  };
}

/** These refusals are about the header, not about a correspondence: no catalogue code, the standard problem shape. */
function plainProblem(status: 409 | 422, detail: string, context: InvocationContext): HttpResponseInit {
  return problemResponse({ ...problemTypes[status], status, detail, traceId: traceIdOf(context) });
}
