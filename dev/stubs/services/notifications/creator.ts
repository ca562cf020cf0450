/**
 * The "creator" of an order: the service owner's organisation code. The real service reads it from the Altinn token,
 * scopes every lookup by it, and refuses (403) a caller that is no organisation at all.
 */
import type { StubFixtures } from "../../fixtures.js";
import { callerOrgCode } from "../dialogporten/caller.js";

export function creatorOrganisation(caller: Record<string, unknown> | undefined, fixtures: StubFixtures): string | undefined {
  return caller ? callerOrgCode(caller, fixtures) : undefined;
}
