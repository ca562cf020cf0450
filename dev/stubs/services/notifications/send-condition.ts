/**
 * The send-condition call: just before sending, Altinn Notifications does a GET on the order's condition endpoint with a
 * Maskinporten token carrying `altinn:system/notifications.condition.check`, and expects `{"sendNotification": bool}`.
 */
import type { TokenIssuer } from "../../context.js";

export type SendConditionOutcome = { kind: "answered"; sendNotification: boolean } | { kind: "failed"; reason: string };

export type SendConditionChecker = (endpoint: string) => Promise<SendConditionOutcome>;

export const conditionCheckScope = "altinn:system/notifications.condition.check";
// Altinn Notifications runs as Digdir, so the token names Digdir's organisation number as consumer.
const notificationsServiceConsumer = { authority: "iso6523-actorid-upis", ID: "0192:991825827" };

export function createSendConditionChecker(options: {
  maskinporten: TokenIssuer;
  timeoutMs: number;
  /** Aborted when the stub server closes, so no check outlives it. */
  closing: AbortSignal;
}): SendConditionChecker {
  return async (endpoint) => {
    try {
      const token = await options.maskinporten.sign(
        { scope: conditionCheckScope, consumer: notificationsServiceConsumer, client_id: "local-altinn-notifications" },
        { expiresInSeconds: 120 },
      );
      const response = await fetch(endpoint, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: AbortSignal.any([options.closing, AbortSignal.timeout(options.timeoutMs)]),
      });
      const text = await response.text();
      if (!response.ok) return { kind: "failed", reason: `HTTP ${response.status}` };
      return parseAnswer(text);
    } catch (error) {
      return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
    }
  };
}

function parseAnswer(text: string): SendConditionOutcome {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { kind: "failed", reason: "The answer is not JSON" };
  }
  if (typeof answer === "object" && answer !== null && "sendNotification" in answer) {
    const { sendNotification } = answer;
    if (typeof sendNotification === "boolean") return { kind: "answered", sendNotification };
  }
  return { kind: "failed", reason: 'The answer has no boolean "sendNotification"' };
}
