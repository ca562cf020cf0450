/**
 * The Idempotency-Key wrapper's rules, against a fake of our own record-store port and a controllable clock: replay,
 * 422 on a different request, scoping, 5xx not kept, expiry, concurrent first requests, stale claims.
 */
import { HttpRequest, InvocationContext, type HttpResponseInit } from "@azure/functions";
import { describe, expect, it } from "vitest";
import type { Caller } from "../../shared/domain/caller.js";
import type { CallerHttpHandler } from "../../shared/http/authorize-request.js";
import { standardProblemSchema, validationProblemSchema } from "../../shared/http/problem-details.js";
import {
  idempotencyKeyReusedDetail,
  withIdempotencyKey,
  type IdempotencyOptions,
} from "../../shared/http/idempotency/with-idempotency-key.js";
import { callerWith } from "../app/support/callers.js";
import { responseOf } from "../app/support/http.js";
import { InMemoryIdempotencyStore } from "./support/in-memory-idempotency-store.js";

const organisation = callerWith("altinn", { organisationNumber: "991825827", scopes: ["altinn:correspondence.write"] });
const otherOrganisation = callerWith("altinn", { organisationNumber: "310000001", scopes: ["altinn:correspondence.write"] });
const base = "http://127.0.0.1:7071/correspondence/api/v1/correspondence";

function post(path: string, body: string | undefined, key: string | undefined): HttpRequest {
  return new HttpRequest({
    method: "POST",
    url: `${base}${path}`,
    headers: { ...(key === undefined ? {} : { "idempotency-key": key }), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: { string: body } }),
  });
}

/** A handler that counts executions and answers with a fresh number each time, so a replay is recognisable. */
function countingHandler(answer: (execution: number, body: string) => HttpResponseInit = (n) => ({ status: 200, jsonBody: { execution: n } })) {
  let executions = 0;
  const handler: CallerHttpHandler = async (request) => {
    executions += 1;
    return answer(executions, await request.text());
  };
  return { handler, executions: () => executions };
}

function setup(options: IdempotencyOptions & { answer?: Parameters<typeof countingHandler>[0] } = {}) {
  const store = new InMemoryIdempotencyStore();
  const counting = countingHandler(options.answer);
  const wrapped = withIdempotencyKey(store, counting.handler, { pollIntervalMs: 5, ...options });
  const call = async (request: HttpRequest, caller: Caller = organisation) =>
    responseOf(await wrapped(request, new InvocationContext({ functionName: "test" }), caller));
  return { store, call, executions: counting.executions };
}

