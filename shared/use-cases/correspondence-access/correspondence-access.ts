/**
 * Who the caller is to a correspondence (authorization.md §4, lifecycle.md §3): its sender (PDP `write` on the
 * resource for the sender organisation) and/or its recipient (PDP `read` on the resource for the recipient party).
 * Both questions go to the PDP in one round trip. Dialog tokens only ever read: they act for the dialog's party, so
 * they are never asked about as a sender.
 */
import type { Caller } from "../../domain/caller.js";
import { hasScope, scopes } from "../../domain/caller.js";
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { AccessDecider, AccessRequest } from "../../domain/ports/authorization.js";

export interface CorrespondenceAccess {
  asSender: boolean;
  asRecipient: boolean;
}

/** Which side effects and views apply to a call: a recipient's (Fetched, Read …) or a sender's. */
export type CallerRole = "sender" | "recipient";

export class CorrespondenceAccessCheck {
  constructor(private readonly accessDecider: AccessDecider) {}

  /** Asks only what the endpoint needs: recipient-only endpoints never ask the sender question. */
  async accessTo(
    caller: Caller,
    correspondence: Correspondence,
    asked: { sender: boolean; recipient: boolean } = { sender: true, recipient: true },
  ): Promise<CorrespondenceAccess> {
    const askSender = asked.sender && caller.scheme !== "dialogporten";
    const requests: AccessRequest[] = [];
    const common = { caller, resourceId: correspondence.resourceId, correspondenceId: correspondence.id };
    if (askSender) requests.push({ ...common, party: correspondence.sender, action: "write" });
    if (asked.recipient) requests.push({ ...common, party: correspondence.recipient, action: "read" });
    if (requests.length === 0) return { asSender: false, asRecipient: false };

    const decisions = await this.accessDecider.decideMany(requests);
    const senderDecision = askSender ? decisions[0] : undefined;
    const recipientDecision = asked.recipient ? decisions[askSender ? 1 : 0] : undefined;
    return {
      asSender: senderDecision?.permitted ?? false,
      asRecipient: recipientDecision?.permitted ?? false,
    };
  }
}

/**
 * "CallingAsSender" (lifecycle.md §3): a caller with only one kind of access has that role; a caller with both is the
 * sender when its token carries the write scope, else the recipient.
 */
export function roleOf(caller: Caller, access: CorrespondenceAccess): CallerRole | undefined {
  if (access.asSender && access.asRecipient) return hasScope(caller, scopes.write) ? "sender" : "recipient";
  if (access.asSender) return "sender";
  if (access.asRecipient) return "recipient";
  return undefined;
}
