/**
 * `POST /correspondence/api/v1/correspondence/{correspondenceId}/markasread` (api.md §4.7): policy Recipient;
 * answers the id as a JSON string. An optional `Idempotency-Key` header makes a retry replay the first answer.
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
import type { MarkAsRead } from "../shared/use-cases/mark-as-read/mark-as-read.js";

export interface MarkAsReadFunctionDependencies {
  authenticator: TokenAuthenticator;
  idempotencyRecords: IdempotencyRecordStore;
  markAsRead: Pick<MarkAsRead, "execute">;
}

export function makeMarkAsReadHandler(dependencies: MarkAsReadFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.markAsRead.policy,
    withContentNegotiation(
      jsonOut,
      withIdempotencyKey(dependencies.idempotencyRecords, async (request, context, caller) => {
        const id = correspondenceIdOf(request, context);
        if (!id.ok) return id.response;
        const outcome = await dependencies.markAsRead.execute({ caller, correspondenceId: id.id });
        return respond(outcome, context, correspondenceIdResponse);
      }),
    ),
  );
}

export function registerMarkAsReadFunction(dependencies: MarkAsReadFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.markAsRead);
  app.http("markAsRead", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeMarkAsReadHandler(dependencies)),
  });
}
