/**
 * Dialogporten and Events clients against the stubs: every call can be repeated without doing the work twice, and a
 * stale revision comes back as a conflict instead of overwriting someone else's change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { uuidV7 } from "../../dev/stubs/services/dialogporten/uuid.js";
import { createAltinnAdapters, type AltinnAdapters } from "../../shared/adapters/altinn/create-altinn-adapters.js";
import type { CreateDialogRequest, DialogActivity } from "../../shared/domain/ports/dialogporten.js";
import { personB, recordingFetch, startAltinnTestBed, type AltinnTestBed, type RecordingFetch } from "./support.js";

let bed: AltinnTestBed;
let recorder: RecordingFetch;
let adapters: AltinnAdapters;

beforeAll(async () => {
  bed = await startAltinnTestBed();
});
afterAll(() => bed?.close());
beforeEach(() => {
  recorder = recordingFetch();
  adapters = createAltinnAdapters(bed.config, recorder.fetch);
});

function dialogFor(id: string): CreateDialogRequest {
  return {
    id,
    serviceResource: "urn:altinn:resource:altinn-correspondence-test",
    party: `urn:altinn:person:identifier-no:${personB}`,
    status: "RequiresAttention",
    externalReference: "ref-1",
    content: {
      title: { mediaType: "text/plain", value: [{ value: "Hei", languageCode: "nb" }] },
    },
    guiActions: [
      {
        action: "read",
        url: "https://example.no/confirm",
        httpMethod: "POST",
        priority: "Primary",
        isDeleteDialogAction: false,
        title: [{ value: "Bekreft", languageCode: "nb" }],
      },
    ],
    serviceOwnerContext: { serviceOwnerLabels: [{ value: `urn:altinn:correspondence-id:${id}` }] },
  };
}

async function recordedDialogs(): Promise<Array<Record<string, unknown>>> {
  return (await (await fetch(`${bed.stubs.url}/_stub/dialogporten/dialogs`)).json()) as Array<Record<string, unknown>>;
}

describe("Dialogporten", () => {
  it("creates a dialog once however often the same id is posted, and reads it back with its revision", async () => {
    const id = uuidV7();
    expect(await adapters.dialogporten.createDialog(dialogFor(id))).toBe(id);
    expect(await adapters.dialogporten.createDialog(dialogFor(id))).toBe(id);
    expect((await recordedDialogs()).filter((dialog) => dialog.id === id)).toHaveLength(1);

    const fetched = await adapters.dialogporten.getDialog(id);
    expect(fetched?.dialog).toMatchObject({ id, status: "RequiresAttention", guiActions: [expect.objectContaining({ action: "read" })] });
    expect(fetched?.etag).toBe(fetched?.dialog.revision);
    expect(recorder.to("/serviceowner/dialogs")[0]!.headers.get("authorization")).toMatch(/^Bearer /);
  });

  it("says undefined for a dialog that does not exist", async () => {
    expect(await adapters.dialogporten.getDialog(uuidV7())).toBeUndefined();
  });

  it("patches with the current revision, and reports a conflict for a stale one without applying it", async () => {
    const id = await adapters.dialogporten.createDialog(dialogFor(uuidV7()));
    const { etag: original } = (await adapters.dialogporten.getDialog(id))!;
    const patched = await adapters.dialogporten.patchDialog(
      id,
      [
        { op: "remove", path: "/guiActions/0" },
        { op: "replace", path: "/status", value: "NotApplicable" },
      ],
      { ifMatch: original, silent: true },
    );
    expect(patched.kind).toBe("patched");
    expect(recorder.to(`/dialogs/${id}`).find((request) => request.method === "PATCH")?.url.searchParams.get("isSilentUpdate")).toBe("true");

    const stale = await adapters.dialogporten.patchDialog(id, [{ op: "replace", path: "/status", value: "Completed" }], {
      ifMatch: original,
      silent: true,
    });
    expect(stale).toEqual({ kind: "conflict" });
    const { dialog } = (await adapters.dialogporten.getDialog(id))!;
    expect(dialog.status).toBe("NotApplicable");
    expect(dialog.guiActions).toHaveLength(0);
  });

  it("soft-deletes a dialog (twice is fine), and purges it (twice is fine)", async () => {
    const id = await adapters.dialogporten.createDialog(dialogFor(uuidV7()));
    expect(await adapters.dialogporten.deleteDialog(id)).toEqual({ kind: "deleted" });
    expect(await adapters.dialogporten.deleteDialog(id)).toEqual({ kind: "deleted" });
    expect((await adapters.dialogporten.getDialog(id))?.dialog.deletedAt).toEqual(expect.any(String));
    expect(await adapters.dialogporten.patchDialog(id, [{ op: "replace", path: "/status", value: "Completed" }], { silent: true })).toEqual({
      kind: "gone",
    });

    await adapters.dialogporten.purgeDialog(id);
    await adapters.dialogporten.purgeDialog(id);
    expect(await adapters.dialogporten.getDialog(id)).toBeUndefined();
    expect((await recordedDialogs()).find((dialog) => dialog.id === id)).toMatchObject({ purgedAt: expect.any(String) });
    expect(await adapters.dialogporten.deleteDialog(uuidV7())).toEqual({ kind: "notFound" });
  });

  it("adds an activity once however often it is posted", async () => {
    const id = await adapters.dialogporten.createDialog(dialogFor(uuidV7()));
    const activity: DialogActivity = {
      id: uuidV7(),
      type: "CorrespondenceOpened",
      performedBy: { actorType: "PartyRepresentative", actorId: `urn:altinn:person:identifier-no:${personB}` },
      description: [],
    };
    expect(await adapters.dialogporten.createActivity(id, activity)).toBe(activity.id);
    expect(await adapters.dialogporten.createActivity(id, activity)).toBe(activity.id);
    const { dialog } = (await adapters.dialogporten.getDialog(id))!;
    expect(dialog.activities.filter((candidate) => candidate.id === activity.id)).toHaveLength(1);
  });

  it("adds a transmission once however often it is posted", async () => {
    const id = await adapters.dialogporten.createDialog(dialogFor(uuidV7()));
    const transmission = {
      id: uuidV7(),
      type: "Information" as const,
      sender: { actorType: "ServiceOwner" as const },
      content: { title: { mediaType: "text/plain", value: [{ value: "Melding", languageCode: "nb" }] } },
    };
    expect(await adapters.dialogporten.createTransmission(id, transmission)).toBe(transmission.id);
    expect(await adapters.dialogporten.createTransmission(id, transmission)).toBe(transmission.id);
    const { dialog } = (await adapters.dialogporten.getDialog(id))!;
    expect(dialog.transmissions.filter((candidate) => candidate.id === transmission.id)).toHaveLength(1);
  });

  it("surfaces a refusal that is not 'already exists'", async () => {
    const invalid = { ...dialogFor(uuidV7()), id: "not-a-uuid-v7" };
    await expect(adapters.dialogporten.createDialog(invalid)).rejects.toThrow(/400/);
  });
});

describe("Altinn Events", () => {
  it("publishes a CloudEvent that the stub records as received", async () => {
    const event = {
      id: crypto.randomUUID(),
      type: "no.altinn.correspondence.correspondencepublished",
      source: "http://127.0.0.1:7071/correspondence/api/v1/correspondence",
      specversion: "1.0" as const,
      resource: "urn:altinn:resource:altinn-correspondence-test",
      resourceinstance: crypto.randomUUID(),
      subject: `urn:altinn:person:identifier-no:${personB}`,
      alternativesubject: `/person/${personB}`,
      time: new Date().toISOString(),
    };
    await adapters.events.publish(event);
    const received = (await (await fetch(`${bed.stubs.url}/_stub/events`)).json()) as unknown[];
    expect(received).toContainEqual(event);
    const [call] = recorder.to("/events/api/v1/events");
    expect(call!.headers.get("content-type")).toBe("application/cloudevents+json");
    expect(call!.headers.get("idempotency-key")).toBe(event.id);
  });

  it("throws when Events refuses the event", async () => {
    await expect(
      adapters.events.publish({ id: "x", type: "t", source: "not a uri", specversion: "1.0", resource: "urn:altinn:resource:r" }),
    ).rejects.toThrow(/400/);
  });
});
