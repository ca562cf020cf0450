/**
 * `GET /correspondence/api/v1/correspondence/{correspondenceId}/details` (api.md §4.5): policy SenderOrRecipient,
 * then the details use case, answered as CorrespondenceDetailsExt.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { withContentNegotiation, jsonOut } from "../shared/http/content-negotiation.js";
import { correspondenceIdOf } from "../shared/http/correspondence-endpoints/correspondence-id-parameter.js";
import { detailsWire } from "../shared/http/correspondence-endpoints/correspondence-wire-views.js";
import { jsonResponse, respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import { serializeDetails } from "../shared/http/wire/correspondence-responses.js";
import type { GetCorrespondenceDetails } from "../shared/use-cases/get-correspondence-details/get-correspondence-details.js";

export interface GetCorrespondenceDetailsFunctionDependencies {
  authenticator: TokenAuthenticator;
  getCorrespondenceDetails: Pick<GetCorrespondenceDetails, "execute">;
}

export function makeGetCorrespondenceDetailsHandler(dependencies: GetCorrespondenceDetailsFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.details.policy,
    withContentNegotiation(jsonOut, async (request, context, caller) => {
      const id = correspondenceIdOf(request, context);
      if (!id.ok) return id.response;
      const outcome = await dependencies.getCorrespondenceDetails.execute({ caller, correspondenceId: id.id }, context);
      return respond(outcome, context, (view) => jsonResponse(serializeDetails(detailsWire(view))));
    }),
  );
}

export function registerGetCorrespondenceDetailsFunction(dependencies: GetCorrespondenceDetailsFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.details);
  app.http("getCorrespondenceDetails", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeGetCorrespondenceDetailsHandler(dependencies)),
  });
}
