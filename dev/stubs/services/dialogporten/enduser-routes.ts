/**
 * The end-user API's single-dialog endpoint, with a fresh dialog token. It takes an Altinn token of a person or an
 * enterprise user (not a service owner's raw Maskinporten token). Like Dialogporten it answers 404 for dialogs the caller
 * may not see and for dialogs not yet visible, and 410 for soft-deleted ones.
 */
import type { StubRequest, StubResponse, StubRouter } from "../../router.js";
import { callerAuthenticationLevel } from "./caller.js";
import { endUserAccess } from "./dialog-access.js";
import { signDialogToken } from "./dialog-token.js";
import { stringMember } from "./json.js";
import { dialogNotFound, dialogRemoved } from "./problems.js";
import type { DialogRouteDependencies } from "./route-support.js";
import { endUserView } from "./views.js";

export function registerEndUserRoutes(router: StubRouter, deps: DialogRouteDependencies): void {
  router.route("dialogporten", "GET", "/dialogporten/api/v1/enduser/dialogs/:dialogId", (req) => getEndUserDialog(req, deps), {
    requiresToken: true,
  });
}

async function getEndUserDialog(req: StubRequest, deps: DialogRouteDependencies): Promise<StubResponse> {
  const caller = req.caller;
  if (!caller || caller["iss"] !== deps.context.issuers.altinn.issuer) return { status: 401, text: "" };
  const dialogId = req.params["dialogId"] ?? "";
  const record = deps.store.get(dialogId);
  if (!record || record.purgedAt !== null) return dialogNotFound(dialogId);
  const visibleFrom = stringMember(record.document, "visibleFrom");
  if (visibleFrom !== undefined && Date.parse(visibleFrom) > Date.now()) return dialogNotFound(dialogId);
  const access = endUserAccess(caller, record, deps.context.fixtures);
  if (!access) return dialogNotFound(dialogId);
  if (record.deletedAt !== null) return dialogRemoved(record.id);

  const dialogToken = await signDialogToken(deps.context.issuers.dialogporten, {
    consumer: access.consumer,
    authenticationLevel: callerAuthenticationLevel(caller),
    party: stringMember(record.document, "party") ?? "",
    serviceResource: stringMember(record.document, "serviceResource") ?? "",
    dialogId: record.id,
    actions: access.actions,
  });
  return {
    status: 200,
    json: endUserView(record, deps.context.fixtures, new Set(access.actions), dialogToken),
    headers: { etag: record.revision },
  };
}
