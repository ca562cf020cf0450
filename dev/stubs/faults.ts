/**
 * Fault injection for tests: `POST /_stub/faults {"service","status","rate","count"}` makes a stub service fail.
 * `rate` is the probability (0..1) that a call fails; `count`, when given, caps how many calls fail.
 */
import { z } from "zod";

export const faultRequestSchema = z.object({
  service: z.string().min(1),
  status: z.number().int().min(400).max(599),
  rate: z.number().min(0).max(1).default(1),
  count: z.number().int().positive().optional(),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

interface ActiveFault {
  status: number;
  rate: number;
  remaining: number | undefined;
}

export class FaultInjector {
  private readonly faults = new Map<string, ActiveFault>();

  add(request: FaultRequest): void {
    this.faults.set(request.service, { status: request.status, rate: request.rate, remaining: request.count });
  }

  clear(): void {
    this.faults.clear();
  }

  /** Returns the status to fail this call with, or undefined to let it through. */
  take(service: string): number | undefined {
    const fault = this.faults.get(service);
    if (!fault) return undefined;
    if (Math.random() >= fault.rate) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.delete(service);
    }
    return fault.status;
  }
}
