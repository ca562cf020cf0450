/** GetCorrespondenceOverview's check order, visibility, inline publish, Fetched de-dup and content rules (pure). */
import { describe, expect, it } from "vitest";
import { GetCorrespondenceOverview } from "../../shared/use-cases/get-correspondence-overview/get-correspondence-overview.js";
import {
  type AccessRule,
  aCorrespondence,
  at,
  caller,
  collaborators,
  FakeRepository,
  recipientCaller,
  recipientUrn,
  row,
  senderCaller,
  senderOrg,
  senderUrn,
  strangerCaller,
  t0,
  correspondenceId,
} from "./support/use-case-fakes.js";

function overview(repository: FakeRepository, options: { now?: number; publish?: () => void; rule?: AccessRule } = {}) {
  const parts = collaborators(repository, options.rule);
  const published: string[] = [];
  const useCase = new GetCorrespondenceOverview({
    ...parts,
    inlinePublisher: {
      publishIfDue: async (id) => {
        published.push(id);
        options.publish?.();
      },
    },
    now: () => new Date(options.now ?? t0 + 60_000),
  });
  return { useCase, published, ...parts };
}

describe("GetCorrespondenceOverview", () => {
  it("answers 404/1001 for an unknown id", async () => {
    const { useCase } = overview(new FakeRepository());
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outcome).toMatchObject({ ok: false, error: { errorCode: 1001, status: 404 } });
  });

  it("answers 401/4001 to a caller with neither sender nor recipient access", async () => {
    const { useCase } = overview(new FakeRepository(aCorrespondence()));
    expect(await useCase.execute({ caller: strangerCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4001, status: 401 } });
  });

  it("asks the PDP write for the sender party and read for the recipient party, with the correspondence instance", async () => {
    const { useCase, accessDecider } = overview(new FakeRepository(aCorrespondence()));
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(accessDecider.requests.map(({ action, party, resourceId, correspondenceId: instance }) => ({ action, party, resourceId, instance }))).toEqual([
      { action: "write", party: senderUrn, resourceId: "test-resource", instance: correspondenceId },
      { action: "read", party: recipientUrn, resourceId: "test-resource", instance: correspondenceId },
    ]);
  });

  it("answers 404/1001 to everyone once the correspondence has been purged", async () => {
    const purged = aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0), row("PurgedByAltinn", 5)], published: null });
    const { useCase } = overview(new FakeRepository(purged));
    expect(await useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1001 } });
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1001 } });
  });

  it("hides a correspondence that is not yet published from its recipient, but shows it to the sender", async () => {
    const unpublished = aCorrespondence({
      statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)],
      published: null,
      requestedPublishTime: at(3_600_000),
    });
    const { useCase, published } = overview(new FakeRepository(unpublished));
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 1001 } });
    expect(published).toEqual([]);
    const asSender = await useCase.execute({ caller: senderCaller, correspondenceId });
    expect(asSender).toMatchObject({ ok: true, value: { role: "sender", status: { status: "ReadyForPublish" } } });
  });

  it("publishes an overdue correspondence inline for its recipient, then shows it (T3b)", async () => {
    const repository = new FakeRepository(
      aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)], published: null }),
    );
    const { useCase, published } = overview(repository, {
      publish: () => repository.put({ ...repository.current(), statusHistory: [...repository.current().statusHistory, row("Published", 59_000)], published: at(59_000) }),
    });
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(published).toEqual([correspondenceId]);
    expect(outcome).toMatchObject({ ok: true, value: { status: { status: "Published" }, role: "recipient" } });
  });

  it("does not publish inline without a dialog, for a sender, or more than once per 30 s", async () => {
    const due = { statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)], published: null };
    const withoutDialog = overview(new FakeRepository(aCorrespondence({ ...due, externalReferences: [] })));
    await withoutDialog.useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(withoutDialog.published).toEqual([]);

    const forSender = overview(new FakeRepository(aCorrespondence(due)));
    await forSender.useCase.execute({ caller: senderCaller, correspondenceId });
    expect(forSender.published).toEqual([]);

    const throttled = overview(new FakeRepository(aCorrespondence(due)));
    await throttled.useCase.execute({ caller: recipientCaller, correspondenceId });
    await throttled.useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(throttled.published).toEqual([correspondenceId]);
  });

  it("records one Fetched row per recipient party within 15 s, none for the sender", async () => {
    const repository = new FakeRepository(aCorrespondence());
    let now = t0 + 60_000;
    const parts = collaborators(repository);
    const useCase = new GetCorrespondenceOverview({ ...parts, inlinePublisher: { publishIfDue: async () => undefined }, now: () => new Date(now) });
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    now += 14_000;
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    await useCase.execute({ caller: senderCaller, correspondenceId });
    expect(repository.current().fetchedHistory).toHaveLength(1);
    now += 2_000;
    await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(repository.current().fetchedHistory).toHaveLength(2);
    expect(repository.current().fetchedHistory[0]).toMatchObject({ status: "Fetched", partyUuid: "11111111-1111-4111-8111-111111111111" });
  });

  it("answers 400/4002 when the caller's party is not in Register, and records nothing", async () => {
    const repository = new FakeRepository(aCorrespondence());
    const { useCase } = overview(repository, { rule: ({ action }) => action === "read" });
    const unknownToRegister = caller({ organisationNumber: "310000002", scopes: ["altinn:correspondence.read"] });
    expect(await useCase.execute({ caller: unknownToRegister, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4002, status: 400 } });
    expect(repository.current().fetchedHistory).toEqual([]);
  });

  it("answers 401/4006 when the token names no party at all", async () => {
    const nobody = caller({ scopes: ["altinn:correspondence.read"] });
    const permissive = overview(new FakeRepository(aCorrespondence()), { rule: ({ action }) => action === "read" });
    expect(await permissive.useCase.execute({ caller: nobody, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4006, status: 401 } });
    const strict = overview(new FakeRepository(aCorrespondence()));
    expect(await strict.useCase.execute({ caller: nobody, correspondenceId })).toMatchObject({ ok: false, error: { errorCode: 4001 } });
  });

  it("withholds the content from a sender after publish, never from the recipient", async () => {
    const { useCase } = overview(new FakeRepository(aCorrespondence()));
    const asSender = await useCase.execute({ caller: senderCaller, correspondenceId });
    expect(asSender).toMatchObject({
      ok: true,
      value: { contentShown: false, content: { language: "no", messageTitle: "", messageSummary: "", messageBody: "" } },
    });
    const asRecipient = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(asRecipient).toMatchObject({ ok: true, value: { contentShown: true, content: { messageTitle: "Title", messageBody: "# Body" } } });
  });

  it("shows the content to the sender before publish", async () => {
    const { useCase } = overview(new FakeRepository(aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0)], published: null })));
    expect(await useCase.execute({ caller: senderCaller, correspondenceId })).toMatchObject({ ok: true, value: { content: { messageTitle: "Title" } } });
  });

  it.each([
    ["en", "Reply options:"],
    ["nn", "Svarval:"],
    ["nb", "Svarvalg:"],
  ])("appends more than three reply options to the body (%s)", async (language, label) => {
    const replyOptions = [1, 2, 3, 4].map((n) => ({ linkURL: `https://example.com/${n}`, linkText: n === 4 ? null : `Option ${n}` }));
    const { useCase } = overview(
      new FakeRepository(aCorrespondence({ replyOptions, content: { language, messageTitle: "T", messageSummary: "", messageBody: "Body" } })),
    );
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outcome.ok && outcome.value.content.messageBody).toBe(
      `Body\n\n${label}\nOption 1: https://example.com/1\nOption 2: https://example.com/2\nOption 3: https://example.com/3\n: https://example.com/4`,
    );
  });

  it("leaves the body alone with three reply options or fewer", async () => {
    const replyOptions = [1, 2, 3].map((n) => ({ linkURL: `https://example.com/${n}`, linkText: `Option ${n}` }));
    const { useCase } = overview(new FakeRepository(aCorrespondence({ replyOptions })));
    const outcome = await useCase.execute({ caller: recipientCaller, correspondenceId });
    expect(outcome.ok && outcome.value.content.messageBody).toBe("# Body");
  });

  it("treats a caller with both accesses as the sender only when its token carries the write scope", async () => {
    const { useCase } = overview(new FakeRepository(aCorrespondence()), { rule: () => true });
    const reading = caller({ organisationNumber: senderOrg, scopes: ["altinn:correspondence.read"] });
    const writing = caller({ organisationNumber: senderOrg, scopes: ["altinn:correspondence.read", "altinn:correspondence.write"] });
    expect(await useCase.execute({ caller: reading, correspondenceId })).toMatchObject({ ok: true, value: { role: "recipient" } });
    expect(await useCase.execute({ caller: writing, correspondenceId })).toMatchObject({ ok: true, value: { role: "sender" } });
  });

  it("reports the first Read as `firstRead`", async () => {
    const read = aCorrespondence({ statusHistory: [row("Initialized", 0), row("ReadyForPublish", 0), row("Published", 1), row("Read", 7), row("Read", 9)] });
    const { useCase } = overview(new FakeRepository(read));
    expect(await useCase.execute({ caller: recipientCaller, correspondenceId })).toMatchObject({ ok: true, value: { firstRead: at(7), status: { status: "Read" } } });
  });
});
