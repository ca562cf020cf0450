/**
 * The endpoint policies of authorization.md §2, as one pure function over a Caller. A policy first restricts which
 * token schemes it accepts, then which scopes (or dialog actions) the caller must hold. The scheme comes from the exact
 * issuer match made during authentication, so "is this an Altinn token" never depends on a substring of `iss`.
 */
import { hasScope, scopes, type Caller, type TokenScheme } from "./caller.js";

export type AccessPolicyName =
  | "Sender"
  | "Recipient"
  | "SenderOrRecipient"
  | "DownloadAttachment"
  | "NotificationCheck"
  | "CheckAllowForwarding"
  | "Maintenance";

export type PolicyDecision =
  | { allowed: true }
  /** The token is valid but of a kind this policy does not accept (e.g. a dialog token on a sender endpoint). */
  | { allowed: false; reason: "schemeNotAccepted" }
  /** The token kind is accepted but lacks the scope or dialog action the policy demands. */
  | { allowed: false; reason: "missingScope" };

interface AccessPolicy {
  schemes: readonly TokenScheme[];
  admits(caller: Caller): boolean;
}

/** Altinn token with W, or a raw Maskinporten token with W *and* SO (a bare W from Maskinporten is not enough). */
function isSender(caller: Caller): boolean {
  if (caller.scheme === "altinn") return hasScope(caller, scopes.write);
  if (caller.scheme === "maskinporten") return hasScope(caller, scopes.write) && hasScope(caller, scopes.serviceOwner);
  return false;
}

/** Altinn token with R, or a dialog token whose actions include `read`. */
function isRecipient(caller: Caller): boolean {
  if (caller.scheme === "altinn") return hasScope(caller, scopes.read);
  if (caller.scheme === "dialogporten") return caller.dialog?.actions.includes("read") ?? false;
  return false;
}

const policies: Record<AccessPolicyName, AccessPolicy> = {
  Sender: { schemes: ["altinn", "maskinporten"], admits: isSender },
  Recipient: { schemes: ["altinn", "dialogporten"], admits: isRecipient },
  SenderOrRecipient: {
    schemes: ["altinn", "maskinporten", "dialogporten"],
    admits: (caller) =>
      isSender(caller) ||
      isRecipient(caller) ||
      (caller.scheme === "maskinporten" && hasScope(caller, scopes.read)),
  },
  DownloadAttachment: {
    schemes: ["altinn", "dialogporten"],
    // Dialog tokens are admitted as they are; the business check against the PDP decides the rest.
    admits: (caller) =>
      caller.scheme === "dialogporten" || hasScope(caller, scopes.read) || hasScope(caller, scopes.portalEndUser),
  },
  NotificationCheck: {
    schemes: ["maskinporten"],
    admits: (caller) => hasScope(caller, scopes.notificationConditionCheck),
  },
  CheckAllowForwarding: {
    schemes: ["altinn", "dialogporten"],
    admits: (caller) => hasScope(caller, scopes.forwardCheck),
  },
  Maintenance: {
    schemes: ["maskinporten"],
    admits: (caller) => hasScope(caller, scopes.maintenance),
  },
};

export function acceptedSchemes(policy: AccessPolicyName): readonly TokenScheme[] {
  return policies[policy].schemes;
}

export function evaluateAccessPolicy(policy: AccessPolicyName, caller: Caller): PolicyDecision {
  const { schemes, admits } = policies[policy];
  if (!schemes.includes(caller.scheme)) return { allowed: false, reason: "schemeNotAccepted" };
  return admits(caller) ? { allowed: true } : { allowed: false, reason: "missingScope" };
}
