import { describe, expect, it } from "vitest";
import { callerFromClaims } from "../../shared/http/authentication/caller-from-claims.js";

const issuer = "https://platform.tt02.altinn.no/authentication/api/v1/openid/";

describe("callerFromClaims", () => {
  it("takes the organisation from a system user before urn:altinn:orgNumber and consumer", () => {
    const caller = callerFromClaims("altinn", issuer, {
      scope: "altinn:correspondence.read",
      consumer: { authority: "iso6523-actorid-upis", ID: "0192:991825827" },
      "urn:altinn:orgNumber": "910753614",
      authorization_details: {
        type: "urn:altinn:systemuser",
        systemuser_id: ["a7bd5b0b-0000-4000-8000-000000000005"],
        systemuser_org: { authority: "iso6523-actorid-upis", ID: "0192:313867566" },
        system_id: "991825827_correspondence",
      },
    });
    expect(caller.organisationNumber).toBe("313867566");
    expect(caller.consumerOrganisationNumber).toBe("991825827");
    expect(caller.systemUser).toEqual({ id: "a7bd5b0b-0000-4000-8000-000000000005", organisationNumber: "313867566" });
  });

  it("falls back to urn:altinn:orgNumber, then to consumer", () => {
    expect(callerFromClaims("altinn", issuer, { "urn:altinn:orgNumber": "910753614" }).organisationNumber).toBe("910753614");
    expect(
      callerFromClaims("maskinporten", issuer, { consumer: { authority: "iso6523-actorid-upis", ID: "0192:991825827" } })
        .organisationNumber,
    ).toBe("991825827");
  });

  it("reads consumer and authorization_details given as JSON text, as some token services write them", () => {
    const caller = callerFromClaims("altinn", issuer, {
      consumer: '{"authority":"iso6523-actorid-upis","ID":"0192:991825827"}',
      authorization_details:
        '[{"type":"urn:altinn:systemuser","systemuser_id":["s-1"],"systemuser_org":{"authority":"iso6523-actorid-upis","ID":"0192:313867566"}}]',
    });
    expect(caller.consumerOrganisationNumber).toBe("991825827");
    expect(caller.systemUser).toEqual({ id: "s-1", organisationNumber: "313867566" });
  });

  it("ignores organisation ids that are not nine digits", () => {
    const caller = callerFromClaims("maskinporten", issuer, {
      consumer: { ID: "0192:12345" },
      "urn:altinn:orgNumber": "abc",
    });
    expect(caller.organisationNumber).toBeUndefined();
  });

  it("splits scopes on any whitespace and drops empties", () => {
    expect(callerFromClaims("altinn", issuer, { scope: "  a:b\tc:d  e:f " }).scopes).toEqual(["a:b", "c:d", "e:f"]);
    expect(callerFromClaims("altinn", issuer, {}).scopes).toEqual([]);
  });

  it("reads levels and ids given as numbers or numeric strings", () => {
    const caller = callerFromClaims("altinn", issuer, {
      "urn:altinn:authlevel": "2",
      "urn:altinn:userid": "20000001",
      "urn:altinn:partyid": 50_000_001,
    });
    expect(caller).toMatchObject({ authenticationLevel: 2, userId: "20000001", partyId: "50000001" });
    expect(callerFromClaims("altinn", issuer, { "urn:altinn:authlevel": "high" }).authenticationLevel).toBeUndefined();
  });

  it("keeps string urn:* claims for later authorization requests", () => {
    const caller = callerFromClaims("altinn", issuer, {
      "urn:altinn:org": "ttd",
      "urn:altinn:authenticatemethod": "maskinporten",
      "urn:altinn:authlevel": 3,
      scope: "x",
    });
    expect(caller.urnClaims).toEqual({ "urn:altinn:org": "ttd", "urn:altinn:authenticatemethod": "maskinporten" });
  });

  it("reads dialog claims only from dialog tokens, and takes an organisation party as the caller organisation", () => {
    const claims = { a: "read; ;write", l: "4", p: "urn:altinn:organization:identifier-no:310244007", y: "su-1" };
    const dialog = callerFromClaims("dialogporten", "https://platform.tt02.altinn.no/dialogporten/api/v1", claims);
    expect(dialog.dialog).toMatchObject({ actions: ["read", "write"], authenticationLevel: 4, systemUser: "su-1" });
    expect(dialog.organisationNumber).toBe("310244007");
    expect(dialog.authenticationLevel).toBe(4);
    expect(callerFromClaims("altinn", issuer, claims).dialog).toBeUndefined();
  });

  it("does not take a person party as an organisation", () => {
    const caller = callerFromClaims("dialogporten", issuer, { p: "urn:altinn:person:identifier-no:08900499559" });
    expect(caller.organisationNumber).toBeUndefined();
  });
});
