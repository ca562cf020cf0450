/**
 * Timers for broker deadlines (lock expiry, scheduled enqueue). They never keep the process alive on their own, and
 * deadlines beyond setTimeout's 24.8-day limit are reached in hops.
 */
const longestTimeoutMs = 2 ** 31 - 1;

export interface Cancellable {
  cancel(): void;
}

export function runAt(epochMs: number, action: () => void, now: () => number = Date.now): Cancellable {
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = epochMs - now();
    if (remaining <= 0) {
      action();
      return;
    }
    // Timers may fire a millisecond early; re-arming until the deadline keeps "no earlier than" exact.
    handle = setTimeout(arm, Math.min(remaining, longestTimeoutMs));
    handle.unref();
  };
  handle = setTimeout(arm, Math.max(0, Math.min(epochMs - now(), longestTimeoutMs)));
  handle.unref();
  return {
    cancel: () => clearTimeout(handle),
  };
}
