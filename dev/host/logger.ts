/**
 * Log output of the dev host. Every line names where it came from (`[functionName]`, `[host]`, `[worker]`) so the
 * interleaved output of concurrent invocations stays attributable; a multi-line message (a stack trace) gets the
 * prefix on each line for the same reason.
 */

/** The levels of `@azure/functions` (`LogLevel`), lowest first. */
export const logLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"] as const;
export type LogLevel = (typeof logLevels)[number];

/** host.json `logging.logLevel` spells levels the .NET way ("Information", "Warning", ...). */
const dotnetLevelNames: Record<string, LogLevel> = {
  trace: "trace",
  debug: "debug",
  information: "information",
  warning: "warning",
  error: "error",
  critical: "critical",
  none: "none",
};

export function parseLogLevel(name: string | undefined): LogLevel | undefined {
  return name === undefined ? undefined : dotnetLevelNames[name.toLowerCase()];
}

export interface HostLogger {
  /** `source` is a function name, "host" or "worker". */
  write(level: LogLevel, source: string, message: string): void;
  isEnabled(level: LogLevel, source: string): boolean;
}

export interface HostLoggerOptions {
  /** Receives every line; without it information goes to stdout and warnings/errors to stderr. */
  sink?: (line: string) => void;
  /** host.json `logging.logLevel`: keys "default", "Function", "Function.<name>", "Host"... */
  logLevels?: Record<string, string>;
}

export function createHostLogger(options: HostLoggerOptions = {}): HostLogger {
  const configured = options.logLevels ?? {};
  const minimumLevel = (source: string): LogLevel => {
    const category = source === "host" || source === "worker" ? "Host" : `Function.${source}`;
    // The most specific category wins, as in .NET logging filters.
    return (
      parseLogLevel(configured[`${category}.User`]) ??
      parseLogLevel(configured[category]) ??
      (category.startsWith("Function.") ? parseLogLevel(configured["Function"]) : undefined) ??
      parseLogLevel(configured["default"]) ??
      "information"
    );
  };
  const isEnabled = (level: LogLevel, source: string): boolean =>
    level !== "none" && logLevels.indexOf(level) >= logLevels.indexOf(minimumLevel(source));

  return {
    isEnabled,
    write(level, source, message) {
      if (!isEnabled(level, source)) return;
      const severity = level === "warning" || level === "error" || level === "critical" ? `${level.toUpperCase()}: ` : "";
      const lines = message.split(/\r?\n/).map((line) => `[${source}] ${severity}${line}`);
      for (const line of lines) {
        if (options.sink) options.sink(line);
        else if (severity) process.stderr.write(`${line}\n`);
        else process.stdout.write(`${line}\n`);
      }
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
