/**
 * One invocation, the way the Node worker runs it: an InvocationContext from @azure/functions whose log calls reach
 * the host, preInvocation hooks (which may replace the inputs and the handler), the raw handler, postInvocation hooks
 * (which may replace the result or the error), and the host's "Executing"/"Executed" log lines.
 */
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import type { EffectiveFunctionOptions, FunctionTrigger, InvocationContext, RetryContext } from "@azure/functions";
import type {
  CoreBindingInfo,
  CoreFunctionCallback,
  CoreHookContext,
  CoreRetryOptions,
  FunctionsCoreRegistry,
  HookName,
  LogCategory,
} from "./core-api.js";
import type { FunctionsLibrary } from "./functions-library.js";
import { describeError, type HostLogger, type LogLevel } from "./logger.js";
import { invocationTraceContext } from "./trace-context.js";

export interface HostedFunction {
  name: string;
  handler: CoreFunctionCallback;
  /** The trigger binding, with its name. */
  trigger: FunctionTrigger & CoreBindingInfo;
  options: EffectiveFunctionOptions;
  retry?: CoreRetryOptions;
}

export interface InvocationRequest {
  triggerInput: unknown;
  triggerMetadata?: Record<string, unknown>;
  /** Shown in the "Executing" line, like the host's Reason. */
  reason: string;
  retryContext?: RetryContext;
  /** An HTTP trigger's incoming `traceparent` header, continued as the real host does. */
  traceParent?: string;
}

export class FunctionInvoker {
  /** Shared by appStart/appTerminate hooks and visible to every invocation hook, as in the worker. */
  readonly appHookData: Record<string, unknown> = {};

  constructor(
    private readonly library: FunctionsLibrary,
    private readonly registry: FunctionsCoreRegistry,
    private readonly logger: HostLogger,
  ) {}

  /** Resolves with the (post-hook) result; rejects with the function's error after logging it. */
  async invoke(hosted: HostedFunction, request: InvocationRequest): Promise<unknown> {
    const invocationId = randomUUID();
    const context: InvocationContext = new this.library.InvocationContext({
      invocationId,
      functionName: hosted.name,
      options: hosted.options,
      triggerMetadata: request.triggerMetadata,
      retryContext: request.retryContext,
      traceContext: invocationTraceContext(request.traceParent),
      logHandler: (level, ...args) => this.log(level, "user", hosted.name, format(...args), context),
    });
    const started = performance.now();
    this.log("information", "system", hosted.name, `Executing 'Functions.${hosted.name}' (Reason='${request.reason}', Id=${invocationId})`);

    const hookData: Record<string, unknown> = {};
    let outcome: { result?: unknown; error?: unknown };
    try {
      const preInvocation: CoreHookContext = {
        hookData,
        appHookData: this.appHookData,
        invocationContext: context,
        functionCallback: hosted.handler,
        inputs: [request.triggerInput],
      };
      await this.runHooks("preInvocation", preInvocation);
      const inputs = preInvocation.inputs as unknown[];
      const handler = preInvocation.functionCallback as CoreFunctionCallback;
      try {
        outcome = { result: await handler(...inputs, context) };
      } catch (error) {
        outcome = { error };
      }
      const postInvocation: CoreHookContext = { hookData, appHookData: this.appHookData, invocationContext: context, inputs, ...outcome };
      await this.runHooks("postInvocation", postInvocation);
      outcome = { result: postInvocation.result, error: postInvocation.error };
    } catch (hookError) {
      outcome = { error: hookError };
    }

    const duration = Math.round(performance.now() - started);
    const failed = outcome.error !== undefined && outcome.error !== null;
    if (failed) {
      this.log("error", "system", hosted.name, `Exception while executing function: Functions.${hosted.name}. ${describeError(outcome.error)}`);
    }
    this.log(
      failed ? "error" : "information",
      "system",
      hosted.name,
      `Executed 'Functions.${hosted.name}' (${failed ? "Failed" : "Succeeded"}, Id=${invocationId}, Duration=${duration}ms)`,
    );
    if (failed) throw outcome.error;
    return outcome.result;
  }

  async runHooks(hookName: HookName, context: CoreHookContext): Promise<void> {
    // A copy: a hook may dispose itself while the hooks run.
    for (const hook of [...this.registry.hooks[hookName]]) await hook(context);
  }

  /** Every log line passes the app's log hooks first; they may change level and message, as in the worker. */
  log(level: LogLevel, category: LogCategory, source: string, message: string, invocationContext?: InvocationContext): void {
    const hookContext: CoreHookContext = { hookData: {}, appHookData: this.appHookData, level, category, message, invocationContext };
    for (const hook of this.registry.hooks.log) {
      try {
        hook(hookContext);
      } catch (error) {
        this.logger.write("error", "worker", `A log hook failed: ${describeError(error)}`);
      }
    }
    this.logger.write(hookContext.level as LogLevel, source, String(hookContext.message));
  }
}