describe("withIdempotencyKey", () => {
  it("runs every request without the header", async () => {
    const { call, executions } = setup();
    await call(post("", "{}", undefined));
    await call(post("", "{}", undefined));
    expect(executions()).toBe(2);
  });

  it("replays the first response — status, body and content type — for the same key and request", async () => {
    const { call, executions } = setup({ answer: (n) => ({ status: 200, jsonBody: { execution: n } }) });
    const first = await call(post("", '{"a":1}', "key-1"));
    const second = await call(post("", '{"a":1}', "key-1"));
    expect(executions()).toBe(1);
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual({ execution: 1 });
    expect(second.headers.get("content-type")).toBe("application/json");
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
  });

  it("replays a 4xx answer too: only 5xx answers are not kept", async () => {
    const { call, executions } = setup({ answer: (n) => ({ status: 400, jsonBody: { execution: n } }) });
    await call(post("", "{}", "key-4xx"));
    const second = await call(post("", "{}", "key-4xx"));
    expect(executions()).toBe(1);
    expect(second.status).toBe(400);
  });

  it("treats JSON bodies that differ only in key order and whitespace as the same request", async () => {
    const { call, executions } = setup();
    await call(post("", '{"a":1,"b":[1,2]}', "key-json"));
    const second = await call(post("", ' { "b" : [1, 2], "a": 1 } ', "key-json"));
    expect(executions()).toBe(1);
    expect(second.status).toBe(200);
  });

  it("refuses the same key with a different body with 422 problem details, without executing", async () => {
    const { call, executions } = setup();
    await call(post("", '{"a":1}', "key-2"));
    const second = await call(post("", '{"a":2}', "key-2"));
    expect(executions()).toBe(1);
    expect(second.status).toBe(422);
    expect(second.headers.get("content-type")).toBe("application/problem+json");
    const problem = standardProblemSchema.parse(await second.json());
    expect(problem).toMatchObject({ status: 422, title: "Unprocessable Entity", detail: idempotencyKeyReusedDetail });
  });

  it("refuses the same key with a different query string with 422", async () => {
    const { call } = setup();
    await call(post("?x=1", "{}", "key-query"));
    expect((await call(post("?x=2", "{}", "key-query"))).status).toBe(422);
  });

  it("scopes keys to the calling organisation and to the route", async () => {
    const { call, executions } = setup();
    await call(post("", "{}", "shared-key"));
    await call(post("", "{}", "shared-key"), otherOrganisation);
    await call(post("/0d0f5c52-0000-4000-8000-000000000001/markasread", "{}", "shared-key"));
    expect(executions()).toBe(3);
  });

  it("does not keep a 5xx answer: the retry executes again", async () => {
    const { call, executions } = setup({ answer: (n) => ({ status: n === 1 ? 500 : 200, jsonBody: { execution: n } }) });
    expect((await call(post("", "{}", "key-5xx"))).status).toBe(500);
    const retry = await call(post("", "{}", "key-5xx"));
    expect(retry.status).toBe(200);
    expect(executions()).toBe(2);
  });

  it("releases the key when the handler throws, and lets the error through", async () => {
    const { call, executions } = setup({
      answer: (n) => {
        if (n === 1) throw new Error("boom");
        return { status: 200, jsonBody: { execution: n } };
      },
    });
    await expect(call(post("", "{}", "key-throw"))).rejects.toThrow("boom");
    expect((await call(post("", "{}", "key-throw"))).status).toBe(200);
    expect(executions()).toBe(2);
  });

  it("keeps a response for 24 hours and counts an expired record as absent", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const { call, executions } = setup({ now: () => new Date(clock) });
    await call(post("", "{}", "key-expiry"));
    clock += 24 * 60 * 60 * 1000 - 1;
    expect((await call(post("", "{}", "key-expiry"))).headers.get("idempotent-replayed")).toBe("true");
    expect(executions()).toBe(1);
    clock += 2;
    const afterExpiry = await call(post("", '{"other":"body is fine once expired"}', "key-expiry"));
    expect(afterExpiry.headers.get("idempotent-replayed")).toBeNull();
    expect(executions()).toBe(2);
  });

  it("lets exactly one of two concurrent first requests execute; the other waits and replays its response", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = new InMemoryIdempotencyStore();
    let executions = 0;
    const wrapped = withIdempotencyKey(
      store,
      async () => {
        executions += 1;
        await gate;
        return { status: 200, jsonBody: { execution: executions } };
      },
      { pollIntervalMs: 5 },
    );
    const context = () => new InvocationContext({ functionName: "test" });
    const first = wrapped(post("", "{}", "key-race"), context(), organisation);
    const second = wrapped(post("", "{}", "key-race"), context(), organisation);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    const responses = await Promise.all([first, second].map(async (pending) => responseOf(await pending)));
    expect(executions).toBe(1);
    expect(await Promise.all(responses.map((response) => response.json()))).toEqual([{ execution: 1 }, { execution: 1 }]);
    expect(responses.map((response) => response.headers.get("idempotent-replayed")).sort()).toEqual([null, "true"]);
  });

  it("answers 409 when the first request is still running after the wait", async () => {
    const store = new InMemoryIdempotencyStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const wrapped = withIdempotencyKey(
      store,
      async () => {
        await gate;
        return { status: 200, jsonBody: "done" };
      },
      { pollIntervalMs: 5, waitForInProgressMs: 40 },
    );
    const context = () => new InvocationContext({ functionName: "test" });
    const first = wrapped(post("", "{}", "key-slow"), context(), organisation);
    const second = await responseOf(await wrapped(post("", "{}", "key-slow"), context(), organisation));
    expect(second.status).toBe(409);
    expect(standardProblemSchema.parse(await second.json()).status).toBe(409);
    release();
    expect((await responseOf(await first)).status).toBe(200);
  });

  it("takes over a claim whose owner never completed once its lease has run out", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const { store, call, executions } = setup({ now: () => new Date(clock), leaseMs: 1000, waitForInProgressMs: 0 });
    await call(post("", "{}", "key-crash"));
    // Simulate a crash after the claim: put the record back into the in-progress state.
    const [id, versioned] = [...store.records.entries()][0]!;
    store.records.set(id, {
      etag: versioned.etag,
      record: { ...versioned.record, state: "inProgress", response: null, expiresAt: new Date(clock + 1000).toISOString() },
    });
    expect((await call(post("", "{}", "key-crash"))).status).toBe(409);
    clock += 1001;
    expect((await call(post("", "{}", "key-crash"))).status).toBe(200);
    expect(executions()).toBe(2);
  });

  // An empty value is malformed too: a client that sends the header meant to send a key.
  it.each([["a".repeat(256)], ["has space"], [""]])("refuses a malformed key %j with the 400 validation problem", async (key) => {
    const { call, executions } = setup();
    const response = await call(post("", "{}", key));
    expect(response.status).toBe(400);
    const problem = validationProblemSchema.parse(await response.json());
    expect(Object.keys(problem.errors)).toEqual(["Idempotency-Key"]);
    expect(executions()).toBe(0);
  });
});
