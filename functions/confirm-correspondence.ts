/**
 * `POST /correspondence/api/v1/correspondence/{correspondenceId}/confirm` (api.md §4.8): policy Recipient; answers
 * the id as a JSON string once the guards pass (the Dialogporten patch and the stored `Confirmed` come with the
 * confirmation issue). An optional `Idempotency-Key` header makes a retry replay the first answer.
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
import type { ConfirmCorrespondence } from "../shared/use-cases/confirm-correspondence/confirm-correspondence.js";

export interface ConfirmCorrespondenceFunctionDependencies {
  authenticator: TokenAuthenticator;
  idempotencyRecords: IdempotencyRecordStore;
  confirmCorrespondence: Pick<ConfirmCorrespondence, "execute">;
}

export function makeConfirmCorrespondenceHandler(dependencies: ConfirmCorrespondenceFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.confirm.policy,
    withContentNegotiation(
      jsonOut,
      withIdempotencyKey(dependencies.idempotencyRecords, async (request, context, caller) => {
        const id = correspondenceIdOf(request, context);
        if (!id.ok) return id.response;
        const outcome = await dependencies.confirmCorrespondence.execute({ caller, correspondenceId: id.id });
        return respond(outcome, context, correspondenceIdResponse);
      }),
    ),
  );
}

export function registerConfirmCorrespondenceFunction(dependencies: ConfirmCorrespondenceFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.confirm);
  app.http("confirmCorrespondence", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeConfirmCorrespondenceHandler(dependencies)),
  });
}
