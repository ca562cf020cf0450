/** Request bodies and small helpers shared by the wire tests. */
import { expect } from "vitest";
import { validationProblemSchema } from "../../shared/http/problem-details.js";
import type { WireParseResult } from "../../shared/http/wire/parse-wire-body.js";

/** A minimal valid `InitializeCorrespondencesExt` body; `overrides` replace members of `correspondence`. */
export function initializeBody(overrides: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    correspondence: {
      resourceId: "test-resource",
      sendersReference: "ref-1",
      content: { language: "nb", messageTitle: "Title", messageSummary: "Summary", messageBody: "# Body" },
      ...overrides,
    },
    recipients: ["urn:altinn:organization:identifier-no:991825827"],
    ...top,
  };
}

/** `content` with `overrides` merged in. */
export function content(overrides: Record<string, unknown>) {
  return { language: "nb", messageTitle: "Title", messageSummary: "Summary", messageBody: "# Body", ...overrides };
}

/** Asserts a failed parse is the STD-00000 problem and returns its `errors` dictionary. */
export function validationErrorsOf<T>(result: WireParseResult<T>): Record<string, string[]> {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error("expected a validation failure");
  const problem = validationProblemSchema.parse(result.problem);
  expect(result.response.status).toBe(400);
  expect(result.response.headers).toEqual({ "content-type": "application/problem+json" });
  expect(JSON.parse(String(result.response.body))).toEqual(problem);
  // The two views of the same failures agree: paths are the keys with "." → "/".
  expect(problem.validationErrors.map(({ paths }) => paths[0])).toEqual(
    Object.entries(problem.errors).flatMap(([key, messages]) => messages.map(() => key.replaceAll(".", "/"))),
  );
  return problem.errors;
}

/** A national identity number with valid control digits for the 9 leading digits given. */
export function nationalIdentityNumber(firstNine: string): string {
  const weighted = (digits: string, weights: number[]) =>
    weights.reduce((sum, weight, index) => sum + weight * Number(digits[index]), 0);
  const control = (sum: number) => (11 - (sum % 11)) % 11;
  const first = control(weighted(firstNine, [3, 7, 6, 1, 8, 9, 4, 5, 2]));
  const ten = `${firstNine}${first}`;
  const second = control(weighted(ten, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]));
  if (first === 10 || second === 10) throw new Error(`${firstNine} has no valid control digits`);
  return `${ten}${second}`;
}
