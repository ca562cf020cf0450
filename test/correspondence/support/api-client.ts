/**
 * Integration-test helpers for the correspondence API: tokens from the platform stub's token generator, HTTP calls to
 * the function app in the dev host, sending correspondences (POST /correspondence) and waiting until they are
 * published, and fresh identities so that tests sharing one platform never see each other's correspondences.
 */
import { randomInt, randomUUID } from "node:crypto";
import { CosmosClient } from "@azure/cosmos";
import { expect, inject } from "vitest";
import { containerNames } from "../../../shared/adapters/cosmos/container-names.js";
import { CosmosCorrespondenceRepository } from "../../../shared/adapters/cosmos/cosmos-correspondence-repository.js";
import type { Correspondence } from "../../../shared/domain/correspondence/correspondence.js";

const { urls } = inject("platform");

export const apiBase = `${urls.functions}/correspondence/api/v1`;
export const serviceOwnerOrg = "991825827";
export const defaultResource = "read-endpoints-resource";
export const readScope = "altinn:correspondence.read";
export const writeScope = "altinn:correspondence.write";
export const serviceOwnerScope = "altinn:serviceowner";

async function tokenFrom(path: string, query: Record<string, string>): Promise<string> {
  const response = await fetch(`${urls.stubs}${path}?${new URLSearchParams({ env: "local", ...query })}`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return text;
}

/** The service owner (ttd, 991825827) as it calls after the Maskinporten → Altinn exchange. */
export function serviceOwnerToken(scopes = `${writeScope} ${serviceOwnerScope}`): Promise<string> {
  return tokenFrom("/api/GetEnterpriseToken", { scopes, org: "ttd", orgNo: serviceOwnerOrg });
}

/** An organisation (a recipient's inbox, read through an enterprise token). */
export function organisationToken(orgNo: string, scopes = readScope): Promise<string> {
  return tokenFrom("/api/GetEnterpriseToken", { scopes, orgNo });
}

export function personToken(pid: string, scopes = readScope): Promise<string> {
  return tokenFrom("/api/GetPersonalToken", { scopes, pid });
}

/** A raw Maskinporten token (not exchanged). */
export function maskinportenToken(orgNo: string, scopes: string): Promise<string> {
  return tokenFrom("/api/GetMaskinportenToken", { scopes, orgNo });
}

/** A 9-digit organisation number no other test uses (the stubs resolve any well-formed number to a party). */
export function freshOrganisationNumber(): string {
  return `3${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

/** A national identity number that passes the mod-11 check, chosen at random. */
export function freshNationalIdentityNumber(): string {
  const first = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const second = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const control = (digits: number[], weights: number[]) => {
    const rest = 11 - (weights.reduce((sum, weight, index) => sum + weight * (digits[index] ?? 0), 0) % 11);
    return rest === 11 ? 0 : rest;
  };
  for (;;) {
    // Day 41–71 is a D-number (valid, and never a real person's birth date in these tests).
    const base = `${randomInt(41, 72)}${String(randomInt(1, 13)).padStart(2, "0")}${String(randomInt(0, 100)).padStart(2, "0")}${String(randomInt(0, 1000)).padStart(3, "0")}`;
    const digits = [...base].map(Number);
    const k1 = control(digits, first);
    if (k1 === 10) continue;
    const k2 = control([...digits, k1], second);
    if (k2 === 10) continue;
    return `${base}${k1}${k2}`;
  }
}

export const organisationUrn = (orgNo: string) => `urn:altinn:organization:identifier-no:${orgNo}`;
export const personUrn = (pid: string) => `urn:altinn:person:identifier-no:${pid}`;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${apiBase}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Asserts a business ProblemDetails answer: status, `errorCode` and its `CORR-` code. */
export function expectProblem(response: ApiResponse, status: number, errorCode: number): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ errorCode: number; code: string; status: number }>();
  expect(problem).toMatchObject({ errorCode, status, code: `CORR-${String(errorCode).padStart(5, "0")}` });
}

export interface SendOptions {
  recipients: string[];
  resourceId?: string;
  sendersReference?: string;
  requestedPublishTime?: string;
  isConfirmationNeeded?: boolean;
  dueDateTime?: string;
  replyOptions?: Array<{ linkURL: string; linkText?: string }>;
  content?: Partial<{ language: string; messageTitle: string; messageSummary: string; messageBody: string }>;
  idempotentKey?: string;
}

export function initializeBody(options: SendOptions): Record<string, unknown> {
  return {
    correspondence: {
      resourceId: options.resourceId ?? defaultResource,
      sendersReference: options.sendersReference ?? `ref-${randomUUID()}`,
      content: {
        language: "nb",
        messageTitle: "Melding til deg",
        messageSummary: "Kort sammendrag",
        messageBody: "# Hei\n\nDette er meldingen.",
        ...options.content,
      },
      ...(options.requestedPublishTime ? { requestedPublishTime: options.requestedPublishTime } : {}),
      ...(options.isConfirmationNeeded !== undefined ? { isConfirmationNeeded: options.isConfirmationNeeded } : {}),
      ...(options.isConfirmationNeeded && !options.dueDateTime
        ? { dueDateTime: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString() }
        : {}),
      ...(options.dueDateTime ? { dueDateTime: options.dueDateTime } : {}),
      ...(options.replyOptions ? { replyOptions: options.replyOptions } : {}),
    },
    recipients: options.recipients,
    ...(options.idempotentKey ? { idempotentKey: options.idempotentKey } : {}),
  };
}

interface InitializeResponse {
  correspondences: Array<{ correspondenceId: string; status: string; recipient: string }>;
}

/** POST /correspondence as the service owner; the ids in recipient order. */
export async function send(options: SendOptions, token?: string): Promise<string[]> {
  const response = await call("POST", "/correspondence", { token: token ?? (await serviceOwnerToken()), body: initializeBody(options) });
  expect(response.status, response.text).toBe(200);
  return response.json<InitializeResponse>().correspondences.map((initialized) => initialized.correspondenceId);
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

interface OverviewStatus {
  status: string;
}

/** Waits until the sender's overview shows the correspondence Published (the sender's view has no side effects). */
export async function waitUntilPublished(id: string, timeoutMs = 30_000): Promise<void> {
  const token = await serviceOwnerToken();
  await eventually(
    async () => {
      const response = await call("GET", `/correspondence/${id}`, { token });
      return response.status === 200 && response.json<OverviewStatus>().status === "Published" ? true : undefined;
    },
    `correspondence ${id} to be published`,
    timeoutMs,
  );
}

/** Sends to one fresh organisation and waits for publish; returns the id and the recipient. */
export async function publishedToFreshOrganisation(options: Partial<SendOptions> = {}): Promise<{ id: string; orgNo: string; recipientToken: string }> {
  const orgNo = freshOrganisationNumber();
  const [id] = await send({ ...options, recipients: [organisationUrn(orgNo)] });
  if (!id) throw new Error("no correspondence created");
  await waitUntilPublished(id);
  return { id, orgNo, recipientToken: await organisationToken(orgNo) };
}

export interface RecordedDialog {
  id: string;
  party: string;
  deletedAt: string | null;
  activities: Array<{
    id: string;
    type: string;
    transmissionId?: string;
    performedBy?: { actorType?: string; actorId?: string; actorName?: string };
  }>;
}

/** The dialog the stub recorded for a correspondence (found through its DialogportenDialogId reference). */
export async function recordedDialogOf(correspondenceId: string): Promise<RecordedDialog> {
  // Details, not the overview: it still answers the sender once the correspondence is purged.
  const details = await call("GET", `/correspondence/${correspondenceId}/details`, { token: await serviceOwnerToken() });
  const reference = details
    .json<{ externalReferences: Array<{ referenceType: string; referenceValue: string }> }>()
    .externalReferences.find((candidate) => candidate.referenceType === "DialogportenDialogId");
  if (!reference) throw new Error(`correspondence ${correspondenceId} has no dialog`);
  const dialogs = (await (await fetch(`${urls.stubs}/_stub/dialogporten/dialogs`)).json()) as RecordedDialog[];
  const dialog = dialogs.find((candidate) => candidate.id === reference.referenceValue);
  if (!dialog) throw new Error(`dialog ${reference.referenceValue} was not recorded`);
  return dialog;
}

/** Waits until the recorded dialog of a correspondence satisfies `ready` (its Dialogporten effects arrive through a queue). */
export async function eventuallyRecordedDialogOf(
  correspondenceId: string,
  ready: (dialog: RecordedDialog) => boolean,
  what: string,
): Promise<RecordedDialog> {
  return eventually(async () => {
    const dialog = await recordedDialogOf(correspondenceId);
    return ready(dialog) ? dialog : undefined;
  }, `${what} on the dialog of correspondence ${correspondenceId}`);
}

/**
 * A published transmission (api.md §4.1, dialogporten.md §3): a correspondence to the same recipient, posted into the
 * dialog of an earlier correspondence instead of getting one of its own.
 */
export async function publishedTransmission(): Promise<{ id: string; dialogId: string; orgNo: string; recipientToken: string }> {
  const first = await publishedToFreshOrganisation();
  const dialogId = (await recordedDialogOf(first.id)).id;
  const body = initializeBody({ recipients: [organisationUrn(first.orgNo)] }) as { correspondence: Record<string, unknown> };
  body.correspondence.externalReferences = [{ referenceType: "DialogportenDialogId", referenceValue: dialogId }];
  const response = await call("POST", "/correspondence", { token: await serviceOwnerToken(), body });
  expect(response.status, response.text).toBe(200);
  const id = response.json<InitializeResponse>().correspondences[0]?.correspondenceId;
  if (!id) throw new Error("no transmission created");
  await waitUntilPublished(id);
  return { id, dialogId, orgNo: first.orgNo, recipientToken: first.recipientToken };
}

/** A dialog token for the dialog of a correspondence, as Dialogporten's end-user API hands it to Arbeidsflate. */
export async function dialogTokenFor(correspondenceId: string, endUserToken: string): Promise<string> {
  const dialog = await recordedDialogOf(correspondenceId);
  const response = await fetch(`${urls.stubs}/dialogporten/api/v1/enduser/dialogs/${dialog.id}`, {
    headers: { authorization: `Bearer ${endUserToken}` },
  });
  const body = (await response.json()) as { dialogToken?: string };
  expect(response.status).toBe(200);
  if (!body.dialogToken) throw new Error("the end-user dialog carried no dialog token");
  return body.dialogToken;
}

export const stubsUrl = urls.stubs;

/**
 * The stored correspondence, read straight from the platform's Cosmos DB through the repository adapter: what the
 * concurrency tests count rows in, independent of what any endpoint chooses to show.
 */
export async function storedCorrespondence(id: string): Promise<Correspondence> {
  const { appSettings } = inject("platform");
  const client = new CosmosClient(appSettings.COSMOS ?? "");
  try {
    const database = client.database(appSettings.COSMOS_DATABASE ?? "correspondence");
    const repository = new CosmosCorrespondenceRepository({
      correspondences: database.container(containerNames.correspondences),
      locators: database.container(containerNames.locators),
      requests: database.container(containerNames.requests),
    });
    const stored = await repository.findById(id);
    if (!stored) throw new Error(`correspondence ${id} is not stored`);
    return stored.correspondence;
  } finally {
    client.dispose();
  }
}
