/**
 * The Functions dev host: loads a function app the way the Azure Functions host and its Node worker do and serves
 * its triggers (HTTP on a node:http server, timers, Service Bus through real receivers). The function files are the
 * ones that deploy to Azure; they cannot tell which host runs them.
 *
 * The `@azure/functions-core` require hook and process.env are process-wide, so one host per process
 * (dev/host/main.ts is the CLI for that).
 */
import { pathToFileURL } from "node:url";
import { applyAppSettings, readFunctionAppConfig, type FunctionAppConfig } from "./app-config.js";
import { FunctionsCoreRegistry, installCoreModule } from "./core-api.js";
import { createCorsPolicy } from "./cors.js";
import { loadFunctionsLibrary } from "./functions-library.js";
import { hostFunctions } from "./hosted-functions.js";
import { defaultRequestBodyLimit } from "./http-exchange.js";
import { buildHttpRoutes, startHttpListener, type RunningHttpListener } from "./http-listener.js";
import { FunctionInvoker, type HostedFunction } from "./invocation.js";
import { createHostLogger, describeError, type HostLogger } from "./logger.js";
import { ServiceBusConnections } from "./servicebus-connection.js";
import { serviceBusSettings, startServiceBusTrigger } from "./servicebus-listener.js";
import { startTimer } from "./timer-listener.js";

export interface FunctionHostOptions {
  appDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Put into process.env before local.settings.json, whose Values never override them. */
  env?: Record<string, string>;
  /** Receives every log line; by default information goes to stdout and warnings/errors to stderr. */
  log?: (line: string) => void;
}

export interface HostedFunctionInfo {
  name: string;
  trigger: string;
  route?: string;
  methods?: string[];
}

export interface RunningFunctionHost {
  url: string;
  functions: HostedFunctionInfo[];
  /** Stops triggers (letting running invocations finish and settle), closes the server, runs appTerminate hooks. */
  close(): Promise<void>;
}

/** Something to stop on shutdown, in reverse start order. */
type Stopper = () => Promise<void>;

export async function startFunctionHost(options: FunctionHostOptions): Promise<RunningFunctionHost> {
  const config = await readFunctionAppConfig(options.appDir);
  applyAppSettings(config.localSettings, options.env);
  const logger = createHostLogger({ sink: options.log, logLevels: config.hostJson.logging?.logLevel });

  let invoker: FunctionInvoker | undefined;
  const registry = new FunctionsCoreRegistry((level, message) =>
    invoker ? invoker.log(level, "system", "worker", message) : logger.write(level, "worker", message),
  );
  const uninstallCoreModule = installCoreModule(registry.createModule());
  const stoppers: Stopper[] = [async () => uninstallCoreModule()];
  try {
    await importEntryFiles(config);
    registry.closeRegistration();
    const library = loadFunctionsLibrary(config.appDir);
    invoker = new FunctionInvoker(library, registry, logger);
    const functions = hostFunctions(registry.functions, config.hostJson, logger);
    if (functions.length === 0) logger.write("warning", "host", `No job functions found in ${config.entryFiles.join(", ")}.`);

    await invoker.runHooks("appStart", { hookData: invoker.appHookData, appHookData: invoker.appHookData, functionAppDirectory: config.appDir });
    const appInvoker = invoker;
    stoppers.push(async () => {
      await appInvoker.runHooks("appTerminate", { hookData: appInvoker.appHookData, appHookData: appInvoker.appHookData });
    });

    const httpFunctions = functions.filter((hosted) => hosted.trigger.type.toLowerCase() === "httptrigger");
    const routes = buildHttpRoutes(httpFunctions, config.routePrefix);
    const http: RunningHttpListener = await startHttpListener({
      host: options.host ?? "127.0.0.1",
      port: options.port,
      routes,
      library,
      invoker,
      logger,
      streaming: registry.httpStreamEnabled,
      bodyLimit: requestBodyLimit(),
      cors: createCorsPolicy(config.localSettings.Host?.CORS, config.localSettings.Host?.CORSCredentials),
    });
    stoppers.push(() => http.close());

    stoppers.push(...(await startBackgroundTriggers(functions, appInvoker, logger, config)));

    const info: HostedFunctionInfo[] = functions.map((hosted) => {
      const route = routes.find((candidate) => candidate.hosted === hosted);
      return { name: hosted.name, trigger: hosted.trigger.type, ...(route && { route: `/${route.template}`, methods: route.methods }) };
    });
    let closing: Promise<void> | undefined;
    return {
      url: http.url,
      functions: info,
      close: () => (closing ??= stopAll(stoppers, logger)),
    };
  } catch (error) {
    await stopAll(stoppers, logger);
    throw error;
  }
}

function requestBodyLimit(): number {
  const configured = Number(process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
  return Number.isFinite(configured) && configured > 0 ? configured : defaultRequestBodyLimit;
}

async function importEntryFiles(config: FunctionAppConfig): Promise<void> {
  for (const file of config.entryFiles) {
    try {
      await import(pathToFileURL(file).href);
    } catch (error) {
      throw new Error(`Worker was unable to load entry point "${file}": ${describeError(error)}`, { cause: error });
    }
  }
}

/**
 * Timers and Service Bus receivers. A listener that cannot start (say, a missing connection setting) is logged and
 * left out while the rest of the app runs, as the Functions host does.
 */
async function startBackgroundTriggers(
  functions: HostedFunction[],
  invoker: FunctionInvoker,
  logger: HostLogger,
  config: FunctionAppConfig,
): Promise<Stopper[]> {
  const stoppers: Stopper[] = [];
  const connections = new ServiceBusConnections();
  const settings = serviceBusSettings(config.hostJson);
  stoppers.push(() => connections.closeAll());
  for (const hosted of functions) {
    const type = hosted.trigger.type.toLowerCase();
    try {
      if (type === "timertrigger") {
        const timer = startTimer(hosted, invoker, logger);
        stoppers.push(() => timer.stop());
      } else if (type === "servicebustrigger") {
        const receiver = await startServiceBusTrigger(hosted, invoker, logger, settings, connections);
        stoppers.push(() => receiver.stop());
      }
    } catch (error) {
      logger.write("error", "host", `The listener for function 'Functions.${hosted.name}' was unable to start. ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return stoppers;
}

async function stopAll(stoppers: Stopper[], logger: HostLogger): Promise<void> {
  // Reverse start order: triggers first, then the HTTP server, then appTerminate hooks, then the require hook.
  for (const stop of stoppers.splice(0).reverse()) {
    try {
      await stop();
    } catch (error) {
      logger.write("error", "host", `Error during shutdown: ${describeError(error)}`);
    }
  }
}
