/**
 * ISO 8601 durations as Service Bus (and Bicep) write them: "PT1M", "P14D", "PT0.5S", "P1DT2H".
 * Service Bus stores them as .NET TimeSpans, so calendar units (years, months) have no fixed length and are refused.
 */
const unitPattern = (unit: string, letter: string): string => `(?:(?<${unit}>\\d+(?:\\.\\d+)?)${letter})?`;
const durationPattern = new RegExp(
  `^P${unitPattern("weeks", "W")}${unitPattern("days", "D")}` +
    `(?:T${unitPattern("hours", "H")}${unitPattern("minutes", "M")}${unitPattern("seconds", "S")})?$`,
);

const millisecondsPer = {
  weeks: 7 * 24 * 60 * 60 * 1000,
  days: 24 * 60 * 60 * 1000,
  hours: 60 * 60 * 1000,
  minutes: 60 * 1000,
  seconds: 1000,
} as const;

/** Milliseconds of an ISO 8601 duration, or undefined when the text is not one we can represent. */
export function tryParseIsoDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  // "P" and "PT" alone match the pattern but name no amount.
  if (!match?.groups || text === "P" || text.endsWith("T")) return undefined;
  let total = 0;
  for (const [unit, factor] of Object.entries(millisecondsPer)) {
    const amount = match.groups[unit];
    if (amount !== undefined) total += Number(amount) * factor;
  }
  return Math.round(total);
}

export function parseIsoDuration(text: string): number {
  const milliseconds = tryParseIsoDuration(text);
  if (milliseconds === undefined) {
    throw new Error(`"${text}" is not an ISO 8601 duration of weeks, days, hours, minutes and seconds`);
  }
  return milliseconds;
}
