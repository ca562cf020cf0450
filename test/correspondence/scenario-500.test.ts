/**
 * The national-scale shape of a send, end to end over HTTP: a service owner sends one correspondence to 500
 * recipients in one call; once published, each recipient's own token finds exactly its own correspondence and can
 * read it; another organisation's token is refused (401/4001) and no token gets 401.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  call,
  eventually,
  expectProblem,
  freshNationalIdentityNumber,
  freshOrganisationNumber,
  initializeBody,
  organisationToken,
  organisationUrn,
  personToken,
  personUrn,
  serviceOwnerToken,
} from "./support/api-client.js";
import { publishingProbes } from "./support/publishing-probes.js";

const probes = publishingProbes();
afterAll(() => probes.close());

interface Recipient {
  urn: string;
  token: () => Promise<string>;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe("a service owner sends to 500 recipients in one call", () => {
  it("gives every recipient exactly its own correspondence, and nobody else", { timeout: 240_000 }, async () => {
    const resourceId = `scenario-500-${randomUUID().slice(0, 8)}`;
    const organisations = Array.from({ length: 450 }, freshOrganisationNumber);
    const persons = Array.from({ length: 50 }, freshNationalIdentityNumber);
    const recipients: Recipient[] = [
      ...organisations.map((orgNo) => ({ urn: organisationUrn(orgNo), token: () => organisationToken(orgNo) })),
      ...persons.map((pid) => ({ urn: personUrn(pid), token: () => personToken(pid) })),
    ];
    expect(new Set(recipients.map((recipient) => recipient.urn)).size).toBe(500);

    const response = await call("POST", "/correspondence", {
      token: await serviceOwnerToken(),
      body: initializeBody({ recipients: recipients.map((recipient) => recipient.urn), resourceId }),
    });
    expect(response.status, response.text).toBe(200);
    const { correspondences } = response.json<{ correspondences: Array<{ correspondenceId: string; recipient: string; status: string }> }>();
    expect(correspondences.map((c) => c.recipient)).toEqual(recipients.map((recipient) => recipient.urn));
    expect(correspondences.every((c) => c.status === "ReadyForPublish")).toBe(true);
    const ids = correspondences.map((c) => c.correspondenceId);
    expect(new Set(ids).size).toBe(500);

    // Every one of them gets published (through the queues, not by polling).
    await eventually(
      async () => {
        const stored = await forEachLimited(ids, 25, (id) => probes.stored(id));
        return stored.every((correspondence) => correspondence?.published) ? true : undefined;
      },
      "all 500 correspondences to be published",
      180_000,
    );

    // Each recipient, with its own token, finds exactly its own correspondence and reads it.
    await forEachLimited(recipients, 20, async (recipient) => {
      const index = recipients.indexOf(recipient);
      const token = await recipient.token();
      const search = await call("GET", `/correspondence?resourceId=${resourceId}&role=recipient`, { token });
      expect(search.status, search.text).toBe(200);
      expect(search.json<{ ids: string[] }>().ids).toEqual([ids[index]]);
      const overview = await call("GET", `/correspondence/${ids[index]}`, { token });
      expect(overview.status, overview.text).toBe(200);
      expect(overview.json<{ recipient: string; status: string }>()).toMatchObject({ recipient: recipient.urn, status: "Published" });
    });

    // Someone else — an organisation that was not a recipient — is refused; no token is 401 with an empty body.
    const outsider = await organisationToken(freshOrganisationNumber());
    expectProblem(await call("GET", `/correspondence/${ids[0]}`, { token: outsider }), 401, 4001);
    const outsiderSearch = await call("GET", `/correspondence?resourceId=${resourceId}&role=recipient`, { token: outsider });
    expect(outsiderSearch.json<{ ids: string[] }>().ids).toEqual([]);
    const anonymous = await call("GET", `/correspondence/${ids[0]}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toBe("");
  });
});
