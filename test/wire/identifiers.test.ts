/** api.md §1.1: which identifiers are accepted, why one is refused, and the canonical form. */
import { describe, expect, it } from "vitest";
import {
  checkRecipient,
  isValidIdportenEmail,
  isValidNationalIdentityNumber,
  isValidResourceId,
  normaliseRecipient,
  normaliseResourceId,
  parseOrganizationOrPerson,
} from "../../shared/domain/identifiers.js";
import { nationalIdentityNumber } from "./support.js";

describe("national identity numbers (mod-11 with both control digits)", () => {
  const valid = ["08900499559", "26818099001", nationalIdentityNumber("150576123"), nationalIdentityNumber("310199123")];
  it.each(valid)("%s passes", (value) => expect(isValidNationalIdentityNumber(value)).toBe(true));

  const invalid: [string, string][] = [
    ["08900499569", "first control digit wrong"],
    ["08900499558", "second control digit wrong"],
    ["01017012345", "both wrong"],
    ["0890049955", "10 digits"],
    ["089004995591", "12 digits"],
    ["0890049955a", "not digits"],
    ["", "empty"],
  ];
  it.each(invalid)("%s fails (%s)", (value) => expect(isValidNationalIdentityNumber(value)).toBe(false));

  it("every single-digit change of a valid number is caught", () => {
    const base = "08900499559";
    for (let position = 0; position < base.length; position++) {
      const digit = Number(base[position]);
      const changed = `${base.slice(0, position)}${(digit + 1) % 10}${base.slice(position + 1)}`;
      expect(isValidNationalIdentityNumber(changed), changed).toBe(false);
    }
  });
});

describe("recipients", () => {
  const accepted: [string, string, string][] = [
    ["urn:altinn:organization:identifier-no:991825827", "organization", "urn:altinn:organization:identifier-no:991825827"],
    ["0192:991825827", "organization", "urn:altinn:organization:identifier-no:991825827"],
    ["08900499559", "person", "urn:altinn:person:identifier-no:08900499559"],
    ["urn:altinn:person:identifier-no:08900499559", "person", "urn:altinn:person:identifier-no:08900499559"],
    ["urn:altinn:person:idporten-email:Ola.Nordmann@Example.no", "idportenEmail", "urn:altinn:person:idporten-email:ola.nordmann@example.no"],
    ["urn:altinn:person:legacy-selfidentified:OlaN", "legacySelfIdentified", "urn:altinn:person:legacy-selfidentified:olan"],
  ];
  it.each(accepted)("%s is a %s → %s", (value, kind, canonical) => {
    expect(checkRecipient(value)).toEqual({ valid: true, kind, canonical });
  });

  const refused: [string, string][] = [
    ["991825827", "format"],
    ["0192:99182582", "format"],
    ["0193:991825827", "format"],
    ["urn:altinn:organization:identifier-no:9918258271", "format"],
    ["URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:991825827", "format"],
    ["urn:altinn:person:identifier-no:0890049955", "format"],
    ["08900499558", "nationalIdentityNumber"],
    ["urn:altinn:person:identifier-no:08900499569", "nationalIdentityNumber"],
    ["urn:altinn:person:idporten-email:no-at-sign", "email"],
    ["urn:altinn:person:idporten-email:@example.no", "email"],
    ["urn:altinn:person:idporten-email:ola@", "email"],
    ["urn:altinn:person:idporten-email:a@b@example.no", "email"],
    ["urn:altinn:person:idporten-email:epost:ola@example.no", "email"],
    ["urn:altinn:person:legacy-selfidentified:user:name", "format"],
    ["urn:altinn:person:legacy-selfidentified:", "format"],
    ["ola@example.no", "format"],
    ["", "format"],
  ];
  it.each(refused)("%s is refused (%s)", (value, reason) => {
    expect(checkRecipient(value)).toEqual({ valid: false, reason });
  });
});

describe("ID-porten e-mail rule", () => {
  it.each([
    ["a@b", true],
    ["ola.nordmann@example.no", true],
    ["a@b:c", false],
    ["ab", false],
    [" @b", false],
  ] as const)("%s → %s", (email, expected) => expect(isValidIdportenEmail(email)).toBe(expected));
});

describe("normalisation of identifiers the system already holds", () => {
  it.each([
    ["0192:991825827", "urn:altinn:organization:identifier-no:991825827"],
    ["URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:991825827", "urn:altinn:organization:identifier-no:991825827"],
    ["08900499559", "urn:altinn:person:identifier-no:08900499559"],
    ["urn:altinn:person:idporten-email:epost:Test@Example.com", "urn:altinn:person:idporten-email:test@example.com"],
    ["urn:altinn:person:legacy-selfidentified:Some:User", "urn:altinn:person:legacy-selfidentified:some:user"],
  ])("%s → %s", (value, expected) => expect(normaliseRecipient(value)).toBe(expected));
});

describe("onBehalfOf: an organization or a person only", () => {
  it("reads the organization forms", () => {
    expect(parseOrganizationOrPerson("0192:991825827")).toEqual({
      kind: "organization",
      organizationNumber: "991825827",
      urn: "urn:altinn:organization:identifier-no:991825827",
    });
  });
  it("reads the person forms", () => {
    expect(parseOrganizationOrPerson("urn:altinn:person:identifier-no:08900499559")?.urn).toBe(
      "urn:altinn:person:identifier-no:08900499559",
    );
    expect(parseOrganizationOrPerson("08900499559")?.kind).toBe("person");
  });
  it.each(["991825827", "08900499558", "urn:altinn:person:idporten-email:a@b", "x"])("refuses %s", (value) => {
    expect(parseOrganizationOrPerson(value)).toBeUndefined();
  });
});

describe("resource ids", () => {
  it.each([
    ["urn:altinn:resource:test-resource", true, "test-resource"],
    ["test-resource", true, "test-resource"],
    ["r".repeat(255), true, "r".repeat(255)],
    ["r".repeat(256), false, "r".repeat(256)],
    ["urn:altinn:app:x", false, "urn:altinn:app:x"],
    ["", false, ""],
  ] as const)("%s valid=%s → %s", (value, valid, bare) => {
    expect(isValidResourceId(value)).toBe(valid);
    expect(normaliseResourceId(value)).toBe(bare);
  });
});
