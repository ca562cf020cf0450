/**
 * The documents of the `correspondence-requests` container (partition key `/id`): one per initialize request, recorded
 * before any correspondence of it is written. A request with an `idempotentKey` has the key as its id, so the key is
 * enforced by the create itself (409 → 1034) — exactly one of two concurrent requests with the same key is recorded.
 */
import type { InitializeRequest } from "../../use-cases/initialize-correspondences/initialize-request.js";

export type RequestState = "recorded" | "completed";

export interface RequestDocument extends InitializeRequest {
  /** The request id (= the idempotentKey, lower-case, when there is one). */
  id: string;
  type: "initializeRequest";
  /** `recorded` until every correspondence is written and its messages are sent; the sweep finishes the rest. */
  state: RequestState;
}

export function toRequestDocument(request: InitializeRequest): RequestDocument {
  return { ...request, id: request.requestId, type: "initializeRequest", state: "recorded" };
}

export function fromRequestDocument(document: RequestDocument): InitializeRequest {
  return {
    requestId: document.requestId,
    idempotentKey: document.idempotentKey,
    recordedAt: document.recordedAt,
    callerPartyUuid: document.callerPartyUuid,
    template: document.template,
    recipients: document.recipients,
    attachmentsReady: document.attachmentsReady,
  };
}
