/**
 * A state change that cannot lose an update: read, check the guards, write conditioned on the ETag that was read; when
 * another request got there first (`conflict`), read again and check the guards again. Of two racing requests exactly
 * one applies; the other sees the winner's state and gets whatever the guards say about it (e.g. 1040 "already read").
 */
import type { Outcome } from "../../domain/application-error.js";
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type {
  CorrespondenceRepository,
  OutboxMessage,
  StoredCorrespondence,
} from "../../domain/correspondence/correspondence-repository.js";
import { applicationError } from "../../domain/error-catalogue.js";

export interface PlannedChange<T> {
  /** The correspondence as it should be stored; `undefined` when the guards decided nothing needs storing. */
  updated: Correspondence | undefined;
  outbox?: OutboxMessage[];
  result: T;
}

/** Many more conflicts than this on one correspondence means something is wrong, not busy. */
const maxAttempts = 10;

export async function changeCorrespondence<T>(
  repository: CorrespondenceRepository,
  correspondenceId: string,
  plan: (stored: StoredCorrespondence) => Promise<Outcome<PlannedChange<T>>>,
): Promise<Outcome<{ stored: StoredCorrespondence; result: T }>> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const stored = await repository.findById(correspondenceId);
    if (!stored) return { ok: false, error: applicationError(1001) };
    const planned = await plan(stored);
    if (!planned.ok) return planned;
    const { updated, outbox, result } = planned.value;
    if (!updated) return { ok: true, value: { stored, result } };
    const replaced = await repository.replace(stored, updated, outbox);
    if (replaced.ok) return { ok: true, value: { stored: replaced.stored, result } };
  }
  throw new Error(`Correspondence ${correspondenceId} kept changing under ${maxAttempts} attempts to update it`);
}
