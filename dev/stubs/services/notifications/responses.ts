/** Error answers shaped like ASP.NET Core's defaults, which is what Altinn Notifications returns. */
import type { z } from "zod";
import type { StubResponse } from "../../router.js";

export function validationProblem(error: z.ZodError): StubResponse {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = propertyPath(issue.path);
    (errors[key] ??= []).push(issue.message);
  }
  return {
    status: 400,
    json: {
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
      title: "One or more validation errors occurred.",
      status: 400,
      errors,
    },
  };
}

export function notFound(): StubResponse {
  return { status: 404, json: { type: "https://tools.ietf.org/html/rfc9110#section-15.5.5", title: "Not Found", status: 404 } };
}

export function conflict(): StubResponse {
  return { status: 409, json: { type: "https://tools.ietf.org/html/rfc9110#section-15.5.10", title: "Conflict", status: 409 } };
}

export function forbidden(): StubResponse {
  return { status: 403, text: "" };
}

/** `recipient.recipientEmail.emailAddress` → `Recipient.RecipientEmail.EmailAddress`, array indexes as `[0]`, like .NET. */
function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  let result = "";
  for (const segment of path) {
    if (typeof segment === "number") result += `[${segment}]`;
    else {
      const name = String(segment);
      result += `${result ? "." : ""}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    }
  }
  return result || "$";
}
