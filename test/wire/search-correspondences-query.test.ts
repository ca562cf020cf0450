/** api.md §4.3: binding of the search query parameters, and their 400s. */
import { describe, expect, it } from "vitest";
import { parseSearchCorrespondencesQuery } from "../../shared/http/wire/search-correspondences-query.js";
import { validationErrorsOf } from "./support.js";

const parse = (query: string) => parseSearchCorrespondencesQuery(new URLSearchParams(query));

describe("search query: what binds", () => {
  it("reads the minimal query", () => {
    expect(parse("resourceId=test-resource&role=recipient")).toEqual({
      ok: true,
      value: {
        resourceId: "test-resource",
        role: "Recipient",
        from: null,
        to: null,
        status: null,
        onBehalfOf: null,
        sendersReference: null,
        idempotentKey: null,
        altinn2CorrespondenceId: null,
      },
    });
  });

  it("reads every parameter, names in any case, enums by name or number", () => {
    const result = parse(
      "ResourceId=test-resource&ROLE=2&From=2025-01-01T00:00:00%2B01:00&to=2025-02-01&Status=published" +
        "&onBehalfOf=0192:991825827&sendersReference=ref&idempotentKey=3FA85F64-5717-4562-B3FC-2C963F66AFA6" +
        "&altinn2CorrespondenceId=123",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    expect(result.value).toEqual({
      resourceId: "test-resource",
      role: "RecipientAndSender",
      from: "2024-12-31T23:00:00.000Z",
      to: "2025-02-01T00:00:00.000Z",
      status: "Published",
      onBehalfOf: { kind: "organization", organizationNumber: "991825827", urn: "urn:altinn:organization:identifier-no:991825827" },
      sendersReference: "ref",
      idempotentKey: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      altinn2CorrespondenceId: 123,
    });
  });

  it.each([
    ["recipient", "Recipient"],
    ["SENDER", "Sender"],
    ["RecipientAndSender", "RecipientAndSender"],
    ["0", "Recipient"],
    ["1", "Sender"],
  ])("role %s → %s", (role, expected) => {
    const result = parse(`resourceId=r&role=${role}`);
    expect(result.ok && result.value.role).toBe(expected);
  });

  it.each([
    ["Fetched", "Fetched"],
    ["3", "Fetched"],
    ["purgedbyrecipient", "PurgedByRecipient"],
    ["13", "Forwarded"],
  ])("status %s → %s", (status, expected) => {
    const result = parse(`resourceId=r&role=recipient&status=${status}`);
    expect(result.ok && result.value.status).toBe(expected);
  });

  it("treats blank optional parameters as absent, a person as onBehalfOf", () => {
    const result = parse("resourceId=r&role=sender&onBehalfOf=%20&status=&from=&sendersReference=");
    expect(result.ok && result.value).toMatchObject({ onBehalfOf: null, status: null, from: null, sendersReference: null });
    const person = parse("resourceId=r&role=sender&onBehalfOf=urn:altinn:person:identifier-no:08900499559");
    expect(person.ok && person.value.onBehalfOf?.kind).toBe("person");
  });
});

describe("search query: 400 STD-00000", () => {
  it.each([
    ["role=recipient", { resourceId: ["The resourceId field is required."] }],
    ["resourceId=&role=recipient", { resourceId: ["The resourceId field is required."] }],
    ["resourceId=r", { role: ["The role field is required."] }],
    ["resourceId=r&role=owner", { role: ["The value 'owner' is not valid for role."] }],
    ["resourceId=r&role=3", { role: ["The value '3' is not valid for role."] }],
    ["resourceId=r&role=recipient&status=Opened", { status: ["The value 'Opened' is not valid for status."] }],
    ["resourceId=r&role=recipient&status=14", { status: ["The value '14' is not valid for status."] }],
    ["resourceId=r&role=recipient&from=yesterday", { from: ["The value 'yesterday' is not valid for from."] }],
    ["resourceId=r&role=recipient&to=2025-13-01", { to: ["The value '2025-13-01' is not valid for to."] }],
    ["resourceId=r&role=recipient&idempotentKey=abc", { idempotentKey: ["The value 'abc' is not valid for idempotentKey."] }],
    [
      "resourceId=r&role=recipient&altinn2CorrespondenceId=12x",
      { altinn2CorrespondenceId: ["The value '12x' is not valid for altinn2CorrespondenceId."] },
    ],
    [
      "resourceId=r&role=recipient&altinn2CorrespondenceId=2147483648",
      { altinn2CorrespondenceId: ["The value '2147483648' is not valid for altinn2CorrespondenceId."] },
    ],
  ])("%s", (query, expected) => {
    expect(validationErrorsOf(parse(query))).toEqual(expected);
  });

  it.each(["991825827", "08900499558", "urn:altinn:person:idporten-email:a@b.no", "0192:12345678"])(
    "refuses onBehalfOf=%s",
    (onBehalfOf) => {
      const errors = validationErrorsOf(parse(`resourceId=r&role=recipient&onBehalfOf=${encodeURIComponent(onBehalfOf)}`));
      expect(Object.keys(errors)).toEqual(["onBehalfOf"]);
    },
  );

  it("reports every bad parameter at once", () => {
    expect(Object.keys(validationErrorsOf(parse("role=x&status=y&from=z")))).toEqual(["resourceId", "role", "from", "status"]);
  });
});
