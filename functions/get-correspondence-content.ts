/**
 * `GET /correspondence/api/v1/correspondence/{correspondenceId}/content` (api.md §4.6): policy Recipient (Altinn
 * token with the read scope, or a Dialogporten dialog token with `read`), answered as `text/plain; charset=utf-8`
 * markdown — the endpoint Dialogporten embeds as the dialog's main content.
 */
import { app, type HttpHandler } from "@azure/functions";
import type { TokenAuthenticator } from "../shared/http/authentication/token-authenticator.js";
import { withCaller } from "../shared/http/authorize-request.js";
import { plainTextOut, withContentNegotiation } from "../shared/http/content-negotiation.js";
import { correspondenceIdOf } from "../shared/http/correspondence-endpoints/correspondence-id-parameter.js";
import { respond } from "../shared/http/correspondence-endpoints/outcome-response.js";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import { correspondenceRoutes } from "../shared/http/openapi/correspondence-routes.js";
import { describeRoute } from "../shared/http/openapi/route-registry.js";
import type { GetCorrespondenceContent } from "../shared/use-cases/get-correspondence-content/get-correspondence-content.js";

export interface GetCorrespondenceContentFunctionDependencies {
  authenticator: TokenAuthenticator;
  getCorrespondenceContent: Pick<GetCorrespondenceContent, "execute">;
}

export function makeGetCorrespondenceContentHandler(dependencies: GetCorrespondenceContentFunctionDependencies): HttpHandler {
  return withCaller(
    dependencies.authenticator,
    correspondenceRoutes.content.policy,
    withContentNegotiation(plainTextOut, async (request, context, caller) => {
      const id = correspondenceIdOf(request, context);
      if (!id.ok) return id.response;
      const outcome = await dependencies.getCorrespondenceContent.execute({ caller, correspondenceId: id.id });
      return respond(outcome, context, (markdown) => ({
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: markdown,
      }));
    }),
  );
}

export function registerGetCorrespondenceContentFunction(dependencies: GetCorrespondenceContentFunctionDependencies): void {
  const route = describeRoute(correspondenceRoutes.content);
  app.http("getCorrespondenceContent", {
    route: route.path,
    methods: [route.method],
    authLevel: "anonymous",
    handler: guardUnexpectedErrors(makeGetCorrespondenceContentHandler(dependencies)),
  });
}
