/**
 * The Altinn platform stubs: one HTTP server (default 127.0.0.1:7080) with the real services' paths and shapes.
 * Each service lives in its own module; this file only composes them and adds the shared `/_stub` controls.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { StubContext, StubModule } from "./context.js";
import { FaultInjector, faultRequestSchema } from "./faults.js";
import { loadStubFixtures, type StubFixtures } from "./fixtures.js";
import { createLocalIssuers, type PublishedIssuers } from "./issuers.js";
import { StubRouter } from "./router.js";
import { authorizationStub } from "./services/authorization.js";
import { dialogportenStub } from "./services/dialogporten.js";
import { eventsStub } from "./services/events.js";
import { krrStub } from "./services/krr.js";
import { notificationsStub } from "./services/notifications.js";
import { profileStub } from "./services/profile.js";
import { registerStub } from "./services/register.js";
import { resourceRegistryStub } from "./services/resource-registry.js";
import { tokensStub } from "./services/tokens.js";

const modules: StubModule[] = [
  tokensStub,
  authorizationStub,
  resourceRegistryStub,
  registerStub,
  krrStub,
  profileStub,
  notificationsStub,
  dialogportenStub,
  eventsStub,
];

export interface StubServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Public base URL of the Correspondence API, for condition endpoints. */
  apiBaseUrl: string;
  fixtures?: StubFixtures;
  fixturesFile?: string;
}

export interface RunningStubServer {
  url: string;
  issuers: PublishedIssuers;
  fixtures: StubFixtures;
  close(): Promise<void>;
}

export async function startStubServer(options: StubServerOptions): Promise<RunningStubServer> {
  const host = options.host ?? "127.0.0.1";
  const faults = new FaultInjector();
  const router = new StubRouter(faults);
  const server = createServer((req, res) => {
    router.handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  const resets: Array<() => void> = [];
  const closers: Array<() => void> = [];
  const issuers = await createLocalIssuers(url);
  const fixtures = options.fixtures ?? loadStubFixtures(options.fixturesFile);
  const context: StubContext = {
    baseUrl: url,
    apiBaseUrl: options.apiBaseUrl,
    issuers,
    fixtures,
    faults,
    onReset: (reset) => resets.push(reset),
    onClose: (close) => closers.push(close),
  };
  router.setBearerVerifier(async (token) => {
    for (const issuer of [issuers.altinn, issuers.maskinporten]) {
      const claims = await issuer.verify(token);
      if (claims) return claims;
    }
    return undefined;
  });
  registerControlRoutes(router, faults, resets);
  for (const register of modules) register(router, context);

  return {
    url,
    issuers,
    fixtures,
    close: () => closeServer(server, closers),
  };
}

function registerControlRoutes(router: StubRouter, faults: FaultInjector, resets: Array<() => void>): void {
  router.route("control", "POST", "/_stub/faults", (req) => {
    const parsed = faultRequestSchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, json: { title: "Invalid fault", detail: parsed.error.message } };
    faults.add(parsed.data);
    return { status: 204 };
  });
  router.route("control", "DELETE", "/_stub/faults", () => {
    faults.clear();
    return { status: 204 };
  });
  router.route("control", "DELETE", "/_stub/state", () => {
    faults.clear();
    for (const reset of resets) reset();
    return { status: 204 };
  });
}

async function closeServer(server: Server, closers: Array<() => void>): Promise<void> {
  for (const close of closers) close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
