/**
 * A plain rhea client for the protocol details the SDK hides (SASL choice, $cbs and $management replies, the
 * "released" outcome the SDK never sends). Events are turned into promises with small typed waits.
 */
import rhea from "rhea";
import type { Connection, Delivery, EventContext, Message, Receiver, Sender } from "rhea";

export interface RawConnection {
  connection: Connection;
  close(): Promise<void>;
}

export async function connectRaw(
  port: number,
  credentials: { username?: string; password?: string } = {},
): Promise<RawConnection> {
  const container = rhea.create_container({ id: `raw-test-${Math.random().toString(16).slice(2)}` });
  const connection = container.connect({ host: "127.0.0.1", port, reconnect: false, ...credentials });
  await new Promise<void>((resolve, reject) => {
    connection.once("connection_open", () => resolve());
    connection.once("connection_error", (context: EventContext) => reject(new Error(String(context.error))));
    connection.once("disconnected", (context: EventContext) => {
      reject(new Error(`disconnected: ${String(context.error)}`));
    });
  });
  return {
    connection,
    close: () =>
      new Promise<void>((resolve) => {
        connection.once("connection_close", () => resolve());
        connection.close();
      }),
  };
}

export function openSender(connection: Connection, address: string): Promise<Sender> {
  return new Promise((resolve) => {
    const sender = connection.open_sender({ target: { address } });
    sender.once("sendable", () => resolve(sender));
  });
}

/** A receiver with manual credit and manual settlement (peek-lock style: the client settles second). */
export function openReceiver(
  connection: Connection,
  address: string,
  options: { name?: string; target?: string } = {},
): Promise<{ receiver: Receiver; next(): Promise<{ message: Message; delivery: Delivery }> }> {
  const arrived: { message: Message; delivery: Delivery }[] = [];
  const waiting: ((item: { message: Message; delivery: Delivery }) => void)[] = [];
  return new Promise((resolve) => {
    const receiver = connection.open_receiver({
      ...(options.name ? { name: options.name } : {}),
      source: { address },
      ...(options.target ? { target: { address: options.target } } : {}),
      credit_window: 0,
      autoaccept: false,
      rcv_settle_mode: 1,
      snd_settle_mode: 0,
    });
    receiver.on("message", (context: EventContext) => {
      if (!context.message || !context.delivery) return;
      const item = { message: context.message, delivery: context.delivery };
      const waiter = waiting.shift();
      if (waiter) waiter(item);
      else arrived.push(item);
    });
    receiver.once("receiver_open", () =>
      resolve({
        receiver,
        next: () =>
          new Promise((deliver) => {
            const ready = arrived.shift();
            if (ready) deliver(ready);
            else waiting.push(deliver);
          }),
      }),
    );
  });
}

/** Resolves when the broker has settled a delivery we settled first (rcv-settle-mode "second"). */
export function whenSettledByBroker(receiver: Receiver, delivery: Delivery): Promise<Delivery> {
  return new Promise((resolve) => {
    const listener = (context: EventContext): void => {
      if (context.delivery === delivery) {
        receiver.removeListener("settled", listener);
        resolve(delivery);
      }
    };
    receiver.on("settled", listener);
  });
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
  ]);
}

/** The outcome name of a delivery's remote state (rhea decodes it as a composite with a named constructor). */
export function outcomeName(state: unknown): string | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const constructor: unknown = (state as { constructor?: unknown }).constructor;
  if (typeof constructor !== "function") return undefined;
  const name: unknown = (constructor as unknown as { composite_type?: unknown }).composite_type;
  return typeof name === "string" ? name : undefined;
}

export function remoteError(state: unknown): unknown {
  return typeof state === "object" && state !== null && "error" in state ? state.error : undefined;
}
