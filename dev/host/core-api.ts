/**
 * The `@azure/functions-core` module. In Azure the Node worker answers `require('@azure/functions-core')` with its own
 * API, and `@azure/functions` (app.http, app.timer, app.hook.*, app.setup) talks to the host only through it. We do
 * the same: wrap `Module.prototype.require` for that one id. No package is written to node_modules, so nothing of the
 * dev host can end up in a deployment, and the function code cannot tell which host runs it.
 *
 * `@azure/functions` is CommonJS, so its `require` goes through `Module.prototype.require` even in an ESM app.
 */
import Module from "node:module";
import type { LogLevel } from "./logger.js";

export type LogCategory = "user" | "system" | "customMetric";

/** One binding as `toCoreFunctionMetadata` in @azure/functions produces it (keyed by binding name). */
export interface CoreBindingInfo {
  type?: string;
  direction?: "in" | "out" | "inout";
  dataType?: string;
  [property: string]: unknown;
}

export interface CoreRetryOptions {
  retryStrategy?: string;
  maxRetryCount?: number;
  delayInterval?: { seconds?: number };
  minimumInterval?: { seconds?: number };
  maximumInterval?: { seconds?: number };
}

export interface CoreFunctionMetadata {
  name: string;
  bindings: Record<string, CoreBindingInfo>;
  retryOptions?: CoreRetryOptions;
}

/** The raw user handler, as registered: (triggerInput, context) => result. */
export type CoreFunctionCallback = (...args: unknown[]) => unknown;

/** Hook contexts are plain objects that the library wraps (and writes back into, e.g. `functionCallback`). */
export type CoreHookContext = Record<string, unknown>;
export type CoreHookCallback = (context: CoreHookContext) => unknown;

export const hookNames = ["appStart", "appTerminate", "preInvocation", "postInvocation", "log"] as const;
export type HookName = (typeof hookNames)[number];

export interface RegisteredFunction {
  metadata: CoreFunctionMetadata;
  handler: CoreFunctionCallback;
}

class Disposable {
  static from(...disposables: Array<{ dispose(): void }>): Disposable {
    return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
  }
  #callOnDispose: (() => void) | undefined;
  constructor(callOnDispose: () => void) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): void {
    this.#callOnDispose?.();
    this.#callOnDispose = undefined;
  }
}

/**
 * What the function app registered while it was loaded. @azure/functions has no public way to read back
 * `app.setup({ enableHttpStream })`; it does log "HTTP streaming enabled." through the core `log` right after
 * accepting the option (and only then), so that system log line is how we learn it.
 */
export class FunctionsCoreRegistry {
  readonly functions: RegisteredFunction[] = [];
  readonly hooks: Record<HookName, CoreHookCallback[]> = {
    appStart: [],
    appTerminate: [],
    preInvocation: [],
    postInvocation: [],
    log: [],
  };
  httpStreamEnabled = false;
  programmingModel: unknown;
  #registrationOpen = true;

  constructor(private readonly systemLog: (level: LogLevel, message: string) => void) {}

  /** The real worker refuses registrations after the app has started; so do we. */
  closeRegistration(): void {
    this.#registrationOpen = false;
  }

  /** The exports of `@azure/functions-core` as the library uses them. */
  createModule(): Record<string, unknown> {
    return {
      version: "4.0.0-dev-host",
      Disposable,
      setProgrammingModel: (model: unknown) => {
        this.programmingModel = model;
      },
      getProgrammingModel: () => this.programmingModel,
      registerFunction: (metadata: CoreFunctionMetadata, handler: CoreFunctionCallback) => {
        if (!this.#registrationOpen) {
          throw new Error(`A function can only be registered during app startup ("${metadata.name}").`);
        }
        if (this.functions.some((registered) => registered.metadata.name === metadata.name)) {
          throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
        }
        const registered = { metadata, handler };
        this.functions.push(registered);
        return new Disposable(() => {
          if (!this.#registrationOpen) throw new Error("Functions can only be disposed during app startup.");
          this.functions.splice(this.functions.indexOf(registered), 1);
        });
      },
      registerHook: (hookName: string, callback: CoreHookCallback) => {
        const hooks = this.#hooksNamed(hookName);
        hooks.push(callback);
        return new Disposable(() => {
          const index = hooks.indexOf(callback);
          if (index >= 0) hooks.splice(index, 1);
        });
      },
      // Its mere presence tells app.setup() that this host supports HTTP streaming (host v4.28+).
      log: (level: LogLevel, category: LogCategory, message: string) => {
        if (category === "system" && message === "HTTP streaming enabled.") this.httpStreamEnabled = true;
        this.systemLog(level, message);
      },
    };
  }

  #hooksNamed(hookName: string): CoreHookCallback[] {
    if (!(hookNames as readonly string[]).includes(hookName)) {
      // The library turns a RangeError into "Log hooks require Azure Functions Host v4.34 or higher"; keep that shape.
      const error = new RangeError(`Unrecognized hook "${hookName}"`) as RangeError & { isAzureFunctionsSystemError: boolean };
      error.isAzureFunctionsSystemError = true;
      throw error;
    }
    return this.hooks[hookName as HookName];
  }
}

type RequireFunction = (this: NodeJS.Module, id: string) => unknown;
const coreModuleId = "@azure/functions-core";

/** Installs the require hook; returns the function that removes it again. One app per process. */
export function installCoreModule(coreModule: Record<string, unknown>): () => void {
  const prototype = Module.prototype as unknown as { require: RequireFunction };
  const originalRequire = prototype.require;
  if ((originalRequire as { servesFunctionsCore?: boolean }).servesFunctionsCore) {
    throw new Error("A function app is already hosted in this process; run each dev host in its own process.");
  }
  const hookedRequire: RequireFunction = function (this: NodeJS.Module, id: string) {
    return id === coreModuleId ? coreModule : originalRequire.call(this, id);
  };
  Object.assign(hookedRequire, { servesFunctionsCore: true });
  prototype.require = hookedRequire;
  return () => {
    prototype.require = originalRequire;
  };
}
