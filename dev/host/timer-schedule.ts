/**
 * Timer trigger schedules: NCRONTAB with seconds ("0 *\/5 * * * *", six fields, day-of-month AND day-of-week as in
 * NCrontab) evaluated by croner, or a TimeSpan ("00:10:00") for a constant interval. Times are local unless
 * WEBSITE_TIME_ZONE names an IANA zone, as on Linux in Azure.
 */
import { Cron } from "croner";

export interface TimerSchedule {
  /** The first occurrence strictly after `after`, or undefined if there is none. */
  nextAfter(after: Date): Date | undefined;
  /** What the host reports in `schedule.adjustForDST`: true for cron schedules, false for constant intervals. */
  adjustForDST: boolean;
}

const timeSpanPattern = /^(?:\d+\.)?\d{1,2}:\d{2}(?::\d{2})?$/;

export function parseTimerSchedule(expression: string, timezone = process.env.WEBSITE_TIME_ZONE): TimerSchedule {
  const trimmed = expression.trim();
  if (timeSpanPattern.test(trimmed)) {
    const [days, clock] = trimmed.includes(".") ? (trimmed.split(".") as [string, string]) : ["0", trimmed];
    const [hours = 0, minutes = 0, seconds = 0] = clock.split(":").map(Number);
    const intervalMs = ((Number(days) * 24 + hours) * 3600 + minutes * 60 + seconds) * 1000;
    if (intervalMs <= 0) throw new Error(`Timer schedule "${expression}" must be a positive interval.`);
    return { adjustForDST: false, nextAfter: (after) => new Date(after.getTime() + intervalMs) };
  }
  if (trimmed.split(/\s+/).length !== 6) {
    throw new Error(`Timer schedule "${expression}" is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).`);
  }
  const cron = new Cron(trimmed, { mode: "6-part", domAndDow: true, timezone });
  return { adjustForDST: true, nextAfter: (after) => cron.nextRun(after) ?? undefined };
}
