/**
 * Pure parts of publishing: the deterministic ids (UUIDv5, the dialogue's UUIDv7 of dialogporten.md §2), the
 * dialogue a correspondence maps to, and the order of the publish failure reasons (lifecycle.md T3, with fakes).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Correspondence } from "../../shared/domain/correspondence/correspondence.js";
import { dialogForCorrespondence, dialogIdFor } from "../../shared/domain/dialogporten/correspondence-dialog.js";
import { deterministicUuidV7, uuidV5, uuidV7Timestamp } from "../../shared/domain/dialogporten/deterministic-uuid.js";
import { plainTextSummary } from "../../shared/domain/dialogporten/plain-text-summary.js";
import type { ContactReservationRegistry } from "../../shared/domain/ports/contact-reservation.js";
import type { Party, PartyRegister } from "../../shared/domain/ports/party-register.js";
import { checkPublishable } from "../../shared/use-cases/publish-correspondence/publish-failure.js";

const base = "https://api.example.no";
const now = new Date("2030-01-01T10:00:00.000Z");

function correspondence(overrides: Partial<Correspondence> = {}): Correspondence {
  return {
    id: "5b3e0a7c-2d4f-5e6a-8b9c-0d1e2f3a4b5c",
    resourceId: "a-resource",
    sender: "urn:altinn:organization:identifier-no:991825827",
    recipient: "urn:altinn:organization:identifier-no:310000001",
    sendersReference: "ref-1",
    messageSender: "",
    content: { language: "nn", messageTitle: "Tittel", messageSummary: "**Viktig** <b>melding</b>", messageBody: "Body" },
    attachmentIds: [],
    requestedPublishTime: now.toISOString(),
    dueDateTime: null,
    externalReferences: [],
    propertyList: {},
    replyOptions: [],
    notification: null,
    ignoreReservation: null,
    isConfirmationNeeded: false,
    isConfidential: false,
    allowForwarding: false,
    idempotentKey: null,
    created: "2030-01-01T09:59:00.000Z",
    published: null,
    statusHistory: [{ status: "Initialized", statusText: "Initialized", statusChanged: "2030-01-01T09:59:00.000Z", partyUuid: "x" }],
    fetchedHistory: [],
    altinn2CorrespondenceId: null,
    ...overrides,
  };
}

describe("deterministic ids", () => {
  it("computes RFC 4122 version 5 ids", () => {
    // The RFC's DNS namespace example, as every UUIDv5 implementation gives it.
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("builds the dialogue's UUIDv7 bit by bit as dialogporten.md §2 describes", () => {
    const seed = "5b3e0a7c-2d4f-5e6a-8b9c-0d1e2f3a4b5c";
    const ms = Date.parse("2030-01-01T09:59:00.000Z");
    const hash = createHash("sha256").update(`5b3e0a7c2d4f5e6a8b9c0d1e2f3a4b5c:${ms}`).digest("hex");
    const variant = ((Number.parseInt(hash[3]!, 16) & 3) | 8).toString(16);
    const hex = `${ms.toString(16).padStart(12, "0")}7${hash.slice(0, 3)}${variant}${hash.slice(4, 7)}${hash.slice(7, 19)}`;
    const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    expect(deterministicUuidV7(seed, ms)).toBe(expected);
    expect(uuidV7Timestamp(expected)).toBe(ms);
    expect(dialogIdFor(correspondence(), now)).toBe(expected);
  });

  it("takes the timestamp of a v7 correspondence id, and clamps one far in the future to now", () => {
    const v7Id = "0192b7a0-1234-7abc-8def-0123456789ab";
    expect(uuidV7Timestamp(dialogIdFor(correspondence({ id: v7Id }), now))).toBe(uuidV7Timestamp(v7Id));
    const future = correspondence({ created: "2031-01-01T00:00:00.000Z" });
    expect(uuidV7Timestamp(dialogIdFor(future, now))).toBe(now.getTime());
  });
});

describe("the dialogue of a correspondence", () => {
  it("maps the fields of dialogporten.md §2", () => {
    const dialog = dialogForCorrespondence(
      correspondence({
        messageSender: "Avdeling X",
        dueDateTime: "2030-02-01T00:00:00.000Z",
        propertyList: { a: " ab ", b: "sak-123", c: "sak-123", d: "x".repeat(70) },
        externalReferences: [{ referenceType: "DialogportenProcessId", referenceValue: "urn:process:1" }],
      }),
      base,
      now,
    );
    const id = "5b3e0a7c-2d4f-5e6a-8b9c-0d1e2f3a4b5c";
    expect(dialog).toMatchObject({
      serviceResource: "urn:altinn:resource:a-resource",
      party: "urn:altinn:organization:identifier-no:310000001",
      createdAt: "2030-01-01T09:59:00.000Z",
      updatedAt: null,
      visibleFrom: null,
      process: "urn:process:1",
      dueAt: "2030-02-01T00:00:00.000Z",
      status: "NotApplicable",
      externalReference: "ref-1",
      systemLabel: "Default",
      content: {
        title: { mediaType: "text/plain", value: [{ value: "Tittel", languageCode: "nn" }] },
        summary: { mediaType: "text/plain", value: [{ value: "Viktig melding", languageCode: "nn" }] },
        senderName: { mediaType: "text/plain", value: [{ value: "Avdeling X", languageCode: "nn" }] },
        mainContentReference: {
          mediaType: "application/vnd.dialogporten.frontchannelembed+json;type=markdown",
          value: [{ languageCode: "nn", value: `${base}/correspondence/api/v1/correspondence/${id}/content` }],
        },
      },
      searchTags: [{ value: "sak-123" }, { value: "x".repeat(63) }],
      serviceOwnerContext: { serviceOwnerLabels: [{ value: `urn:altinn:correspondence-id:${id}` }] },
    });
    expect(dialog.apiActions?.map((action) => [action.action, action.name])).toEqual([
      ["read", "getCorrespondence"],
      ["write", "purgeCorrespondence"],
    ]);
    expect(dialog.guiActions?.map((action) => [action.httpMethod, action.priority, action.isDeleteDialogAction])).toEqual([["DELETE", "Tertiary", true]]);
  });

  it("adds reply options (1–3) and confirmation as GUI actions, in that order before delete", () => {
    const dialog = dialogForCorrespondence(
      correspondence({
        isConfirmationNeeded: true,
        replyOptions: [{ linkURL: "https://svar.example.no", linkText: null }],
      }),
      base,
      now,
    );
    expect(dialog.status).toBe("RequiresAttention");
    expect(dialog.guiActions?.map((action) => action.url)).toEqual([
      "https://svar.example.no",
      `${base}/correspondence/api/v1/correspondence/5b3e0a7c-2d4f-5e6a-8b9c-0d1e2f3a4b5c/confirm`,
      `${base}/correspondence/api/v1/correspondence/5b3e0a7c-2d4f-5e6a-8b9c-0d1e2f3a4b5c/purge`,
    ]);
    expect(dialog.guiActions?.[0]?.title.map((title) => title.value)).toEqual(["Gå til tjeneste", "Gå til teneste", "Go to service"]);
    expect(dialog.apiActions?.map((action) => action.name)).toContain("confirmCorrespondence");
    const many = dialogForCorrespondence(
      correspondence({ replyOptions: Array.from({ length: 4 }, (_, i) => ({ linkURL: `https://e.no/${i}`, linkText: "Svar" })) }),
      base,
      now,
    );
    expect(many.guiActions).toHaveLength(1);
  });

  it("sets visibleFrom only for a publish time at least a minute ahead, and leaves out a blank summary", () => {
    const ahead = new Date(now.getTime() + 61_000).toISOString();
    expect(dialogForCorrespondence(correspondence({ requestedPublishTime: ahead }), base, now).visibleFrom).toBe(ahead);
    const soon = new Date(now.getTime() + 59_000).toISOString();
    expect(dialogForCorrespondence(correspondence({ requestedPublishTime: soon }), base, now).visibleFrom).toBeNull();
    const blank = correspondence({ content: { language: "nb", messageTitle: "T", messageSummary: "<p> </p>", messageBody: "B" } });
    expect(dialogForCorrespondence(blank, base, now).content.summary).toBeNull();
    expect(plainTextSummary("# Overskrift\n\n[lenke](https://x.no) og `kode`")).toBe("Overskrift\nlenke og kode");
  });
});

describe("publish failure reasons, in the order of lifecycle.md T3", () => {
  const withDialog = correspondence({ externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: "d" }] });
  const party = (name: string): Party => ({ partyUuid: `uuid-${name}`, partyId: 1, name, type: "organization" });

  function register(known: string[], hasRoles = true): PartyRegister {
    return {
      lookup: async (urns) => new Map(urns.filter((urn) => known.includes(urn)).map((urn) => [urn, party(urn)])),
      hasRequiredRoles: async () => hasRoles,
    };
  }
  const nobodyReserved: ContactReservationRegistry = { reservedAmong: async () => new Set() };
  const { sender, recipient, id } = withDialog;

  it("names the first reason that applies", async () => {
    expect((await checkPublishable(withDialog, register([recipient]), nobodyReserved)).failure).toBe(
      `Party for sender ${sender} not found in Altinn Register when publishing`,
    );
    expect((await checkPublishable(withDialog, register([sender]), nobodyReserved)).failure).toBe(
      `Party for recipient ${recipient} not found in Altinn Register when publishing`,
    );
    expect((await checkPublishable(correspondence(), register([sender, recipient]), nobodyReserved)).failure).toBe(
      `Dialogporten dialog not created for correspondence ${id}`,
    );
    const confidential = { ...withDialog, isConfidential: true };
    expect((await checkPublishable(confidential, register([sender, recipient], false), nobodyReserved)).failure).toBe(
      `Recipient of ${id} lacks roles required to read correspondence. Consider sending physical mail to this recipient instead.`,
    );
    const checks = await checkPublishable(withDialog, register([sender, recipient]), nobodyReserved);
    expect(checks).toEqual({ failure: undefined, senderParty: party(sender) });
  });

  it("fails a reserved person unless ignoreReservation, and lets a KRR outage throw (a reason to retry)", async () => {
    const person = "urn:altinn:person:identifier-no:08900499559";
    const toPerson = { ...withDialog, recipient: person };
    const reserved: ContactReservationRegistry = { reservedAmong: async (ids) => new Set(ids) };
    expect((await checkPublishable(toPerson, register([sender, person]), reserved)).failure).toBe(
      `Recipient of ${id} has been set to reserved in kontakt- og reserverasjonsregisteret ('KRR')`,
    );
    expect((await checkPublishable({ ...toPerson, ignoreReservation: true }, register([sender, person]), reserved)).failure).toBeUndefined();
    const down: ContactReservationRegistry = { reservedAmong: async () => Promise.reject(new Error("KRR down")) };
    await expect(checkPublishable(toPerson, register([sender, person]), down)).rejects.toThrow("KRR down");
  });
});
