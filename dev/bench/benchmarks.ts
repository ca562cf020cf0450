/**
 * The benchmark cases: each pairs an operation of ours with the raw call to the emulated service underneath it.
 */
import { CosmosClient } from "@azure/cosmos";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningPlatform } from "../platform/platform.js";

export interface BenchmarkSession {
  ours(iteration: number): Promise<void>;
  raw(iteration: number): Promise<void>;
  close(): Promise<void>;
}

export interface Benchmark {
  name: string;
  baseline: string;
  prepare(platform: RunningPlatform): Promise<BenchmarkSession>;
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

/** The dev host's HTTP path with a full health check behind it, against a bare Node server answering the same JSON. */
const healthCheck: Benchmark = {
  name: "GET /health (Cosmos + Blob + Service Bus probes)",
  baseline: "bare node:http server, same body",
  async prepare(platform) {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "Healthy", message: "ok" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const bare = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    return {
      ours: async () => expectOk(await fetch(`${platform.urls.functions}/health`), "health"),
      raw: async () => expectOk(await fetch(bare), "bare server"),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
};

/** One correspondence initialised through the API (validation, PDP, registry, Cosmos, outbox) vs one raw Cosmos create. */
const initializeCorrespondence: Benchmark = {
  name: "POST /correspondence (1 recipient)",
  baseline: "one Cosmos item create through the SDK",
  async prepare(platform) {
    const tokenUrl = `${platform.urls.stubs}/api/GetEnterpriseToken?env=local&scopes=${encodeURIComponent("altinn:correspondence.write altinn:serviceowner")}&org=ttd&orgNo=991825827`;
    const token = await (await fetch(tokenUrl)).text();
    const cosmos = new CosmosClient(platform.appSettings.COSMOS!);
    const { container } = await cosmos.database(platform.appSettings.COSMOS_DATABASE!).containers.createIfNotExists({
      id: "bench-raw",
      partitionKey: { paths: ["/partitionKey"] },
    });
    return {
      ours: async (iteration) =>
        expectOk(
          await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({
              correspondence: {
                resourceId: "bench-resource",
                sendersReference: `bench-${iteration}`,
                content: { language: "nb", messageTitle: "Benchmark", messageSummary: "", messageBody: "Benchmark body" },
              },
              recipients: ["urn:altinn:organization:identifier-no:310654302"],
            }),
          }),
          "initialize",
        ),
      raw: async (iteration) => {
        await container.items.create({ id: randomUUID(), partitionKey: "urn:altinn:organization:identifier-no:310654302", iteration });
      },
      close: async () => cosmos.dispose(),
    };
  },
};

async function enterpriseToken(platform: RunningPlatform, orgNo: string, scopes: string): Promise<string> {
  const query = new URLSearchParams({ env: "local", scopes, org: "ttd", orgNo });
  return (await fetch(`${platform.urls.stubs}/api/GetEnterpriseToken?${query}`)).text();
}

/** Waits until the recipient can see the correspondence (it publishes through Service Bus). */
async function waitUntilVisible(url: string, token: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become visible to the recipient`);
}

/** The recipient's overview (token check, PDP decision from cache, locator + point read, Fetched de-dup) vs a point read. */
const correspondenceOverview: Benchmark = {
  name: "GET /correspondence/{id} as recipient",
  baseline: "one Cosmos point read through the SDK",
  async prepare(platform) {
    const recipientOrgNo = "310654302";
    const senderToken = await enterpriseToken(platform, "991825827", "altinn:correspondence.write altinn:serviceowner");
    const recipientToken = await enterpriseToken(platform, recipientOrgNo, "altinn:correspondence.read");
    const created = await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
      method: "POST",
      headers: { authorization: `Bearer ${senderToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        correspondence: {
          resourceId: "bench-resource",
          sendersReference: "bench-overview",
          content: { language: "nb", messageTitle: "Benchmark", messageSummary: "", messageBody: "Benchmark body" },
        },
        recipients: [`urn:altinn:organization:identifier-no:${recipientOrgNo}`],
      }),
    });
    const { correspondences } = (await created.json()) as { correspondences: Array<{ correspondenceId: string }> };
    const id = correspondences[0]!.correspondenceId;
    const url = `${platform.urls.functions}/correspondence/api/v1/correspondence/${id}`;
    await waitUntilVisible(url, recipientToken);

    const cosmos = new CosmosClient(platform.appSettings.COSMOS!);
    const { container } = await cosmos.database(platform.appSettings.COSMOS_DATABASE!).containers.createIfNotExists({
      id: "bench-raw",
      partitionKey: { paths: ["/partitionKey"] },
    });
    await container.items.upsert({ id: "point", partitionKey: "bench" });
    return {
      ours: async () => expectOk(await fetch(url, { headers: { authorization: `Bearer ${recipientToken}` } }), "overview"),
      raw: async () => {
        const { statusCode } = await container.item("point", "bench").read();
        if (statusCode !== 200) throw new Error(`point read answered ${statusCode}`);
      },
      close: async () => cosmos.dispose(),
    };
  },
};

export const benchmarks: Benchmark[] = [healthCheck, initializeCorrespondence, correspondenceOverview];
