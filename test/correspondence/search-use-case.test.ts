/** SearchCorrespondences: 1027, party resolution, 4006, PDP read-or-write, idempotentKey, repository query (pure). */
import { describe, expect, it } from "vitest";
import { SearchCorrespondences, searchParty } from "../../shared/use-cases/search-correspondences/search-correspondences.js";
import {
  caller,
  FakeAccessDecider,
  FakeRepository,
  recipientCaller,
  recipientUrn,
  senderCaller,
  senderUrn,
  type AccessRule,
} from "./support/use-case-fakes.js";

function search(rule?: AccessRule) {
  const repository = new FakeRepository();
  const accessDecider = new FakeAccessDecider(rule);
  return { repository, accessDecider, useCase: new SearchCorrespondences({ repository, accessDecider }) };
}

describe("searchParty", () => {
  it("prefers onBehalfOf (normalised), then the organisation, then the person, then a dialog's party", () => {
    expect(searchParty(senderCaller, "0192:310000001")).toBe(recipientUrn);
    expect(searchParty(senderCaller, "  ")).toBe(senderUrn);
    expect(searchParty(caller({ person: "08900499559" }), undefined)).toBe("urn:altinn:person:identifier-no:08900499559");
    expect(searchParty(caller({ scheme: "dialogporten", dialog: { party: "urn:altinn:person:identifier-no:08900499559", dialogId: undefined, actor: undefined, actions: ["read"], authenticationLevel: undefined, serviceResource: undefined, systemUser: undefined } }), undefined)).toBe(
      "urn:altinn:person:identifier-no:08900499559",
    );
    expect(searchParty(caller({}), undefined)).toBeUndefined();
  });
});

describe("SearchCorrespondences", () => {
  it("refuses from after to with 1027 before anything else", async () => {
    const { useCase, accessDecider } = search();
    const outcome = await useCase.execute({
      caller: caller({}),
      request: { resourceId: "r", role: "Recipient", from: "2030-01-02T00:00:00Z", to: "2030-01-01T00:00:00Z" },
    });
    expect(outcome).toMatchObject({ ok: false, error: { errorCode: 1027, status: 400 } });
    expect(accessDecider.requests).toEqual([]);
  });

  it("answers 401/4006 when no party can be determined and 401/4001 when the PDP permits neither read nor write", async () => {
    const { useCase } = search();
    expect(await useCase.execute({ caller: caller({}), request: { resourceId: "r", role: "Recipient" } })).toMatchObject({ ok: false, error: { errorCode: 4006 } });
    expect(await useCase.execute({ caller: recipientCaller, request: { resourceId: "r", role: "Recipient", onBehalfOf: senderUrn } })).toMatchObject({
      ok: false,
      error: { errorCode: 4001 },
    });
  });

  it("asks read and write for the party, and passes every filter to the repository with the 1000 cap", async () => {
    const { useCase, repository, accessDecider } = search(({ action }) => action === "write");
    repository.searchResult = ["a", "b"];
    const outcome = await useCase.execute({
      caller: senderCaller,
      request: { resourceId: "r", role: "Sender", from: "2030-01-01T00:00:00.000Z", to: "2030-01-02T00:00:00.000Z", status: "Read", sendersReference: "ref" },
    });
    expect(outcome).toEqual({ ok: true, value: ["a", "b"] });
    expect(accessDecider.requests.map((request) => [request.action, request.party, request.resourceId])).toEqual([
      ["read", senderUrn, "r"],
      ["write", senderUrn, "r"],
    ]);
    expect(repository.searches).toEqual([
      {
        resourceId: "r",
        role: "Sender",
        party: senderUrn,
        from: "2030-01-01T00:00:00.000Z",
        to: "2030-01-02T00:00:00.000Z",
        status: "Read",
        sendersReference: "ref",
        limit: 1000,
      },
    ]);
  });

  it("answers the id created with an idempotentKey, or nothing, without searching", async () => {
    const { useCase, repository } = search();
    repository.idempotentKeys.set("6a8f8a43-4f7b-4d0e-9d3f-1f1f1f1f1f1f", "0192b7a0-0000-7000-8000-000000000001");
    expect(await useCase.execute({ caller: senderCaller, request: { resourceId: "r", role: "Recipient", idempotentKey: "6a8f8a43-4f7b-4d0e-9d3f-1f1f1f1f1f1f" } })).toEqual({
      ok: true,
      value: ["0192b7a0-0000-7000-8000-000000000001"],
    });
    expect(await useCase.execute({ caller: senderCaller, request: { resourceId: "r", role: "Recipient", idempotentKey: "7a8f8a43-4f7b-4d0e-9d3f-1f1f1f1f1f1f" } })).toEqual({ ok: true, value: [] });
    expect(repository.searches).toEqual([]);
  });
});
