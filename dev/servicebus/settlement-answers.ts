/**
 * Our answers to a client's settlement of a delivery we sent (complete, abandon, dead-letter, defer, release).
 * The broker decides the outcome at once; the answer (a final disposition) is written here.
 */
import rhea from "rhea";
import type { AmqpError, Delivery } from "rhea";
import { asRecord } from "./amqp.js";

interface OutcomeFactories {
  accepted(): { described(): unknown };
  rejected(fields: { error?: AmqpError }): { described(): unknown };
  released(): { described(): unknown };
  modified(fields: Record<string, unknown>): { described(): unknown };
}

// rhea creates these at runtime (define_outcome) but its typings do not declare them.
const outcomes = rhea.message as unknown as OutcomeFactories;

export type SettlementOutcome =
  | { kind: "accepted" }
  | { kind: "rejected"; error?: AmqpError }
  | { kind: "released" }
  | { kind: "modified"; fields: Record<string, unknown> };

function describedOutcome(outcome: SettlementOutcome): unknown {
  switch (outcome.kind) {
    case "accepted":
      return outcomes.accepted().described();
    case "rejected":
      return outcomes.rejected(outcome.error ? { error: outcome.error } : {}).described();
    case "released":
      return outcomes.released().described();
    case "modified":
      return outcomes.modified(outcome.fields).described();
  }
}

function outcomeKey(outcome: SettlementOutcome): string {
  if (outcome.kind === "rejected") return `rejected:${outcome.error?.condition ?? ""}`;
  if (outcome.kind === "modified") return `modified:${String(outcome.fields.undeliverable_here)}`;
  return outcome.kind;
}

interface PendingAnswers {
  answers: { delivery: Delivery; outcome: SettlementOutcome }[];
  scheduled: boolean;
}

const pendingAnswersBySession = new WeakMap<object, PendingAnswers>();

/**
 * Settles a delivery we sent, with a final outcome.
 *
 * Answers are written one kind of outcome per event-loop turn: rhea writes the dispositions pending in a session
 * as ranges of adjacent delivery ids and, when the first two differ, sends both with the first one's outcome, so a
 * lock-lost answer next to a successful one would reach the client as success (or the other way round).
 */
export function settleOutgoingDelivery(delivery: Delivery, outcome: SettlementOutcome): void {
  const session = delivery.link.session;
  let pending = pendingAnswersBySession.get(session);
  if (!pending) {
    pending = { answers: [], scheduled: false };
    pendingAnswersBySession.set(session, pending);
  }
  pending.answers.push({ delivery, outcome });
  scheduleAnswers(pending);
}

function scheduleAnswers(pending: PendingAnswers): void {
  if (pending.scheduled || pending.answers.length === 0) return;
  pending.scheduled = true;
  setImmediate(() => {
    pending.scheduled = false;
    const first = pending.answers[0];
    if (!first) return;
    const key = outcomeKey(first.outcome);
    const now = pending.answers.filter((answer) => outcomeKey(answer.outcome) === key);
    pending.answers = pending.answers.filter((answer) => outcomeKey(answer.outcome) !== key);
    for (const { delivery, outcome } of now) {
      // A link that closed meanwhile has nothing left to settle (its locks were given back when it closed).
      if (delivery.link.is_open()) writeFinalDisposition(delivery, outcome);
    }
    scheduleAnswers(pending);
  });
}

/**
 * In peek-lock the client settles second (rcv-settle-mode "second") and sends nothing after our settlement, so
 * rhea would keep the delivery in the session's outgoing window (2048 slots) forever unless we also mark the
 * peer's side settled: the exchange is complete once we settle.
 */
function writeFinalDisposition(delivery: Delivery, outcome: SettlementOutcome): void {
  delivery.update(true, describedOutcome(outcome));
  (delivery as unknown as { remote_settled: boolean }).remote_settled = true;
}

/** The client's proposed outcome of a delivery we sent (rhea's decoded composite, read as plain fields). */
export function remoteOutcomeFields(delivery: Delivery): Record<string, unknown> {
  return asRecord(delivery.remote_state);
}
