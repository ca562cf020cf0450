/** Port: one dependency that can tell whether it is reachable right now. */
export interface HealthProbe {
  /** Key under `dependencies` in the health report, e.g. `cosmos`. */
  readonly name: string;
  /**
   * Resolves when the dependency answered; rejects otherwise. The signal aborts when the caller stops waiting, so an
   * implementation should pass it on to the SDK call it makes.
   */
  check(signal: AbortSignal): Promise<void>;
}
