/**
 * AMQP request/response as Service Bus uses it for $cbs (claims-based security) and `<entity>/$management`: the
 * client attaches a sending link to the node and a receiving link whose target is a private reply address; each
 * request names that address in reply_to, and the reply carries the request's message id as correlation id.
 */
import type { EventContext, Message, Receiver, Sender } from "rhea";
import { asRecord, asString, remoteTargetAddress } from "./amqp.js";
import { handleManagementRequest } from "./management.js";
import type { EntityEndpoint } from "./namespace.js";

export const cbsAddress = "$cbs";

/** What a request is answered with; the routing fields (to, correlation id) are added when it is sent. */
export interface Reply {
  application_properties: Record<string, unknown>;
  body?: unknown;
}

const managementSuffix = "/$management";

/** The entity address of a `<entity>/$management` node, or undefined when the address is something else. */
export function managedEntityAddress(address: string): string | undefined {
  return address.toLowerCase().endsWith(managementSuffix) ? address.slice(0, -managementSuffix.length) : undefined;
}

/** The reply links of one connection, by their reply address. */
export class ReplyRoutes {
  private readonly links = new Map<string, Sender>();

  /**
   * Registers a reply link under its target address and its name: the SDK's $management links give the reply
   * address as target, its $cbs link only as the link name.
   */
  add(sender: Sender): void {
    const addresses = [remoteTargetAddress(sender), sender.name].filter((key): key is string => Boolean(key));
    for (const address of addresses) this.links.set(address, sender);
    const forget = (): void => {
      for (const address of addresses) {
        if (this.links.get(address) === sender) this.links.delete(address);
      }
    };
    sender.on("sender_close", forget);
    sender.on("sender_error", forget);
  }

  reply(request: Message, reply: Reply): boolean {
    const replyTo = asString(request.reply_to);
    const link = replyTo === undefined ? undefined : this.links.get(replyTo);
    if (!link) return false;
    link.send({ ...reply, body: reply.body ?? {}, to: replyTo, correlation_id: request.message_id });
    return true;
  }
}

function serveRequests(
  receiver: Receiver,
  routes: ReplyRoutes,
  log: (line: string) => void,
  answer: (request: Message) => Reply,
): void {
  receiver.on("message", (context: EventContext) => {
    const request = context.message;
    if (!request) return;
    context.delivery?.accept();
    if (!routes.reply(request, answer(request))) {
      log(`no reply link for ${String(request.reply_to)} on ${String(remoteTargetAddress(receiver))}; request dropped`);
    }
  });
}

/** $cbs put-token: any token is accepted (there is no authorisation locally); CBS replies use "status-code". */
export function serveCbsLink(receiver: Receiver, routes: ReplyRoutes, log: (line: string) => void): void {
  serveRequests(receiver, routes, log, () => ({
    application_properties: { "status-code": 202, "status-description": "Accepted" },
  }));
}

/** `<entity>/$management`: management replies use "statusCode" (not CBS's "status-code"). */
export function serveManagementLink(
  receiver: Receiver,
  endpoint: EntityEndpoint,
  routes: ReplyRoutes,
  log: (line: string) => void,
): void {
  serveRequests(receiver, routes, log, (request) => {
    const operation = asString(asRecord(request.application_properties).operation);
    const reply = handleManagementRequest(endpoint, operation, asRecord(request.body));
    if (reply.statusCode >= 400) {
      log(`${endpoint.path} ${String(operation)}: ${reply.statusCode} ${reply.statusDescription}`);
    }
    return {
      application_properties: {
        statusCode: reply.statusCode,
        statusDescription: reply.statusDescription,
        ...(reply.errorCondition ? { errorCondition: reply.errorCondition } : {}),
      },
      body: reply.body,
    };
  });
}
