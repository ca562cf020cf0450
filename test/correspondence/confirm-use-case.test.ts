/** ConfirmCorrespondence: the guards of api.md §4.8 in order; nothing stored yet (pure). */
import { describe, expect, it } from "vitest";
import { ConfirmCorrespondence } from "../../shared/use-cases/confirm-correspondence/confirm-correspondence.js";
import {
  aCorrespondence,
  caller,
  collaborators,
  correspondenceId,
  FakeRepository,
  recipientCaller,
  row,
  senderCaller,
} from "./support/use-case-fakes.js";

const fetched = aCorrespondence({ isConfirmationNeeded: true, fetchedHistory: [row("Fetched", 2)] });

describe("ConfirmCorrespondence", () => {
  it("passes the guards for a fetched correspondence (reading first is not required) and answers the id", async () => {
    const repository = new FakeRepository(fetched);
    expect(await new ConfirmCorrespondence(collaborators(repository)).execute({ caller: recipientCaller, correspondenceId })).toEqual({
      ok: true,
      value: correspondenceId,
    });
    expect(repository.replaces).toEqual([]);
  });

  it.each([
    ["unknown id", new FakeRepository(), recipientCaller, 1001],
    ["the sender", new FakeRepository(fetched), senderCaller, 4001],
    ["not visible", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Failed", 1)], fetchedHistory: [row("Fetched", 2)] })), recipientCaller, 1001],
    ["never fetched", new FakeRepository(aCorrespondence()), recipientCaller, 1025],
    ["already confirmed", new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("Published", 1), row("Confirmed", 3)], fetchedHistory: [row("Fetched", 2)] })), recipientCaller, 1041],
  ])("refuses %s with %i", async (_case, repository, who, errorCode) => {
    expect(await new ConfirmCorrespondence(collaborators(repository)).execute({ caller: who, correspondenceId })).toMatchObject({ ok: false, error: { errorCode } });
  });

  it("answers 401/4006 without a caller party and 400/4002 for a party unknown to Register", async () => {
    const everyone = collaborators(new FakeRepository(fetched), ({ action }) => action === "read");
    const useCase = new ConfirmCorrespondence(everyone);
    expect(await useCase.execute({ caller: caller({ scopes: ["altinn:correspondence.read"] }), correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4006 } });
    expect(await useCase.execute({ caller: caller({ organisationNumber: "310000009" }), correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4002 } });
  });
});
