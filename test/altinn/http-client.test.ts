/**
 * The HTTP helper over a real local server: retries only GETs and POSTs marked safe to repeat, on 5xx, timeouts and
 * dropped connections; typed errors; JSON handling.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExpiringCache } from "../../shared/adapters/altinn/http/expiring-cache.js";
import { HttpClient, UpstreamHttpError } from "../../shared/adapters/altinn/http/http-client.js";

type Handler = (req: IncomingMessage, res: ServerResponse, call: number) => void;

let baseUrl: string;
let handler: Handler;
let calls: Array<{ method: string; authorization: string | undefined; body: string }>;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    calls.push({ method: req.method ?? "", authorization: req.headers.authorization, body });
    handler(req, res, calls.length);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  calls = [];
});

const client = new HttpClient({ timeoutMs: 300, retryDelaysMs: [10, 10] });
const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

describe("HttpClient", () => {
  it("retries a GET after 5xx and returns the first success", async () => {
    handler = (_req, res, call) => (call < 3 ? json(res, 503, { title: "busy" }) : json(res, 200, { ok: true }));
    const response = await client.send({ method: "GET", url: `${baseUrl}/thing`, bearer: async () => "t0k3n" });
    expect(response.body).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.authorization).toBe("Bearer t0k3n");
  });

  it("retries a GET that times out", async () => {
    handler = (_req, res, call) => (call === 1 ? setTimeout(() => json(res, 200, "late"), 1000) : json(res, 200, "on time"));
    expect((await client.send({ method: "GET", url: `${baseUrl}/slow` })).body).toBe("on time");
    expect(calls).toHaveLength(2);
  });

  it("retries a query POST marked safe to repeat, after a 5xx and after a dropped connection", async () => {
    handler = (_req, res, call) => {
      if (call === 1) return json(res, 503, { title: "busy" });
      if (call === 2) return res.socket?.destroy();
      return json(res, 200, { Response: [] });
    };
    const response = await client.send({ method: "POST", url: `${baseUrl}/authorize`, json: { q: 1 }, safeToRepeat: true });
    expect(response.body).toEqual({ Response: [] });
    expect(calls.map((call) => call.body)).toEqual(['{"q":1}', '{"q":1}', '{"q":1}']);
  });

  it("never retries a POST, and throws a typed error with status and body", async () => {
    handler = (_req, res) => json(res, 503, { title: "busy" });
    const failure = await client.send({ method: "POST", url: `${baseUrl}/order`, json: { a: 1 } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamHttpError);
    expect(failure).toMatchObject({ status: 503, method: "POST", body: JSON.stringify({ title: "busy" }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toBe('{"a":1}');
  });

  it("does not retry a 4xx, and returns statuses the caller accepts instead of throwing", async () => {
    handler = (_req, res) => json(res, 404, { title: "gone" });
    await expect(client.send({ method: "GET", url: `${baseUrl}/missing` })).rejects.toMatchObject({ status: 404 });
    expect(calls).toHaveLength(1);
    const accepted = await client.send({ method: "GET", url: `${baseUrl}/missing`, acceptStatuses: [404] });
    expect(accepted).toMatchObject({ status: 404, body: { title: "gone" } });
  });

  it("gives up after the last retry with the last failure", async () => {
    handler = (_req, res) => json(res, 502, { title: "bad gateway" });
    await expect(client.send({ method: "GET", url: `${baseUrl}/down` })).rejects.toMatchObject({ status: 502 });
    expect(calls).toHaveLength(3);
  });

  it("reports a network failure without a status", async () => {
    const unreachable = new HttpClient({ retryDelaysMs: [] });
    await expect(unreachable.send({ method: "GET", url: "http://127.0.0.1:1/nothing" })).rejects.toMatchObject({
      name: "UpstreamHttpError",
      status: undefined,
    });
  });
});

describe("ExpiringCache", () => {
  it("expires entries, evicts the least recently used, and shares one load between concurrent callers", async () => {
    const clock = { now: 0 };
    const cache = new ExpiringCache<string>({ maxEntries: 2, now: () => clock.now });
    cache.set("a", "A", 100);
    cache.set("b", "B", 100);
    expect(cache.get("a")).toBe("A");
    cache.set("c", "C", 100);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("A");
    clock.now = 100;
    expect(cache.get("a")).toBeUndefined();

    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { value: "loaded", ttlMs: 50 };
    };
    expect(await Promise.all([cache.getOrLoad("x", load), cache.getOrLoad("x", load)])).toEqual(["loaded", "loaded"]);
    expect(loads).toBe(1);
    await expect(cache.getOrLoad("y", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.getOrLoad("y", load)).toBe("loaded");
  });
});
