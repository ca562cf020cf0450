/**
 * Contract tests for the KRR stub (`POST /rest/v2/personer`), called with a Maskinporten token as Correspondence does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningStubServer } from "../../dev/stubs/server.js";
import { maskinportenToken, postJson, RESERVED_NATIONAL_ID, startStubs } from "./identity-helpers.js";

const PERSON = "13048012345";

interface KrrPerson {
  personidentifikator: string;
  reservasjon: string;
  status: string;
  varslingsstatus: string;
  kontaktinformasjon: { epostadresse: string; mobiltelefonnummer: string };
}

let stubs: RunningStubServer;
let token: string;

beforeAll(async () => {
  stubs = await startStubs();
  token = await maskinportenToken(stubs);
});

afterAll(async () => {
  await stubs.close();
});

async function lookUp(personidentifikatorer: string[], path = "/rest/v2/personer"): Promise<KrrPerson[]> {
  const response = await postJson(`${stubs.url}${path}`, { personidentifikatorer }, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { personer: KrrPerson[] }).personer;
}

describe("KRR", () => {
  it("refuses calls without a bearer token", async () => {
    const response = await postJson(`${stubs.url}/rest/v2/personer`, { personidentifikatorer: [PERSON] });
    expect(response.status).toBe(401);
  });

  it("reports 08900499559 as reserved and others as notifiable, in request order", async () => {
    const [reserved, ordinary] = await lookUp([RESERVED_NATIONAL_ID, PERSON]);
    expect(reserved).toMatchObject({
      personidentifikator: RESERVED_NATIONAL_ID,
      reservasjon: "JA",
      varslingsstatus: "KAN_IKKE_VARSLES",
    });
    expect(ordinary).toMatchObject({
      personidentifikator: PERSON,
      reservasjon: "NEI",
      status: "AKTIV",
      varslingsstatus: "KAN_VARSLES",
    });
  });

  it("gives each person a stable e-mail address and Norwegian mobile number", async () => {
    const [first] = await lookUp([PERSON]);
    const [again] = await lookUp([PERSON], "/krr/rest/v2/personer");
    expect(first!.kontaktinformasjon.epostadresse).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(first!.kontaktinformasjon.mobiltelefonnummer).toMatch(/^\+47[49]\d{7}$/);
    expect(again!.kontaktinformasjon).toEqual(first!.kontaktinformasjon);
  });

  it("answers 400 for a malformed national identity number or an empty list", async () => {
    for (const personidentifikatorer of [["1234"], []]) {
      const response = await postJson(`${stubs.url}/rest/v2/personer`, { personidentifikatorer }, token);
      expect(response.status).toBe(400);
    }
  });
});
