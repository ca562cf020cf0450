/**
 * Test-only fault injection for the outbox fast path (setting FAULT_OUTBOX_FAST_PATH, local environment only; see
 * shared/config/config.ts). Wraps the fast path's sender — never the sweep's — so a test can stop the work exactly
 * between the Cosmos write and the send to Service Bus and watch the sweep finish it:
 *  - `fail`: the send throws (the fast path logs it and leaves the messages to the sweep);
 *  - `exit`: the process ends on the spot, as a crash or a scale-in would end it.
 */
import type { OutboxFastPathFault } from "../../config/config.js";
import type { OutboxMessage } from "../../domain/correspondence/correspondence-repository.js";
import type { MessageSender } from "../../use-cases/relay-outbox/outbox-ports.js";

/** The exit code of an injected crash, so a test can tell it from any other exit. */
export const injectedCrashExitCode = 86;

export class FaultInjectingMessageSender implements MessageSender {
  constructor(private readonly fault: Exclude<OutboxFastPathFault, "none">) {}

  async send(messages: readonly OutboxMessage[]): Promise<void> {
    if (this.fault === "exit") {
      console.error(`FAULT_OUTBOX_FAST_PATH=exit: ending the process before sending ${messages.length} message(s)`);
      process.exit(injectedCrashExitCode);
    }
    throw new Error(`FAULT_OUTBOX_FAST_PATH=fail: ${messages.length} message(s) not sent`);
  }
}

export function fastPathSender(sender: MessageSender, fault: OutboxFastPathFault): MessageSender {
  return fault === "none" ? sender : new FaultInjectingMessageSender(fault);
}
