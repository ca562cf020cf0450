/**
 * Contract tests for the Altinn Notifications stub: order chains with reminders and send conditions, composed e-mails,
 * delivery manifests, the v1 order API, idempotency, validation and the recordings. Steps are shortened to 100 ms.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { notificationTimingEnvironment } from "../../dev/stubs/services/notifications/timing.js";
import {
  asArray,
  asRecord,
  call,
  inSeconds,
  personToken,
  serviceOwnerToken,
  startPlatformStubs,
  waitFor,
  type PlatformStubs,
} from "./platform-helpers.js";

const stepMs = 100;
const futureOrders = "/notifications/api/v1/future/orders";
const v1Orders = "/notifications/api/v1/orders";
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const reservedPerson = "08900499559";

let platform: PlatformStubs;
let token: string;

beforeAll(async () => {
  process.env[notificationTimingEnvironment.stepMs] = String(stepMs);
  platform = await startPlatformStubs();
  token = await serviceOwnerToken(platform.stub);
});

afterAll(async () => {
  await platform.close();
});

beforeEach(async () => {
  await call(platform.stub.url, "/_stub/state", { method: "DELETE" });
});

const emailSettings = { subject: "Ny melding", body: "Du har fått en melding i Altinn.", contentType: "Plain" };
const smsSettings = { body: "Du har fått en melding i Altinn." };

function emailOrder(idempotencyId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyId,
    sendersReference: `ref-${idempotencyId}`,
    requestedSendTime: new Date().toISOString(),
    recipient: { recipientEmail: { emailAddress: "mottaker@example.com", emailSettings } },
    ...extra,
  };
}

function postOrder(body: unknown, path = futureOrders) {
  return call(platform.stub.url, path, { method: "POST", token, json: body });
}

function getShipment(shipmentId: string) {
  return call(platform.stub.url, `${futureOrders.replace("/orders", "/shipment")}/${shipmentId}`, { token });
}

interface FollowedShipment {
  manifest: Record<string, unknown>;
  orderStatuses: string[];
  recipientStatuses: string[];
}

/** Polls a shipment's manifest until `done`, noting every order and recipient status seen on the way, in order. */
async function followShipment(shipmentId: string, done: (status: string) => boolean): Promise<FollowedShipment> {
  const orderStatuses: string[] = [];
  const recipientStatuses: string[] = [];
  const note = (list: string[], status: unknown) => {
    if (typeof status === "string" && !list.includes(status)) list.push(status);
  };
  const manifest = await waitFor(`shipment ${shipmentId} to finish`, async () => {
    const answer = await getShipment(shipmentId);
    expect(answer.status).toBe(200);
    const current = asRecord(answer.body);
    note(orderStatuses, current["status"]);
    for (const recipient of asArray(current["recipients"])) note(recipientStatuses, asRecord(recipient)["status"]);
    return done(String(current["status"])) ? current : undefined;
  });
  return { manifest, orderStatuses, recipientStatuses };
}

const isFinal = (status: string) => ["Order_Completed", "Order_SendConditionNotMet", "Order_Cancelled"].includes(status);

