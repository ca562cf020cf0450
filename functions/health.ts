/** `GET /health` and `GET /healthz` (anonymous, no route prefix): 200 when every dependency answers, else 503. */
import { app, type HttpHandler } from "@azure/functions";
import { guardUnexpectedErrors } from "../shared/http/guard-unexpected-errors.js";
import type { CheckHealth } from "../shared/use-cases/check-health/check-health.js";

export interface HealthDependencies {
  checkHealth: Pick<CheckHealth, "execute">;
}

export function makeHealthHandler({ checkHealth }: HealthDependencies): HttpHandler {
  return async (_request, context) => {
    const report = await checkHealth.execute();
    if (report.status !== "Healthy") context.warn(`Health check failed: ${JSON.stringify(report.dependencies)}`);
    return {
      status: report.status === "Healthy" ? 200 : 503,
      // Load balancers and probes must see the live state, never a cached one.
      headers: { "cache-control": "no-store" },
      jsonBody: report,
    };
  };
}

export function registerHealthFunctions(dependencies: HealthDependencies): void {
  const handler = guardUnexpectedErrors(makeHealthHandler(dependencies));
  for (const route of ["health", "healthz"]) {
    app.http(route, { route, methods: ["GET"], authLevel: "anonymous", handler });
  }
}
