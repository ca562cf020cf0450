import { createHash } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, startHostProcess, waitFor, type HostProcess } from "./support/host-process.js";

const megabyte = 1024 * 1024;
const transferSize = 100 * megabyte;
/** A streamed 100 MB transfer may grow the host's RSS by garbage awaiting collection, never by the body. */
const flatMemoryLimit = 64 * megabyte;

let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess({ env: { "AzureWebJobs.slowTimer.Disabled": "true" } });
});

afterAll(async () => {
  await host?.stop("SIGKILL");
});

interface MemoryPeak {
  baseline: number;
  peak: number;
  growth: number;
}

/** Deterministic pseudo-random chunks, so the payload does not compress and the hash is known up front. */
function* uploadChunks(totalBytes: number): Generator<Buffer> {
  const chunk = createHash("sha512").update("seed").digest();
  const block = Buffer.alloc(256 * 1024);
  for (let offset = 0; offset < block.length; offset += chunk.length) chunk.copy(block, offset);
  for (let sent = 0, index = 0; sent < totalBytes; sent += block.length, index++) {
    block.writeUInt32BE(index, 0);
    yield Buffer.from(block.subarray(0, Math.min(block.length, totalBytes - sent)));
  }
}

/** POSTs the generated body chunk by chunk (honouring backpressure) and returns the JSON answer. */
function upload(route: string, totalBytes: number): Promise<{ status: number; json: { bytes: number; sha256: string } }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${host.url}${route}`, { method: "POST", headers: { "content-type": "application/octet-stream" } }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString("utf8")) }));
    });
    outgoing.on("error", reject);
    const chunks = uploadChunks(totalBytes);
    const writeMore = () => {
      for (let next = chunks.next(); !next.done; next = chunks.next()) {
        if (!outgoing.write(next.value)) {
          outgoing.once("drain", writeMore);
          return;
        }
      }
      outgoing.end();
    };
    writeMore();
  });
}

function expectedUploadHash(totalBytes: number): string {
  const hash = createHash("sha256");
  for (const chunk of uploadChunks(totalBytes)) hash.update(chunk);
  return hash.digest("hex");
}

async function resetMemoryProbe(): Promise<void> {
  const response = await fetch(`${host.url}/memory/reset`, { method: "POST" });
  expect(response.status).toBe(200);
}

describe("HTTP streaming (app.setup({ enableHttpStream: true }))", () => {
  it("streams a 100 MB upload to the handler with flat memory", async () => {
    await resetMemoryProbe();
    const { status, json } = await upload("/stream/upload", transferSize);
    const memory = await getJson<MemoryPeak>(`${host.url}/memory/peak`);
    expect(status).toBe(200);
    expect(json).toEqual({ bytes: transferSize, sha256: expectedUploadHash(transferSize) });
    expect(memory.growth).toBeLessThan(flatMemoryLimit);
  });

  it("pipes a 100 MB generated response to the socket chunk by chunk with flat memory", async () => {
    await resetMemoryProbe();
    const response = await fetch(`${host.url}/stream/download/100`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBeNull();
    const hash = createHash("sha256");
    let received = 0;
    for await (const part of response.body as AsyncIterable<Uint8Array>) {
      received += part.byteLength;
      hash.update(part);
    }
    const memory = await getJson<MemoryPeak>(`${host.url}/memory/peak`);

    const expected = createHash("sha256");
    for (let offset = 0, index = 0; offset < transferSize; offset += 64 * 1024, index++) {
      expected.update(Buffer.alloc(64 * 1024, index % 251));
    }
    expect(received).toBe(transferSize);
    expect(hash.digest("hex")).toBe(expected.digest("hex"));
    expect(memory.growth).toBeLessThan(flatMemoryLimit);
  });

  it("shows in the same probe that reading a 100 MB body whole does grow memory (the probe can fail)", async () => {
    await resetMemoryProbe();
    const { status, json } = await upload("/stream/upload-buffered", transferSize);
    const memory = await getJson<MemoryPeak>(`${host.url}/memory/peak`);
    expect(status).toBe(200);
    expect(json.bytes).toBe(transferSize);
    expect(memory.growth).toBeGreaterThan(transferSize);
  });

  it("refuses a declared request body over the 100 MB limit with 413 before reading it", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(`${host.url}/stream/upload`, { method: "POST", headers: { "content-length": String(transferSize + 1) } }, (response) => {
        resolve(response.statusCode ?? 0);
        outgoing.destroy();
      });
      outgoing.on("error", (error) => (outgoing.destroyed ? undefined : reject(error)));
      outgoing.flushHeaders();
    });
    expect(status).toBe(413);
    const warning = "[streamUpload] WARNING: The request body is larger than 104857600 bytes.";
    await waitFor(async () => (host.output.includes(warning) ? true : undefined), "the body-limit warning");
  });
});
