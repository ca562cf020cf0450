/**
 * The dialog token Dialogporten embeds in every end-user dialog response: a short-lived JWT (10 minutes) that lets the
 * end user's client call the service owner's endpoints directly. Claims as documented by Dialogporten: `c` who is
 * authenticated, `l` authentication level, `p` the party acted for, `s` the service resource, `i` the dialog id,
 * `a` the authorised actions (`;`-separated), plus `jti`; the issuer adds `iss`, `iat`, `nbf` and `exp`.
 */
import { randomUUID } from "node:crypto";
import type { TokenIssuer } from "../../context.js";

export const dialogTokenLifetimeSeconds = 600;

export interface DialogTokenSubject {
  consumer: string;
  authenticationLevel: number;
  party: string;
  serviceResource: string;
  dialogId: string;
  actions: readonly string[];
}

export function signDialogToken(issuer: TokenIssuer, subject: DialogTokenSubject): Promise<string> {
  return issuer.sign(
    {
      jti: randomUUID(),
      c: subject.consumer,
      l: subject.authenticationLevel,
      p: subject.party,
      s: subject.serviceResource,
      i: subject.dialogId,
      a: subject.actions.join(";"),
    },
    { expiresInSeconds: dialogTokenLifetimeSeconds },
  );
}
