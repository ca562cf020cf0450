import { describe, expect, it } from "vitest";
import { stubFixturesSchema } from "../../dev/stubs/fixtures.js";
import { PartyDirectory } from "../../dev/stubs/services/parties.js";

describe("the stub's party directory", () => {
  it("gives every party its own party id and user id, however many are resolved", () => {
    const directory = new PartyDirectory(stubFixturesSchema.parse({}));
    const partyIds = new Set<number>();
    const userIds = new Set<number>();
    // Enough parties that 8-digit hashed ids would collide (birthday bound) without the allocator.
    for (let index = 0; index < 20_000; index++) {
      partyIds.add(directory.organization(String(300_000_000 + index)).partyId);
      const person = directory.person(String(10_000_000_000 + index));
      partyIds.add(person.partyId);
      userIds.add(person.userId!);
    }
    expect(partyIds.size).toBe(40_000);
    expect(userIds.size).toBe(20_000);
  });

  it("answers the same ids for the same identifier", () => {
    const directory = new PartyDirectory(stubFixturesSchema.parse({}));
    const first = directory.organization("310654302");
    directory.organization("311111111");
    expect(directory.organization("310654302").partyId).toBe(first.partyId);
    expect(directory.findByPartyId(first.partyId)?.orgNumber).toBe("310654302");
  });
});
