/**
 * Altinn Events stub: `POST /events/api/v1/events` takes one CloudEvent 1.0 as `application/cloudevents+json`.
 * Like the real API it answers 200 with an empty body, 415 for another content type, and 400 (ProblemDetails) for an
 * event without the required attributes; only accepted events are kept.
 *
 * Recording: `GET /_stub/events` lists every accepted CloudEvent as received, oldest first.
 */
import { z } from "zod";
import type { StubModule } from "../context.js";
import type { StubRequest, StubResponse } from "../router.js";

const absoluteUri = z.string().refine((value) => {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}, "Must be an absolute URI.");

// The attributes Altinn Events requires; the rest of a CloudEvent (subject, alternativesubject, data …) is optional.
const cloudEventSchema = z.object({
  id: z.string().min(1, "The id attribute is required."),
  type: z.string().min(1, "The type attribute is required."),
  source: absoluteUri,
  specversion: z.literal("1.0", 'The specversion attribute must be "1.0".'),
  // Events are authorised per resource, so every event must name one (and Altinn checks it exists in the registry).
  resource: z.string().regex(/^urn:altinn:resource:.+$/, "The resource attribute must be an urn:altinn:resource URN."),
  time: z.iso.datetime({ offset: true, message: "The time attribute must be an RFC 3339 timestamp." }).optional(),
  subject: z.string().optional(),
  alternativesubject: z.string().optional(),
  resourceinstance: z.string().optional(),
});

export const eventsStub: StubModule = (router, context) => {
  const received: unknown[] = [];
  router.route("events", "POST", "/events/api/v1/events", (req) => publish(req, received), { requiresToken: true });
  router.route("control", "GET", "/_stub/events", () => ({ status: 200, json: received }));
  context.onReset(() => {
    received.length = 0;
  });
};

function publish(req: StubRequest, received: unknown[]): StubResponse {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/cloudevents+json") {
    return problem(415, "Unsupported Media Type", "Events must be posted as application/cloudevents+json.");
  }
  const parsed = cloudEventSchema.safeParse(req.body);
  if (!parsed.success) {
    return problem(400, "Invalid cloud event", parsed.error.issues.map((issue) => `${issue.path.join(".") || "$"}: ${issue.message}`).join(" "));
  }
  received.push(req.body);
  return { status: 200 };
}

function problem(status: number, title: string, detail: string): StubResponse {
  return { status, json: { title, status, detail }, headers: { "content-type": "application/problem+json; charset=utf-8" } };
}
