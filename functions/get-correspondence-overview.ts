/**
 * `GET /correspondence/api/v1/correspondence/{correspondenceId}` (api.md §4.4): policy SenderOrRecipient, then the
 * overview use case (access, visibility, inline publish, Fetched), answered as CorrespondenceOverviewExt.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { withContentNegotiation, jsonOut } from "../shared/http/content-negotiation.js";
import { correspondenceIdOf } from "../shared/http/correspondence-endpoints/correspondence-id-parameter.js";
import { overviewWire } from "../shared/http/correspondence-endpoints/correspondence-wire-views.js";
import { jsonResponse, respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import { serializeOverview } from "../shared/http/wire/correspondence-responses.js";
import type { GetCorrespondenceOverview } from "../shared/use-cases/get-correspondence-overview/get-correspondence-overview.js";

export interface GetCorrespondenceOverviewFunctionDependencies {
  authenticator: TokenAuthenticator;
  getCorrespondenceOverview: Pick<GetCorrespondenceOverview, "execute">;
}

export function makeGetCorrespondenceOverviewHandler(dependencies: GetCorrespondenceOverviewFunctionDependencies): HttpHandler {
  const route = correspondenceRoutes.overview;
  return withCaller(
    dependencies.authenticator,
    route.policy,
    withContentNegotiation(jsonOut, async (request, context, caller) => {
      const id = correspondenceIdOf(request, context);
      if (!id.ok) return id.response;
      const outcome = await dependencies.getCorrespondenceOverview.execute({ caller, correspondenceId: id.id });
      return respond(outcome, context, (view) => jsonResponse(serializeOverview(overviewWire(view))));
    }),
  );
}

export function registerGetCorrespondenceOverviewFunction(dependencies: GetCorrespondenceOverviewFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.overview);
  app.http("getCorrespondenceOverview", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeGetCorrespondenceOverviewHandler(dependencies)),
  });
}
