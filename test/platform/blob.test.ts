/**
 * Azurite through the real @azure/storage-blob SDK: a 100 MB attachment is uploaded from a stream and downloaded as a
 * stream, byte for byte, while this process's memory stays flat (it never holds the attachment).
 */
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { createHash } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const megabyte = 1024 * 1024;
const attachmentSize = 100 * megabyte;

/** Deterministic pseudo-random bytes, produced a chunk at a time. */
function generatedAttachment(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  let produced = 0;
  let seed = 12345;
  const stream = new Readable({
    read() {
      if (produced >= size) return this.push(null);
      const chunk = Buffer.allocUnsafe(Math.min(megabyte, size - produced));
      for (let offset = 0; offset < chunk.length; offset += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        chunk.writeUInt32LE(seed, offset);
      }
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest("hex") };
}

/**
 * Live memory (JS heap + buffers) after a full collection, so garbage not yet collected does not count: the question
 * is what the transfer holds on to, not how lazily the collector runs. Tests run with --expose-gc (vitest.config.ts).
 */
function liveMemory(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("run with --expose-gc to measure live memory");
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Samples live memory while `work` runs; answers the largest growth over the starting point. */
async function peakMemoryGrowth(work: () => Promise<void>): Promise<number> {
  const start = liveMemory();
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, liveMemory());
  }, 50);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return peak - start;
}

describe("Blob Storage (Azurite) through the real SDK", () => {
  const { appSettings } = inject("platform");
  let container: ContainerClient;

  beforeAll(async () => {
    const service = BlobServiceClient.fromConnectionString(appSettings.ATTACHMENT_STORAGE!);
    container = service.getContainerClient(`streaming-${Date.now()}`);
    await container.create();
  });

  afterAll(async () => {
    await container.deleteIfExists();
  });

  it("streams a 100 MB upload and download with flat memory", async () => {
    const blob = container.getBlockBlobClient("large-attachment.bin");
    const attachment = generatedAttachment(attachmentSize);

    const uploadGrowth = await peakMemoryGrowth(async () => {
      await blob.uploadStream(attachment.stream, megabyte, 4, {
        blobHTTPHeaders: { blobContentType: "application/octet-stream" },
      });
    });

    const downloadHash = createHash("sha256");
    let downloadedBytes = 0;
    const downloadGrowth = await peakMemoryGrowth(async () => {
      const download = await blob.download();
      await pipeline(
        download.readableStreamBody!,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            downloadedBytes += chunk.length;
            downloadHash.update(chunk);
            done();
          },
        }),
      );
    });

    const properties = await blob.getProperties();
    expect(properties.contentLength).toBe(attachmentSize);
    expect(downloadedBytes).toBe(attachmentSize);
    expect(downloadHash.digest("hex")).toBe(attachment.sha256());
    // Bounded by block size × concurrency (4 MB) plus socket and SDK stream buffers: independent of the payload size.
    console.log(`100 MB blob: peak live memory growth upload ${(uploadGrowth / megabyte).toFixed(1)} MB, download ${(downloadGrowth / megabyte).toFixed(1)} MB`);
    expect(uploadGrowth).toBeLessThan(40 * megabyte);
    expect(downloadGrowth).toBeLessThan(40 * megabyte);
  });

  it("supports conditional creation: a second create-if-absent of the same blob is refused with 409", async () => {
    const blob = container.getBlockBlobClient("once.txt");
    await blob.upload("first", 5, { conditions: { ifNoneMatch: "*" } });
    await expect(blob.upload("second", 6, { conditions: { ifNoneMatch: "*" } })).rejects.toMatchObject({ statusCode: 409 });
    expect((await blob.downloadToBuffer()).toString()).toBe("first");
  });
});
