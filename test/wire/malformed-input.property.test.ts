/**
 * Property: whatever arrives — malformed JSON text, values of the wrong type, extreme lengths, odd keys — the
 * parsers never throw, and they answer either a well-formed value or a 400 validation problem. A small seeded
 * generator (no new packages) mutates valid requests; a failure prints the seed and case so it can be replayed.
 */
import { describe, expect, it } from "vitest";
import { isMarkdown, isPlainText } from "../../shared/domain/text-format.js";
import { checkRecipient } from "../../shared/domain/identifiers.js";
import { validationProblemSchema } from "../../shared/http/problem-details.js";
import {
  parseInitializeCorrespondencesJson,
  parseInitializeCorrespondencesRequest,
  type InitializeCorrespondencesRequest,
} from "../../shared/http/wire/initialize-correspondences.js";
import type { WireParseResult } from "../../shared/http/wire/parse-wire-body.js";
import { parseSearchCorrespondencesQuery } from "../../shared/http/wire/search-correspondences-query.js";
import { mutate, randomSource, randomString } from "./random-input.js";
import { initializeBody } from "./support.js";

function assertWellFormed(result: WireParseResult<InitializeCorrespondencesRequest>, replay: string): void {
  if (result.ok) {
    const { value } = result;
    expect(Array.isArray(value.recipients), replay).toBe(true);
    for (const recipient of value.recipients) expect(recipient, replay).toMatch(/^urn:altinn:/);
    expect(typeof value.correspondence.resourceId, replay).toBe("string");
    expect(value.correspondence.resourceId.includes(":"), replay).toBe(false);
    expect(["string"], replay).toContain(typeof value.correspondence.content.messageBody);
    return;
  }
  expect(result.response.status, replay).toBe(400);
  const problem = validationProblemSchema.safeParse(JSON.parse(String(result.response.body)));
  expect(problem.success, replay).toBe(true);
  expect(result.failures.length, replay).toBeGreaterThan(0);
}

const seeds = [1, 2, 3, 42, 2025];
const casesPerSeed = 400;

describe("malformed input never throws and never answers anything but ok or 400 STD-00000", () => {
  it.each(seeds)("initialize bodies, mutated from valid ones (seed %i)", (seed) => {
    const random = randomSource(seed);
    const validBodies = [
      initializeBody(),
      initializeBody({
        externalReferences: [{ referenceType: "DialogportenDialogId", referenceValue: "x" }],
        propertyList: { a: "b" },
        replyOptions: [{ linkURL: "https://example.com", linkText: "svar" }],
        notification: { notificationChannel: "Sms", smsBody: "hei", customRecipients: [{ mobileNumber: "+4799999999" }] },
        content: { language: "nb", messageTitle: "T", messageBody: "B", attachments: [{ fileName: "a.pdf", sendersReference: "r" }] },
      }),
    ];
    for (let index = 0; index < casesPerSeed; index++) {
      let body: unknown = random.pick(validBodies);
      for (let mutation = 0, count = 1 + random.integer(4); mutation < count; mutation++) body = mutate(random, body);
      const replay = `seed ${seed}, case ${index}: ${JSON.stringify(body)?.slice(0, 500)}`;
      let result: WireParseResult<InitializeCorrespondencesRequest> | undefined;
      expect(() => (result = parseInitializeCorrespondencesRequest(body)), replay).not.toThrow();
      assertWellFormed(result!, replay);
    }
  });

  it.each(seeds)("initialize body texts, truncated and corrupted (seed %i)", (seed) => {
    const random = randomSource(seed);
    const text = JSON.stringify(initializeBody({ propertyList: { a: "b" } }));
    for (let index = 0; index < casesPerSeed; index++) {
      const cut = random.integer(text.length + 1);
      const corrupted =
        random.next() < 0.5
          ? text.slice(0, cut)
          : `${text.slice(0, cut)}${random.pick([",", "}", "]", '"', "/*", "\\", "\u0000", "NaN", "'"])}${text.slice(cut)}`;
      const replay = `seed ${seed}, case ${index}: ${corrupted}`;
      let result: WireParseResult<InitializeCorrespondencesRequest> | undefined;
      expect(() => (result = parseInitializeCorrespondencesJson(corrupted)), replay).not.toThrow();
      assertWellFormed(result!, replay);
    }
  });

  it("deeply nested and oversized values", () => {
    let nested: unknown = "x";
    for (let depth = 0; depth < 5000; depth++) nested = [nested];
    const bodies = [
      initializeBody({ content: nested }),
      initializeBody({ propertyList: nested }),
      initializeBody({}, { recipients: Array.from({ length: 10_000 }, () => "0192:991825827") }),
      initializeBody({ notification: { customRecipients: Array.from({ length: 2000 }, () => ({ emailAddress: "a@b.no" })) } }),
      JSON.parse('{"__proto__": {"polluted": true}, "correspondence": {"__proto__": {"x": 1}}}'),
    ];
    bodies.forEach((body, index) => assertWellFormed(parseInitializeCorrespondencesRequest(body), `body ${index}`));
    // As text, nesting deeper than the JSON parser goes is a 400 too.
    const deepText = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    assertWellFormed(parseInitializeCorrespondencesJson(deepText), "deep text");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(seeds)("search query strings (seed %i)", (seed) => {
    const random = randomSource(seed);
    const names = ["resourceId", "ROLE", "role", "from", "to", "status", "onBehalfOf", "idempotentKey", "altinn2CorrespondenceId", "x"];
    for (let index = 0; index < casesPerSeed; index++) {
      const query = new URLSearchParams();
      for (let parameter = 0, count = random.integer(8); parameter < count; parameter++) {
        query.append(random.pick(names), randomString(random));
      }
      const replay = `seed ${seed}, case ${index}: ${query.toString().slice(0, 300)}`;
      let result: ReturnType<typeof parseSearchCorrespondencesQuery> | undefined;
      expect(() => (result = parseSearchCorrespondencesQuery(query)), replay).not.toThrow();
      if (!result!.ok) {
        expect(result!.response.status, replay).toBe(400);
        expect(validationProblemSchema.safeParse(result!.problem).success, replay).toBe(true);
      }
    }
  });

  it.each(seeds)("text-format and identifier checks (seed %i)", (seed) => {
    const random = randomSource(seed);
    for (let index = 0; index < casesPerSeed; index++) {
      const text = randomString(random) + random.pick(["", "<b>", "# ", "\n---", "`", "[a](b)"]) + randomString(random);
      expect(typeof isPlainText(text)).toBe("boolean");
      expect(typeof isMarkdown(text)).toBe("boolean");
      expect(typeof checkRecipient(text).valid).toBe("boolean");
    }
  });
});