describe("Altinn Notifications stub", () => {
  it("refuses every order endpoint without a bearer token, and callers that are no organisation", async () => {
    const url = platform.stub.url;
    expect((await call(url, futureOrders, { method: "POST", json: emailOrder("no-token") })).status).toBe(401);
    expect((await call(url, `${futureOrders}/composed-email`, { method: "POST", json: {} })).status).toBe(401);
    expect((await call(url, "/notifications/api/v1/future/shipment/3fa85f64-5717-4562-b3fc-2c963f66afa6")).status).toBe(401);
    expect((await call(url, v1Orders, { method: "POST", json: {} })).status).toBe(401);
    expect((await call(url, `${v1Orders}/3fa85f64-5717-4562-b3fc-2c963f66afa6/cancel`, { method: "PUT" })).status).toBe(401);

    const person = await personToken(platform.stub, "26818099001");
    expect((await call(url, futureOrders, { method: "POST", token: person, json: emailOrder("person") })).status).toBe(403);
  });

  it("answers invalid orders with 400 ValidationProblemDetails and records nothing", async () => {
    const twoRecipients = emailOrder("", {
      recipient: {
        recipientEmail: { emailAddress: "a@example.com", emailSettings },
        recipientSms: { phoneNumber: "+4799999999", smsSettings },
      },
    });
    const invalid = await postOrder(twoRecipients);
    expect(invalid.status).toBe(400);
    const problem = asRecord(invalid.body);
    expect(problem["title"]).toBe("One or more validation errors occurred.");
    expect(Object.keys(asRecord(problem["errors"]))).toEqual(expect.arrayContaining(["IdempotencyId", "Recipient"]));

    const reminderWithBothTimes = emailOrder("both-times", {
      reminders: [{ delayDays: 1, requestedSendTime: inSeconds(60), recipient: { recipientEmail: { emailAddress: "a@example.com", emailSettings } } }],
    });
    expect(Object.keys(asRecord(asRecord((await postOrder(reminderWithBothTimes)).body)["errors"]))).toContain("Reminders[0]");

    const personWithoutSmsSettings = emailOrder("person-settings", {
      recipient: { recipientPerson: { nationalIdentityNumber: "26818099001", emailSettings } },
    });
    const settingsProblem = await postOrder(personWithoutSmsSettings);
    expect(settingsProblem.status).toBe(400);
    expect(Object.keys(asRecord(asRecord(settingsProblem.body)["errors"]))).toContain("Recipient.RecipientPerson.SmsSettings");

    expect((await postOrder(emailOrder("no-zone", { requestedSendTime: "2030-01-01T10:00:00" }))).status).toBe(400);
    expect((await postOrder(emailOrder("past", { requestedSendTime: "2020-01-01T10:00:00Z" }))).status).toBe(400);
    expect((await call(platform.stub.url, "/_stub/notifications/orders")).body).toEqual([]);
  });

  it("walks a main notification through non-final statuses to Email_Delivered and stops a reminder whose condition is false", async () => {
    const { conditions, stub } = platform;
    const order = emailOrder("chain-1", {
      conditionEndpoint: conditions.sendUrl("chain-1-main"),
      dialogportenAssociation: { dialogId: "0195f1c4-6c3e-7a7b-8c5d-1a2b3c4d5e6f" },
      reminders: [
        {
          sendersReference: "ref-chain-1-reminder",
          requestedSendTime: inSeconds(0.3),
          conditionEndpoint: conditions.doNotSendUrl("chain-1-reminder"),
          recipient: { recipientEmail: { emailAddress: "mottaker@example.com", emailSettings } },
        },
      ],
    });
    const created = await postOrder(order);
    expect(created.status).toBe(201);
    const receipt = asRecord(created.body);
    const notification = asRecord(receipt["notification"]);
    const reminders = asArray(notification["reminders"]).map(asRecord);
    expect(receipt["notificationOrderId"]).toMatch(guidPattern);
    expect(notification["shipmentId"]).toMatch(guidPattern);
    expect(notification["sendersReference"]).toBe("ref-chain-1");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.["shipmentId"]).toMatch(guidPattern);
    expect(reminders[0]?.["sendersReference"]).toBe("ref-chain-1-reminder");
    expect(created.header("location")).toContain(String(receipt["notificationOrderId"]));

    const main = await followShipment(String(notification["shipmentId"]), isFinal);
    expect(main.manifest).toMatchObject({
      shipmentId: notification["shipmentId"],
      sendersReference: "ref-chain-1",
      type: "Notification",
      status: "Order_Completed",
      recipients: [{ type: "Email", destination: "mottaker@example.com", status: "Email_Delivered" }],
    });
    expect(main.orderStatuses).toContain("Order_Processed");
    expect(main.orderStatuses.at(-1)).toBe("Order_Completed");
    expect(main.recipientStatuses).toEqual(expect.arrayContaining(["Email_New", "Email_Sending", "Email_Delivered"]));
    expect(main.recipientStatuses.indexOf("Email_Sending")).toBeLessThan(main.recipientStatuses.indexOf("Email_Delivered"));

    const reminder = await followShipment(String(reminders[0]?.["shipmentId"]), isFinal);
    expect(reminder.manifest["status"]).toBe("Order_SendConditionNotMet");
    expect(reminder.manifest["recipients"]).toEqual([]);

    // Both condition endpoints were really called, with a Maskinporten token for the condition-check scope.
    for (const url of [conditions.sendUrl("chain-1-main"), conditions.doNotSendUrl("chain-1-reminder")]) {
      const calls = conditions.callsTo(url);
      expect(calls).toHaveLength(1);
      const claims = await stub.issuers.maskinporten.verify(calls[0]?.authorization?.replace(/^Bearer /, "") ?? "");
      expect(claims?.["scope"]).toBe("altinn:system/notifications.condition.check");
    }

    const shipments = asArray((await call(stub.url, "/_stub/notifications/shipments")).body).map(asRecord);
    expect(shipments.map((shipment) => shipment["origin"])).toEqual(["orderChainMain", "orderChainReminder"]);
    expect(shipments[0]?.["conditionChecks"]).toEqual([expect.objectContaining({ outcome: "sendNotification:true" })]);
    expect(shipments[1]?.["conditionChecks"]).toEqual([expect.objectContaining({ outcome: "sendNotification:false" })]);
    expect((await call(stub.url, "/_stub/notifications/orders")).body).toEqual([order]);
  });

  it("answers a repeated idempotencyId with the first response and creates no second order", async () => {
    const order = emailOrder("same-order", { requestedSendTime: inSeconds(60) });
    const first = await postOrder(order);
    const second = await postOrder(order);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    expect((await call(platform.stub.url, "/_stub/notifications/orders")).body).toEqual([order]);
    const shipments = asArray((await call(platform.stub.url, "/_stub/notifications/shipments")).body).map(asRecord);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]?.["repeatedRequests"]).toBe(1);
  });

  it("resolves persons to derived addresses, fails a KRR-reserved person unless reservations are ignored, and delivers SMS", async () => {
    const person = (id: string, nationalIdentityNumber: string, ignoreReservation?: boolean) =>
      emailOrder(id, {
        recipient: { recipientPerson: { nationalIdentityNumber, ignoreReservation, emailSettings, smsSettings } },
      });
    const shipmentOf = async (body: unknown) => String(asRecord(asRecord((await postOrder(body)).body)["notification"])["shipmentId"]);

    const ordinary = await shipmentOf(person("person-ordinary", "26818099001"));
    const reserved = await shipmentOf(person("person-reserved", reservedPerson));
    const reservedButIgnored = await shipmentOf(person("person-ignored", reservedPerson, true));
    const sms = await shipmentOf(
      emailOrder("sms", { recipient: { recipientSms: { phoneNumber: "+4799999999", smsSettings } } }),
    );

    // Followed side by side, so that every shipment's intermediate statuses are seen.
    const [ordinaryShipment, reservedShipment, ignoredShipment, smsShipment] = await Promise.all(
      [ordinary, reserved, reservedButIgnored, sms].map((shipmentId) => followShipment(shipmentId, isFinal)),
    );
    // The destination is the address the Profile stub gives for the person.
    const profile = await call(platform.stub.url, "/profile/api/v1/person/contact/details/lookup", {
      method: "POST",
      token,
      json: { nationalIdentityNumbers: ["26818099001"] },
    });
    const [contact] = asArray(asRecord(profile.body)["matchedPersonContactDetails"]).map(asRecord);
    expect(contact?.["emailAddress"]).toEqual(expect.stringContaining("@"));
    expect(ordinaryShipment?.manifest["recipients"]).toMatchObject([
      { type: "Email", destination: contact?.["emailAddress"], status: "Email_Delivered" },
    ]);
    expect(reservedShipment?.manifest["status"]).toBe("Order_Completed");
    expect(reservedShipment?.manifest["recipients"]).toMatchObject([{ type: "Email", status: "Email_Failed_RecipientReserved" }]);
    expect(ignoredShipment?.manifest["recipients"]).toMatchObject([{ status: "Email_Delivered" }]);
    if (!smsShipment) throw new Error("The SMS shipment was not followed");
    expect(smsShipment.manifest["recipients"]).toMatchObject([{ type: "SMS", destination: "+4799999999", status: "SMS_Delivered" }]);
    expect(smsShipment.recipientStatuses).toEqual(expect.arrayContaining(["SMS_New", "SMS_Sending", "SMS_Accepted"]));
  });

  it("does nothing with an order before its requested send time", async () => {
    const sendAt = Date.now() + 1500;
    const conditionUrl = platform.conditions.sendUrl("later");
    const created = await postOrder(emailOrder("later", { requestedSendTime: new Date(sendAt).toISOString(), conditionEndpoint: conditionUrl }));
    const shipmentId = String(asRecord(asRecord(created.body)["notification"])["shipmentId"]);

    // Sample the shipment until shortly before its send time: it must stay registered, its condition uncalled.
    let samples = 0;
    await waitFor(
      "the time just before the send time",
      async () => {
        const manifest = asRecord((await getShipment(shipmentId)).body);
        expect(manifest["status"]).toBe("Order_Registered");
        expect(manifest["recipients"]).toEqual([]);
        expect(platform.conditions.callsTo(conditionUrl)).toEqual([]);
        samples += 1;
        return Date.now() >= sendAt - 250 ? true : undefined;
      },
      { intervalMs: 100, timeoutMs: 3000 },
    );
    expect(samples).toBeGreaterThan(5);

    const finished = await followShipment(shipmentId, isFinal);
    expect(finished.manifest["status"]).toBe("Order_Completed");
    expect(platform.conditions.callsTo(conditionUrl)[0]?.at).toBeGreaterThanOrEqual(sendAt);
  });

  it("retries an unreachable condition endpoint once and then sends anyway, as the real service does", async () => {
    const unreachable = await closedPortUrl();
    const created = await postOrder(emailOrder("unreachable", { conditionEndpoint: unreachable }));
    const shipmentId = String(asRecord(asRecord(created.body)["notification"])["shipmentId"]);

    expect((await followShipment(shipmentId, isFinal)).manifest["status"]).toBe("Order_Completed");
    const [shipment] = asArray((await call(platform.stub.url, "/_stub/notifications/shipments")).body).map(asRecord);
    expect(shipment?.["conditionChecks"]).toEqual([
      expect.objectContaining({ endpoint: unreachable, outcome: "error" }),
      expect.objectContaining({ endpoint: unreachable, outcome: "error" }),
    ]);
    expect(shipment?.["recipients"]).toMatchObject([{ status: "Email_Delivered" }]);
  });

  it("takes composed e-mails (forwarding) as orders too", async () => {
    const order = {
      idempotencyId: "forward-1",
      sendersReference: "forward-ref",
      recipient: {
        emailAddress: "kollega@example.com",
        emailSettings: {
          subject: "Videresendt melding",
          body: "Se vedlegg.\n\n---\n\nMeldingstekst",
          contentType: "Plain",
          attachments: [{ filename: "vedtak.pdf", mimeType: "application/pdf", sasUrl: "http://127.0.0.1:10000/devstoreaccount1/a/vedtak.pdf?sig=x" }],
        },
      },
    };
    const created = await postOrder(order, `${futureOrders}/composed-email`);
    expect(created.status).toBe(201);
    const notification = asRecord(asRecord(created.body)["notification"]);
    expect(notification["sendersReference"]).toBe("forward-ref");
    expect((await postOrder(order, `${futureOrders}/composed-email`)).body).toEqual(created.body);

    const finished = await followShipment(String(notification["shipmentId"]), isFinal);
    expect(finished.manifest["recipients"]).toMatchObject([{ type: "Email", destination: "kollega@example.com", status: "Email_Delivered" }]);
    expect((await call(platform.stub.url, "/_stub/notifications/orders")).body).toEqual([order]);

    const withoutSubject = { ...order, idempotencyId: "forward-2", recipient: { emailAddress: "kollega@example.com", emailSettings: { body: "x" } } };
    expect((await postOrder(withoutSubject, `${futureOrders}/composed-email`)).status).toBe(400);
  });

  it("serves the v1 order API: create with recipient lookup, read, status, summaries, and cancel only before processing", async () => {
    const later = {
      sendersReference: "v1-later",
      requestedSendTime: inSeconds(60),
      notificationChannel: "Email",
      emailTemplate: { subject: "Emne", body: "Tekst" },
      recipients: [{ emailAddress: "mottaker@example.com" }, { nationalIdentityNumber: reservedPerson }],
    };
    const created = await postOrder(later, v1Orders);
    expect(created.status).toBe(202);
    const receipt = asRecord(created.body);
    const orderId = String(receipt["orderId"]);
    expect(orderId).toMatch(guidPattern);
    expect(receipt["recipientLookup"]).toEqual({ status: "PartialSuccess", isReserved: [reservedPerson], missingContact: [] });

    const url = platform.stub.url;
    expect(asRecord((await call(url, `${v1Orders}/${orderId}`, { token })).body)).toMatchObject({
      id: orderId,
      creator: "ttd",
      sendersReference: "v1-later",
      notificationChannel: "Email",
      recipients: later.recipients,
    });
    expect(asRecord((await call(url, `${v1Orders}/${orderId}/status`, { token })).body)["processingStatus"]).toMatchObject({
      status: "Registered",
    });
    const cancelled = await call(url, `${v1Orders}/${orderId}/cancel`, { method: "PUT", token });
    expect(cancelled.status).toBe(200);
    expect(asRecord(asRecord(cancelled.body)["processingStatus"])["status"]).toBe("Cancelled");
    expect((await call(url, `${v1Orders}/${orderId}/cancel`, { method: "PUT", token })).status).toBe(409);

    const now = await postOrder({ ...later, sendersReference: "v1-now", requestedSendTime: undefined, recipients: [{ emailAddress: "mottaker@example.com" }] }, v1Orders);
    const nowId = String(asRecord(now.body)["orderId"]);
    await waitFor("the v1 order to start processing", async () => {
      const status = asRecord(asRecord((await call(url, `${v1Orders}/${nowId}/status`, { token })).body)["processingStatus"]);
      return status["status"] !== "Registered" ? true : undefined;
    });
    expect((await call(url, `${v1Orders}/${nowId}/cancel`, { method: "PUT", token })).status).toBe(409);

    await followShipment(nowId, isFinal);
    const status = asRecord((await call(url, `${v1Orders}/${nowId}/status`, { token })).body);
    expect(status["processingStatus"]).toMatchObject({ status: "Completed" });
    expect(asRecord(status["notificationsStatusSummary"])["email"]).toMatchObject({ generated: 1, succeeded: 1 });
    const emails = asRecord((await call(url, `${v1Orders}/${nowId}/notifications/email`, { token })).body);
    expect(emails).toMatchObject({
      orderId: nowId,
      generated: 1,
      succeeded: 1,
      notifications: [{ succeeded: true, recipient: { emailAddress: "mottaker@example.com" }, sendStatus: { status: "Delivered" } }],
    });
    expect(asRecord((await call(url, `${v1Orders}/${nowId}/notifications/sms`, { token })).body)).toMatchObject({ generated: 0 });
    expect((await call(url, `${v1Orders}/3fa85f64-5717-4562-b3fc-2c963f66afa6/status`, { token })).status).toBe(404);
    expect((await postOrder({ ...later, emailTemplate: undefined }, v1Orders)).status).toBe(400);
  });

  it("forgets orders and shipments on DELETE /_stub/state", async () => {
    const created = await postOrder(emailOrder("to-forget", { requestedSendTime: inSeconds(60) }));
    const shipmentId = String(asRecord(asRecord(created.body)["notification"])["shipmentId"]);
    expect(asArray((await call(platform.stub.url, "/_stub/notifications/orders")).body)).toHaveLength(1);

    expect((await call(platform.stub.url, "/_stub/state", { method: "DELETE" })).status).toBe(204);
    expect((await call(platform.stub.url, "/_stub/notifications/orders")).body).toEqual([]);
    expect((await call(platform.stub.url, "/_stub/notifications/shipments")).body).toEqual([]);
    expect((await getShipment(shipmentId)).status).toBe(404);
    // The idempotency memory is gone too: the same order is created anew.
    expect((await postOrder(emailOrder("to-forget", { requestedSendTime: inSeconds(60) }))).status).toBe(201);
  });
});

/** An address nothing listens on: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/gone`;
}
