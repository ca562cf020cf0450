/**
 * Entry point of the function app (package.json `main`, compiled to dist/functions/index.js). Loaded once per
 * worker: parse the configuration, build the application through the composition root, register every function.
 */
import { app } from "@azure/functions";
import { buildApplication } from "../shared/composition-root.js";
import { loadConfigOrFail } from "../shared/config/load-config.js";
import { registerHealthFunctions } from "./health.js";
import { registerWhoAmIFunction } from "./whoami.js";

// Before any registration: attachment uploads and downloads stream (up to 50 GB) instead of being buffered.
app.setup({ enableHttpStream: true });

const config = loadConfigOrFail(process.env);
const application = buildApplication(config);
app.hook.appTerminate(() => application.close());

registerHealthFunctions(application.useCases);
registerWhoAmIFunction(application);
