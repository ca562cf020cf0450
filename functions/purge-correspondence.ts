/**
 * `DELETE /correspondence/api/v1/correspondence/{correspondenceId}/purge` (api.md §4.9): policy SenderOrRecipient;
 * answers the id as a JSON string. A JSON body (e.g. `{}`) is accepted and ignored, as clients send one. An optional
 * `Idempotency-Key` header makes a retry replay the first answer.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { jsonOut, withContentNegotiation } from "../shared/http/content-negotiation.js";
import { correspondenceIdOf } from "../shared/http/correspondence-endpoints/correspondence-id-parameter.js";
import { correspondenceIdResponse, respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import type { IdempotencyRecordStore } from "../shared/http/idempotency/idempotency-record-store.js";
import { withIdempotencyKey } from "../shared/http/idempotency/with-idempotency-key.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import type { PurgeCorrespondence } from "../shared/use-cases/purge-correspondence/purge-correspondence.js";

export interface PurgeCorrespondenceFunctionDependencies {
  authenticator: TokenAuthenticator;
  idempotencyRecords: IdempotencyRecordStore;
  purgeCorrespondence: Pick<PurgeCorrespondence, "execute">;
}

export function makePurgeCorrespondenceHandler(dependencies: PurgeCorrespondenceFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.purge.policy,
    withContentNegotiation(
      jsonOut,
      withIdempotencyKey(dependencies.idempotencyRecords, async (request, context, caller) => {
        const id = correspondenceIdOf(request, context);
        if (!id.ok) return id.response;
        const outcome = await dependencies.purgeCorrespondence.execute({ caller, correspondenceId: id.id });
        return respond(outcome, context, correspondenceIdResponse);
      }),
    ),
  );
}

export function registerPurgeCorrespondenceFunction(dependencies: PurgeCorrespondenceFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.purge);
  app.http("purgeCorrespondence", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makePurgeCorrespondenceHandler(dependencies)),
  });
}
