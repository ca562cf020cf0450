/**
 * Bad input never yields a 500: a table of malformed ids for every per-id endpoint, and seeded random (property-style)
 * query strings, bodies and headers for the read and state-change endpoints — each answer is a 4xx or a success, and
 * every 400 is a well-formed problem. Then the other side: a real internal fault (the PDP failing, injected at the
 * stub of a platform of this test's own) still answers 500 problem+json — errors are not masked as 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePlatformPorts } from "../../dev/platform/free-ports.js";
import { startPlatform, type RunningPlatform } from "../../dev/platform/platform.js";
import { standardProblemSchema, validationProblemSchema, businessProblemSchema } from "../../shared/http/problem-details.js";
import {
  call,
  freshOrganisationNumber,
  initializeBody,
  organisationUrn,
  publishedToFreshOrganisation,
  serviceOwnerToken,
  type ApiResponse,
} from "./support/api-client.js";

/** mulberry32: a tiny seeded generator, so a failing case can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const awkwardPieces = [
  "", " ", "0", "-1", "2147483648", "1e309", "NaN", "null", "true", "[]", "{}", "'", '"', "\\", "%", "%00", "%ZZ",
  "../", "æøå", "😀", "\u0000", "\u202e", "<script>", "' OR 1=1 --", "urn:", "urn:altinn:organization:identifier-no:",
  "0192:", "12345678901", "123456789", "2030-13-45T25:61:00Z", "2030-01-01T00:00:00+25:00", "9999-12-31T23:59:59Z",
  "00000000-0000-0000-0000-000000000000", "recipient", "SENDER", "3", "Published", "99", "x".repeat(5000),
];

function randomText(random: () => number): string {
  const parts = 1 + Math.floor(random() * 3);
  let text = "";
  for (let part = 0; part < parts; part++) text += awkwardPieces[Math.floor(random() * awkwardPieces.length)];
  return text;
}

function expectNoServerError(response: ApiResponse, what: string): void {
  expect(response.status, `${what} → ${response.status} ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status === 400) {
    const body = response.json<Record<string, unknown>>();
    const shape = body.code === "STD-00000" ? validationProblemSchema : businessProblemSchema;
    expect(shape.safeParse(body).success, `${what}: ${response.text.slice(0, 300)}`).toBe(true);
  }
}

const perIdRoutes: Array<{ method: string; suffix: string; token: "sender" | "recipient" }> = [
  { method: "GET", suffix: "", token: "recipient" },
  { method: "GET", suffix: "/details", token: "recipient" },
  { method: "GET", suffix: "/content", token: "recipient" },
  { method: "POST", suffix: "/markasread", token: "recipient" },
  { method: "POST", suffix: "/confirm", token: "recipient" },
  { method: "DELETE", suffix: "/purge", token: "sender" },
];

describe("malformed input never yields a 500", () => {
  let tokens: { sender: string; recipient: string };
  let published: { id: string };

  beforeAll(async () => {
    const correspondence = await publishedToFreshOrganisation();
    published = correspondence;
    tokens = { sender: await serviceOwnerToken(), recipient: correspondence.recipientToken };
  });

  const malformedIds = ["abc", "1", "0192b7a0-0000-7000-8000-00000000000g", "0192b7a0-0000-7000-8000", "x".repeat(1000), "æøå", "'%20OR%201=1", "%00", "null"];

  for (const route of perIdRoutes) {
    it.each(malformedIds)(`${route.method} …/{id}${route.suffix} with id %j → 400 STD-00000 on correspondenceId`, async (id) => {
      const response = await call(route.method, `/correspondence/${encodeURIComponent(id)}${route.suffix}`, { token: tokens[route.token] });
      expect(response.status, response.text).toBe(400);
      expect(Object.keys(validationProblemSchema.parse(response.json()).errors)).toEqual(["correspondenceId"]);
    });

    it(`${route.method} …/{id}${route.suffix} reads other GUID forms (N, braces, upper case) as the id`, async () => {
      const plain = published.id.replaceAll("-", "");
      for (const form of [plain, `{${published.id}}`, published.id.toUpperCase()]) {
        expectNoServerError(await call(route.method, `/correspondence/${encodeURIComponent(form)}${route.suffix}`, { token: tokens[route.token] }), form);
      }
    });
  }

  it("answers random search parameters with a 4xx or a success, never a 500 (seeded)", async () => {
    const random = seededRandom(20_260_101);
    const names = ["resourceId", "role", "from", "to", "status", "onBehalfOf", "sendersReference", "idempotentKey", "altinn2CorrespondenceId", "ROLE", "unknown"];
    for (let round = 0; round < 80; round++) {
      const query = new URLSearchParams();
      for (const name of names) if (random() < 0.5) query.append(name, randomText(random));
      if (random() < 0.7) query.set("resourceId", "read-endpoints-resource");
      if (random() < 0.5) query.set("role", ["recipient", "sender", "recipientandsender", "2"][Math.floor(random() * 4)]!);
      const response = await call("GET", `/correspondence?${query}`, { token: random() < 0.5 ? tokens.recipient : tokens.sender });
      expectNoServerError(response, `round ${round}: ?${query.toString().slice(0, 200)}`);
    }
  });

  it("ignores random bodies, content types and Idempotency-Keys on the state changes, never a 500 (seeded)", async () => {
    const random = seededRandom(424_242);
    const contentTypes = ["application/json", "text/plain", "application/xml", "", "multipart/form-data; boundary=x"];
    const unknownId = "0192b7a0-7777-7000-8000-000000000000";
    let sent = 0;
    for (let round = 0; round < 60; round++) {
      const route = perIdRoutes.filter((candidate) => candidate.method !== "GET")[Math.floor(random() * 3)]!;
      const id = random() < 0.5 ? published.id : unknownId;
      const headers: Record<string, string> = { "content-type": contentTypes[Math.floor(random() * contentTypes.length)]! };
      if (random() < 0.5) headers["idempotency-key"] = randomText(random).replace(/[\r\n\u0000]/g, "").slice(0, 300) || "k";
      const body = random() < 0.5 ? randomText(random) : JSON.stringify({ [randomText(random)]: randomText(random) });
      let response: ApiResponse;
      try {
        response = await call(route.method, `/correspondence/${id}${route.suffix}`, { token: tokens[route.token], body, headers });
      } catch (error) {
        // fetch itself refuses some header values (not valid ByteStrings) before anything is sent: nothing to test.
        if (error instanceof TypeError) continue;
        throw error;
      }
      expectNoServerError(response, `round ${round}: ${route.method} ${route.suffix}`);
      sent += 1;
    }
    // Most rounds must have reached the API for this to say anything.
    expect(sent).toBeGreaterThan(40);
  });

  it("answers malformed initialize bodies with a 4xx, never a 500 (seeded)", async () => {
    const random = seededRandom(7);
    const valid = initializeBody({ recipients: [organisationUrn(freshOrganisationNumber())] });
    for (let round = 0; round < 40; round++) {
      const mutated = structuredClone(valid) as { correspondence: Record<string, unknown>; recipients: unknown };
      const field = ["resourceId", "sendersReference", "requestedPublishTime", "dueDateTime", "content", "replyOptions", "externalReferences", "propertyList"][round % 8]!;
      mutated.correspondence[field] = random() < 0.5 ? randomText(random) : random() < 0.5 ? null : Math.floor(random() * 1e6);
      if (random() < 0.3) mutated.recipients = [randomText(random)];
      const response = await call("POST", "/correspondence", { token: tokens.sender, body: mutated });
      expectNoServerError(response, `round ${round}: ${field}`);
    }
  });
});

describe("a real internal fault still answers 500 problem+json", () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    const ports = await freePlatformPorts();
    // A platform of its own: the injected fault must not reach the other test files sharing the global one.
    platform = await startPlatform({ ports, log: () => undefined });
  }, 120_000);
  afterAll(() => platform?.close());

  async function token(query: Record<string, string>): Promise<string> {
    return (await fetch(`${platform.urls.stubs}/api/GetEnterpriseToken?${new URLSearchParams({ env: "local", ...query })}`)).text();
  }

  it("answers 500 with the standard problem when the PDP fails, and 200 once it answers again", async () => {
    const orgNo = freshOrganisationNumber();
    const sender = await token({ scopes: "altinn:correspondence.write altinn:serviceowner", org: "ttd", orgNo: "991825827" });
    const created = await fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence`, {
      method: "POST",
      headers: { authorization: `Bearer ${sender}`, "content-type": "application/json" },
      body: JSON.stringify(initializeBody({ recipients: [organisationUrn(orgNo)], requestedPublishTime: new Date(Date.now() + 3_600_000).toISOString() })),
    });
    expect(created.status).toBe(200);
    const id = ((await created.json()) as { correspondences: Array<{ correspondenceId: string }> }).correspondences[0]!.correspondenceId;

    // A sender without altinn:serviceowner has no bypass: its access is the PDP's decision.
    const plainSender = await token({ scopes: "altinn:correspondence.write", orgNo: "991825827" });
    const fault = await fetch(`${platform.urls.stubs}/_stub/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // Three: the first try and both retries of the decision request (it is safe to repeat, so it is retried).
      body: JSON.stringify({ service: "authorization", status: 503, rate: 1, count: 3 }),
    });
    expect(fault.status).toBeLessThan(300);
    const overview = () =>
      fetch(`${platform.urls.functions}/correspondence/api/v1/correspondence/${id}`, { headers: { authorization: `Bearer ${plainSender}` } });

    const failed = await overview();
    expect(failed.status).toBe(500);
    expect(failed.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = standardProblemSchema.parse(await failed.json());
    expect(problem).toMatchObject({ status: 500 });
    expect(problem).not.toHaveProperty("errorCode");

    expect((await overview()).status).toBe(200);
  });
});
