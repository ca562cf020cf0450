/**
 * Turns the registrations into functions the host serves. Like the host it honours `AzureWebJobs.<name>.Disabled`
 * app settings and the host.json `functions` allow-list. Bindings the dev host cannot serve (extra inputs and
 * outputs, triggers other than HTTP, timer and Service Bus) stop the startup with a message naming them, rather
 * than failing silently at the first invocation.
 */
import type { EffectiveFunctionOptions, FunctionInput, FunctionOutput, FunctionTrigger } from "@azure/functions";
import type { HostJson } from "./app-config.js";
import type { CoreBindingInfo, RegisteredFunction } from "./core-api.js";
import type { HostedFunction } from "./invocation.js";
import type { HostLogger } from "./logger.js";

const supportedTriggers = new Set(["httptrigger", "timertrigger", "servicebustrigger"]);

export function hostFunctions(registered: RegisteredFunction[], hostJson: HostJson, logger: HostLogger): HostedFunction[] {
  const allowList = hostJson.functions?.map((name) => name.toLowerCase());
  const hosted: HostedFunction[] = [];
  for (const { metadata, handler } of registered) {
    if (allowList && !allowList.includes(metadata.name.toLowerCase())) continue;
    if (/^(true|1)$/i.test(process.env[`AzureWebJobs.${metadata.name}.Disabled`] ?? "")) {
      logger.write("information", "host", `Function 'Functions.${metadata.name}' is disabled.`);
      continue;
    }
    const options = effectiveOptions(metadata.name, metadata.bindings);
    const trigger = options.trigger as FunctionTrigger & CoreBindingInfo;
    const triggerType = trigger.type.toLowerCase();
    if (!supportedTriggers.has(triggerType)) {
      throw new Error(`Function "${metadata.name}": the dev host does not support ${trigger.type} triggers.`);
    }
    const unsupported = [...options.extraInputs, ...options.extraOutputs];
    if (options.return && !(triggerType === "httptrigger" && options.return.type.toLowerCase() === "http")) unsupported.push(options.return);
    if (unsupported.length > 0) {
      const names = unsupported.map((binding) => `${binding.name} (${binding.type})`).join(", ");
      throw new Error(`Function "${metadata.name}": the dev host does not support the bindings ${names}.`);
    }
    hosted.push({ name: metadata.name, handler, trigger, options, retry: metadata.retryOptions });
  }
  return hosted;
}

/** The library's fromRpcBindings: what InvocationContext.options shows the handler. */
function effectiveOptions(functionName: string, bindings: Record<string, CoreBindingInfo>): EffectiveFunctionOptions {
  let trigger: FunctionTrigger | undefined;
  let returnBinding: FunctionOutput | undefined;
  const extraInputs: FunctionInput[] = [];
  const extraOutputs: FunctionOutput[] = [];
  for (const [name, binding] of Object.entries(bindings)) {
    const withName = { ...binding, name, type: binding.type ?? "unknown" };
    if (/trigger$/i.test(withName.type)) trigger = withName;
    else if (name === "$return") returnBinding = withName;
    else if (binding.direction === "in") extraInputs.push(withName);
    else extraOutputs.push(withName);
  }
  if (!trigger) throw new Error(`Function "${functionName}" has no trigger binding.`);
  return { trigger, return: returnBinding, extraInputs, extraOutputs };
}
