/**
 * The process dies between the Cosmos write and the send to Service Bus: a second dev host runs the same compiled
 * app on the platform's Cosmos, Service Bus and stubs with FAULT_OUTBOX_FAST_PATH=exit, which ends the process right
 * before the fast path's first send. The request is recorded and expanded, nothing was sent; after a restart (and
 * on the platform's own host) the sweep finishes it — published exactly once, one dialogue.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { injectedCrashExitCode } from "../../shared/adapters/servicebus/fault-injecting-message-sender.js";
import { startHostProcess, repositoryRoot, type HostProcess } from "../host/support/host-process.js";
import { eventually, freshOrganisationNumber, initializeBody, organisationUrn, serviceOwnerToken } from "./support/api-client.js";
import { dialogsOf, publishingProbes, statusesOf } from "./support/publishing-probes.js";

const { appSettings } = inject("platform");
const probes = publishingProbes();
const hosts: HostProcess[] = [];

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  probes.close();
});

async function startAppHost(extraSettings: Record<string, string> = {}): Promise<HostProcess> {
  const host = await startHostProcess({ app: repositoryRoot, env: { ...appSettings, ...extraSettings } });
  hosts.push(host);
  return host;
}

describe("outbox: a crash between the Cosmos write and the send to Service Bus", () => {
  it("leaves a recorded request that the sweep publishes exactly once after a restart", async () => {
    const crashing = await startAppHost({ FAULT_OUTBOX_FAST_PATH: "exit" });
    const orgNo = freshOrganisationNumber();
    const sendersReference = `crash-${orgNo}`;
    const attempt = await fetch(`${crashing.url}/correspondence/api/v1/correspondence`, {
      method: "POST",
      headers: { authorization: `Bearer ${await serviceOwnerToken()}`, "content-type": "application/json" },
      body: JSON.stringify(initializeBody({ recipients: [organisationUrn(orgNo)], sendersReference })),
    }).then(
      (response) => ({ answered: response.status }),
      () => ({ answered: "no answer" }),
    );
    expect(attempt).toEqual({ answered: "no answer" });
    expect(await crashing.stop()).toBe(injectedCrashExitCode);

    // What the crash left: the correspondence stored and ready, nothing sent (so no dialogue), the request open.
    const ids = await probes.repository.search({
      resourceId: "read-endpoints-resource",
      role: "Sender",
      party: "urn:altinn:organization:identifier-no:991825827",
      sendersReference,
      limit: 10,
    });
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    expect(statusesOf((await probes.stored(id))!)).toEqual(["Initialized", "ReadyForPublish"]);
    expect(await dialogsOf(id)).toEqual([]);
    const openRequests = await probes.requests.findIncomplete(new Date(Date.now() + 60_000).toISOString(), 1000);
    const requests = await Promise.all(openRequests.map((requestId) => probes.requests.read(requestId)));
    const ours = requests.find((stored) => stored?.request.recipients.some((recipient) => recipient.correspondenceId === id));
    expect(ours?.completed).toBe(false);

    // Restart: the sweep (this host's, or the platform's) finishes the request.
    await startAppHost();
    const published = await probes.untilStatus(id, "Published", 45_000);
    expect(statusesOf(published)).toEqual(["Initialized", "ReadyForPublish", "Published"]);
    await eventually(async () => ((await probes.requests.read(ours!.request.requestId))?.completed ? true : undefined), "the request to be completed");
    expect(await dialogsOf(id)).toHaveLength(1);
    // Later sweeps find nothing more to do for it.
    expect(await probes.requests.findIncomplete(new Date(Date.now() + 60_000).toISOString(), 1000)).not.toContain(ours!.request.requestId);
  });
});
