import { ConfigError, parseConfig, type Config } from "./config.js";

/**
 * Start-up: parse the environment once. On failure every problem is logged on its own line (so each shows up as a
 * log entry in the host) and the error is rethrown, so the worker fails to load instead of serving half-configured.
 */
export function loadConfigOrFail(
  env: Record<string, string | undefined>,
  logError: (line: string) => void = (line) => console.error(line),
): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      logError(`Configuration invalid: ${error.issues.length} problem(s)`);
      for (const issue of error.issues) logError(`Configuration problem: ${issue}`);
    }
    throw error;
  }
}
