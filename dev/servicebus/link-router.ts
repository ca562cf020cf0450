/**
 * Decides what each link a client attaches is for, by its address, and cleans up when links, sessions or whole
 * connections go away (a consumer's locked messages are given back to its entity).
 *
 *   client receives from <entity> (we send)      → ConsumerLink on the entity's store
 *   client sends to <queue|topic> (we receive)   → publisher link
 *   client sends to $cbs / <entity>/$management  → request link
 *   client receives from those nodes             → reply link, found by the requests' reply_to
 */
import type { AmqpError, Connection, Container, EventContext, Receiver, Sender, Session, link as RheaLink } from "rhea";
import {
  asRecord,
  echoTermini,
  remoteSettleModes,
  remoteSourceAddress,
  remoteTargetAddress,
  setLocalAttachFields,
} from "./amqp.js";
import { ConsumerLink } from "./consumer-link.js";
import type { ServiceBusNamespace } from "./namespace.js";
import { servePublisherLink } from "./publisher-link.js";
import { cbsAddress, managedEntityAddress, ReplyRoutes, serveCbsLink, serveManagementLink } from "./request-links.js";

/** Service Bus Standard tier's message size limit, announced on our links so the SDK sizes batches like Azure. */
export const maxMessageSizeInBytes = 256 * 1024;

const refusals = {
  "amqp:not-found": (uri: string) => `The messaging entity '${uri}' could not be found.`,
  "amqp:not-allowed": (uri: string) => `The operation is not allowed on '${uri}'.`,
  "amqp:not-implemented": (uri: string) => `Sessions are not supported by the local broker ('${uri}').`,
} as const;

/** Session receivers ask for a session through a filter on the source. */
function asksForSession(link: RheaLink): boolean {
  return "com.microsoft:session-filter" in asRecord(asRecord(link.source).filter);
}

interface TrackedLink {
  readonly session: Session;
  stop(): void;
}

interface ConnectionLinks {
  readonly routes: ReplyRoutes;
  readonly links: Set<TrackedLink>;
}

export class LinkRouter {
  private readonly connections = new Map<Connection, ConnectionLinks>();

  constructor(
    private readonly namespace: ServiceBusNamespace,
    /** The entity's URI for error texts, e.g. sb://127.0.0.1:5672/orders. */
    private readonly entityUri: (address: string) => string,
    private readonly log: (line: string) => void,
  ) {}

  /** Connections currently open (for shutdown). */
  openConnections(): Connection[] {
    return [...this.connections.keys()];
  }

  listen(container: Container): void {
    container.on("connection_open", (context: EventContext) => {
      this.linksOf(context.connection);
      this.log(`connection opened (${this.connections.size} open)`);
    });
    container.on("sender_open", (context: EventContext) => {
      if (context.sender) this.onClientReceiverAttached(context.sender);
    });
    container.on("receiver_open", (context: EventContext) => {
      if (context.receiver) this.onClientSenderAttached(context.receiver);
    });
    container.on("session_close", (context: EventContext) => {
      if (context.session) this.stopLinks(context.connection, (link) => link.session === context.session);
    });
    for (const event of ["connection_close", "disconnected"]) {
      container.on(event, (context: EventContext) => this.forgetConnection(context.connection));
    }
    // Unhandled link/session errors are emitted as "error" on the container; without a listener Node would throw.
    container.on("error", (error: unknown) => this.log(`AMQP error: ${String(error)}`));
    container.on("protocol_error", (error: unknown) => this.log(`AMQP protocol error: ${String(error)}`));
  }

  private linksOf(connection: Connection): ConnectionLinks {
    let links = this.connections.get(connection);
    if (!links) {
      links = { routes: new ReplyRoutes(), links: new Set() };
      this.connections.set(connection, links);
    }
    return links;
  }

  private onClientReceiverAttached(sender: Sender): void {
    const address = remoteSourceAddress(sender) ?? "";
    echoTermini(sender);
    const modes = remoteSettleModes(sender);
    setLocalAttachFields(sender, { snd_settle_mode: modes.sender, rcv_settle_mode: modes.receiver });
    const { routes, links } = this.linksOf(sender.connection);

    if (address === cbsAddress || managedEntityAddress(address) !== undefined) {
      routes.add(sender);
      return;
    }
    const endpoint = this.namespace.resolve(address);
    if (!endpoint?.store) {
      this.refuse(sender, address, endpoint ? "amqp:not-allowed" : "amqp:not-found");
      return;
    }
    if (asksForSession(sender)) {
      // Better a clear refusal than a session receiver that silently gets every message.
      this.refuse(sender, address, "amqp:not-implemented");
      return;
    }
    const consumer = new ConsumerLink(sender, endpoint.store);
    const tracked: TrackedLink = { session: sender.session, stop: () => consumer.stop() };
    links.add(tracked);
    const stop = (): void => {
      links.delete(tracked);
      consumer.stop();
    };
    sender.on("sender_close", stop);
    sender.on("sender_error", stop);
    consumer.start();
  }

  private onClientSenderAttached(receiver: Receiver): void {
    const address = remoteTargetAddress(receiver) ?? "";
    echoTermini(receiver);
    setLocalAttachFields(receiver, { max_message_size: maxMessageSizeInBytes });
    const { routes } = this.linksOf(receiver.connection);

    if (address === cbsAddress) {
      serveCbsLink(receiver, routes, this.log);
      return;
    }
    const managed = managedEntityAddress(address);
    if (managed !== undefined) {
      const endpoint = this.namespace.resolve(managed);
      if (!endpoint) this.refuse(receiver, managed, "amqp:not-found");
      else serveManagementLink(receiver, endpoint, routes, this.log);
      return;
    }
    const endpoint = this.namespace.resolve(address);
    if (!endpoint?.publisher) {
      this.refuse(receiver, address, endpoint ? "amqp:not-allowed" : "amqp:not-found");
      return;
    }
    servePublisherLink(receiver, endpoint.publisher, maxMessageSizeInBytes, this.log);
  }

  /** Answers the attach, then detaches with the error Service Bus gives (the SDK maps the not-found text). */
  private refuse(link: RheaLink, address: string, condition: keyof typeof refusals): void {
    const description = refusals[condition](this.entityUri(address));
    this.log(`refused link to '${address}': ${condition}`);
    const error: AmqpError = { condition, description };
    link.close(error);
  }

  private stopLinks(connection: Connection, which: (link: TrackedLink) => boolean): void {
    const state = this.connections.get(connection);
    if (!state) return;
    for (const link of [...state.links]) {
      if (which(link)) {
        state.links.delete(link);
        link.stop();
      }
    }
  }

  private forgetConnection(connection: Connection): void {
    if (!this.connections.has(connection)) return;
    this.stopLinks(connection, () => true);
    this.connections.delete(connection);
    this.log(`connection closed (${this.connections.size} open)`);
  }
}
