import { describe, expect, it } from "vitest";
import { evaluateAccessPolicy, type AccessPolicyName, type PolicyDecision } from "../../shared/domain/access-policies.js";
import { scopes, type TokenScheme } from "../../shared/domain/caller.js";
import { callerWith } from "./support/callers.js";

const { write: W, read: R, serviceOwner: SO } = scopes;

interface Row {
  policy: AccessPolicyName;
  scheme: TokenScheme;
  scopes?: string[];
  actions?: string[];
  expected: "allowed" | "missingScope" | "schemeNotAccepted";
}

const rows: Row[] = [
  // Sender: Altinn token with W, or Maskinporten with W and SO.
  { policy: "Sender", scheme: "altinn", scopes: [W], expected: "allowed" },
  { policy: "Sender", scheme: "altinn", scopes: [R], expected: "missingScope" },
  { policy: "Sender", scheme: "altinn", scopes: [SO], expected: "missingScope" },
  { policy: "Sender", scheme: "maskinporten", scopes: [SO, W], expected: "allowed" },
  { policy: "Sender", scheme: "maskinporten", scopes: [W], expected: "missingScope" },
  { policy: "Sender", scheme: "maskinporten", scopes: [SO], expected: "missingScope" },
  { policy: "Sender", scheme: "maskinporten", scopes: [], expected: "missingScope" },
  { policy: "Sender", scheme: "dialogporten", actions: ["read", "write"], expected: "schemeNotAccepted" },
  // Recipient: Altinn token with R, or a dialog token with action read.
  { policy: "Recipient", scheme: "altinn", scopes: [R], expected: "allowed" },
  { policy: "Recipient", scheme: "altinn", scopes: [W], expected: "missingScope" },
  { policy: "Recipient", scheme: "dialogporten", actions: ["read"], expected: "allowed" },
  { policy: "Recipient", scheme: "dialogporten", actions: ["write", "readx"], expected: "missingScope" },
  { policy: "Recipient", scheme: "maskinporten", scopes: [R, SO], expected: "schemeNotAccepted" },
  // SenderOrRecipient: either, plus a raw Maskinporten token with R.
  { policy: "SenderOrRecipient", scheme: "altinn", scopes: [W], expected: "allowed" },
  { policy: "SenderOrRecipient", scheme: "altinn", scopes: [R], expected: "allowed" },
  { policy: "SenderOrRecipient", scheme: "altinn", scopes: [SO], expected: "missingScope" },
  { policy: "SenderOrRecipient", scheme: "maskinporten", scopes: [SO, W], expected: "allowed" },
  { policy: "SenderOrRecipient", scheme: "maskinporten", scopes: [R], expected: "allowed" },
  { policy: "SenderOrRecipient", scheme: "maskinporten", scopes: [W], expected: "missingScope" },
  { policy: "SenderOrRecipient", scheme: "dialogporten", actions: ["read"], expected: "allowed" },
  { policy: "SenderOrRecipient", scheme: "dialogporten", actions: [], expected: "missingScope" },
  // DownloadAttachment: Altinn token with R or portal end user; dialog tokens as they are; no Maskinporten.
  { policy: "DownloadAttachment", scheme: "altinn", scopes: [R], expected: "allowed" },
  { policy: "DownloadAttachment", scheme: "altinn", scopes: [scopes.portalEndUser], expected: "allowed" },
  { policy: "DownloadAttachment", scheme: "altinn", scopes: [W], expected: "missingScope" },
  { policy: "DownloadAttachment", scheme: "dialogporten", actions: [], expected: "allowed" },
  { policy: "DownloadAttachment", scheme: "maskinporten", scopes: [R], expected: "schemeNotAccepted" },
  // NotificationCheck and Maintenance: Maskinporten only, with their scope.
  { policy: "NotificationCheck", scheme: "maskinporten", scopes: [scopes.notificationConditionCheck], expected: "allowed" },
  { policy: "NotificationCheck", scheme: "maskinporten", scopes: [SO, W], expected: "missingScope" },
  { policy: "NotificationCheck", scheme: "altinn", scopes: [scopes.notificationConditionCheck], expected: "schemeNotAccepted" },
  { policy: "Maintenance", scheme: "maskinporten", scopes: [scopes.maintenance], expected: "allowed" },
  { policy: "Maintenance", scheme: "maskinporten", scopes: [SO], expected: "missingScope" },
  { policy: "Maintenance", scheme: "altinn", scopes: [scopes.maintenance], expected: "schemeNotAccepted" },
  // CheckAllowForwarding: the forward-check scope, on the cascade's schemes.
  { policy: "CheckAllowForwarding", scheme: "altinn", scopes: [scopes.forwardCheck], expected: "allowed" },
  { policy: "CheckAllowForwarding", scheme: "altinn", scopes: [R], expected: "missingScope" },
  { policy: "CheckAllowForwarding", scheme: "maskinporten", scopes: [scopes.forwardCheck], expected: "schemeNotAccepted" },
];

function outcome(decision: PolicyDecision): Row["expected"] {
  return decision.allowed ? "allowed" : decision.reason;
}

describe("evaluateAccessPolicy", () => {
  it.each(rows)("$policy with a $scheme token, scopes $scopes, actions $actions → $expected", (row) => {
    const caller = callerWith(row.scheme, {
      scopes: row.scopes ?? [],
      ...(row.actions ? { dialog: { actions: row.actions } } : {}),
    });
    expect(outcome(evaluateAccessPolicy(row.policy, caller))).toBe(row.expected);
  });

  it("matches scopes as whole words, not as substrings", () => {
    const caller = callerWith("altinn", { scopes: [`${W}x`, `x${R}`] });
    expect(outcome(evaluateAccessPolicy("SenderOrRecipient", caller))).toBe("missingScope");
  });
});
