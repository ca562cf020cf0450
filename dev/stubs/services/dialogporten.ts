/**
 * Dialogporten stub: the service-owner dialog API (create, read, PUT, JSON Patch, soft delete, purge, restore, activities,
 * transmissions) with revisions and If-Match, and the end-user single-dialog endpoint with a dialog token signed by the
 * local Dialogporten key. A soft-deleted dialog refuses changes with 410, but takes an activity from a service-owner admin
 * (subentity-routes.ts).
 *
 * Recording: `GET /_stub/dialogporten/dialogs` lists every dialog ever created, oldest first, as written by the service
 * owner (patches applied, activities and transmissions as received) with `deletedAt`, and `purgedAt` once purged.
 */
import type { StubModule } from "../context.js";
import { registerDialogRoutes } from "./dialogporten/dialog-routes.js";
import { registerEndUserRoutes } from "./dialogporten/enduser-routes.js";
import { DialogStore } from "./dialogporten/store.js";
import { registerSubEntityRoutes } from "./dialogporten/subentity-routes.js";
import { recordingView } from "./dialogporten/views.js";

export const dialogportenStub: StubModule = (router, context) => {
  const store = new DialogStore();
  registerDialogRoutes(router, { context, store });
  registerSubEntityRoutes(router, { context, store });
  registerEndUserRoutes(router, { context, store });
  router.route("control", "GET", "/_stub/dialogporten/dialogs", () => ({ status: 200, json: store.all().map(recordingView) }));
  context.onReset(() => store.clear());
};
