/**
 * `POST /correspondence/api/v1/correspondence` (api.md §4.1, JSON): policy Sender; the body is parsed with ASP.NET's
 * leniency and model rules (400 STD-00000), then the use case runs the business checks and records the request.
 * Answers `InitializeCorrespondencesResponseExt`. An optional `Idempotency-Key` header replays the first answer.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { jsonInJsonOut, withContentNegotiation } from "../shared/http/content-negotiation.js";
import { jsonResponse, respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import type { IdempotencyRecordStore } from "../shared/http/idempotency/idempotency-record-store.js";
import { withIdempotencyKey } from "../shared/http/idempotency/with-idempotency-key.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import { serializeWire } from "../shared/http/wire/correspondence-responses.js";
import {
  initializeCorrespondencesResponseSchema,
  parseInitializeCorrespondencesJson,
} from "../shared/http/wire/initialize-correspondences.js";
import type { InitializeCorrespondencesResult } from "../shared/use-cases/initialize-correspondences/initialize-command.js";
import type { InitializeCorrespondences } from "../shared/use-cases/initialize-correspondences/initialize-correspondences.js";

export interface InitializeCorrespondencesFunctionDependencies {
  authenticator: TokenAuthenticator;
  idempotencyRecords: IdempotencyRecordStore;
  initializeCorrespondences: Pick<InitializeCorrespondences, "execute">;
}

function initializedResponse(result: InitializeCorrespondencesResult) {
  return jsonResponse(
    serializeWire(initializeCorrespondencesResponseSchema, {
      correspondences: result.correspondences.map((initialized) => ({ ...initialized, notifications: null })),
      attachmentIds: result.attachmentIds,
    }),
  );
}

export function makeInitializeCorrespondencesHandler(dependencies: InitializeCorrespondencesFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.initialize.policy,
    withContentNegotiation(
      jsonInJsonOut,
      withIdempotencyKey(dependencies.idempotencyRecords, async (request, context, caller) => {
        const parsed = parseInitializeCorrespondencesJson(await request.text(), context);
        if (!parsed.ok) return parsed.response;
        const outcome = await dependencies.initializeCorrespondences.execute({ caller, ...parsed.value });
        return respond(outcome, context, initializedResponse);
      }),
    ),
  );
}

export function registerInitializeCorrespondencesFunction(dependencies: InitializeCorrespondencesFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.initialize);
  app.http("initializeCorrespondences", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeInitializeCorrespondencesHandler(dependencies)),
  });
}
