/**
 * `GET /correspondence/api/v1/correspondence` (api.md §4.3): policy SenderOrRecipient; the query bound as ASP.NET
 * binds it (malformed → 400 STD-00000), then the search use case, answered as `{ "ids": [...] }`.
 */
import { app, type HttpHandler } from "@azure/functions";
import { normaliseResourceId } from "../shared/domain/identifiers.js";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { jsonOut, withContentNegotiation } from "../shared/http/content-negotiation.js";
import { jsonResponse, respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import { serializeCorrespondenceIds } from "../shared/http/wire/correspondence-responses.js";
import {
  parseSearchCorrespondencesQuery,
  type SearchCorrespondencesQuery,
} from "../shared/http/wire/search-correspondences-query.js";
import type {
  CorrespondenceSearchRequest,
  SearchCorrespondences,
} from "../shared/use-cases/search-correspondences/search-correspondences.js";

export interface SearchCorrespondencesFunctionDependencies {
  authenticator: TokenAuthenticator;
  searchCorrespondences: Pick<SearchCorrespondences, "execute">;
}

/** The bound query as the use case's request: absent values left out, the party in its canonical URN. */
export function searchRequestOf(query: SearchCorrespondencesQuery): CorrespondenceSearchRequest {
  return {
    resourceId: normaliseResourceId(query.resourceId),
    role: query.role,
    ...(query.from !== null ? { from: query.from } : {}),
    ...(query.to !== null ? { to: query.to } : {}),
    ...(query.status !== null ? { status: query.status } : {}),
    ...(query.onBehalfOf !== null ? { onBehalfOf: query.onBehalfOf.urn } : {}),
    ...(query.sendersReference !== null ? { sendersReference: query.sendersReference } : {}),
    ...(query.idempotentKey !== null ? { idempotentKey: query.idempotentKey } : {}),
    ...(query.altinn2CorrespondenceId !== null ? { altinn2CorrespondenceId: query.altinn2CorrespondenceId } : {}),
  };
}

export function makeSearchCorrespondencesHandler(dependencies: SearchCorrespondencesFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.search.policy,
    withContentNegotiation(jsonOut, async (request, context, caller) => {
      const query = parseSearchCorrespondencesQuery(request.query, context);
      if (!query.ok) return query.response;
      const outcome = await dependencies.searchCorrespondences.execute({ caller, request: searchRequestOf(query.value) });
      return respond(outcome, context, (ids) => jsonResponse(serializeCorrespondenceIds({ ids })));
    }),
  );
}

export function registerSearchCorrespondencesFunction(dependencies: SearchCorrespondencesFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.search);
  app.http("searchCorrespondences", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeSearchCorrespondencesHandler(dependencies)),
  });
}
