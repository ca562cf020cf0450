/**
 * Where a use case reports a side effect that failed without failing the request (e.g. a Dialogporten activity after
 * the status is stored). The trigger passes its InvocationContext, which fits this shape.
 */
export interface SideEffectLog {
  warn(message: string): void;
}

export const silentLog: SideEffectLog = { warn: () => undefined };
