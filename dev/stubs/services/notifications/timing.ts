/**
 * How fast the Notifications stub moves shipments along. The real service takes minutes; locally a shipment walks through
 * its statuses one step at a time so that tests can observe every non-final status and still finish within seconds.
 */
export interface NotificationTiming {
  /** Delay between two lifecycle steps once a shipment's requested send time has come (default 1 s). */
  stepMs: number;
  /** How long a condition endpoint may take before the check counts as failed (default 5 s). */
  conditionTimeoutMs: number;
}

export const notificationTimingEnvironment = {
  stepMs: "STUB_NOTIFICATIONS_STEP_MS",
  conditionTimeoutMs: "STUB_NOTIFICATIONS_CONDITION_TIMEOUT_MS",
} as const;

export function notificationTimingFromEnvironment(environment: NodeJS.ProcessEnv = process.env): NotificationTiming {
  return {
    stepMs: positiveIntegerOr(environment[notificationTimingEnvironment.stepMs], 1000),
    conditionTimeoutMs: positiveIntegerOr(environment[notificationTimingEnvironment.conditionTimeoutMs], 5000),
  };
}

function positiveIntegerOr(raw: string | undefined, fallback: number): number {
  const parsed = Number(raw);
  return raw !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}
