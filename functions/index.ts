/**
 * Entry point of the function app (package.json `main`, compiled to dist/functions/index.js). Loaded once per
 * worker: parse the configuration, build the application through the composition root, register every function.
 */
import { app } from "@azure/functions";
import { buildApplication } from "../shared/composition-root.js";
import { loadConfigOrFail } from "../shared/config/load-config.js";
import { registerConfirmCorrespondenceFunction } from "./confirm-correspondence.js";
import { registerCreateDialogFunction } from "./create-dialog.js";
import { registerGetCorrespondenceContentFunction } from "./get-correspondence-content.js";
import { registerGetCorrespondenceDetailsFunction } from "./get-correspondence-details.js";
import { registerGetCorrespondenceOverviewFunction } from "./get-correspondence-overview.js";
import { registerHealthFunctions } from "./health.js";
import { registerInitializeCorrespondencesFunction } from "./initialize-correspondences.js";
import { registerMarkAsReadFunction } from "./mark-as-read.js";
import { registerOpenApiFunction } from "./openapi.js";
import { registerOutboxSweepFunction } from "./outbox-sweep.js";
import { registerPublishCorrespondenceFunction } from "./publish-correspondence.js";
import { registerPurgeCorrespondenceFunction } from "./purge-correspondence.js";
import { registerSearchCorrespondencesFunction } from "./search-correspondences.js";
import { registerSyncDialogportenFunction } from "./sync-dialogporten.js";
import { registerWhoAmIFunction } from "./whoami.js";

// Before any registration: attachment uploads and downloads stream (up to 50 GB) instead of being buffered.
app.setup({ enableHttpStream: true });

const config = loadConfigOrFail(process.env);
const application = buildApplication(config);
app.hook.appTerminate(() => application.close());

registerHealthFunctions(application.useCases);
registerWhoAmIFunction(application);
registerInitializeCorrespondencesFunction({ ...application, ...application.useCases });
registerCreateDialogFunction(application.useCases);
registerPublishCorrespondenceFunction(application.useCases);
registerOutboxSweepFunction(application.useCases);
registerSyncDialogportenFunction(application.useCases);
// The read and state-change endpoints; the POST/DELETE ones take the Idempotency-Key record store too.
const endpointDependencies = { ...application, ...application.useCases };
registerSearchCorrespondencesFunction(endpointDependencies);
registerGetCorrespondenceOverviewFunction(endpointDependencies);
registerGetCorrespondenceDetailsFunction(endpointDependencies);
registerGetCorrespondenceContentFunction(endpointDependencies);
registerMarkAsReadFunction(endpointDependencies);
registerConfirmCorrespondenceFunction(endpointDependencies);
registerPurgeCorrespondenceFunction(endpointDependencies);
// Built on first request from the routes every trigger above described: the wire shapes have one source.
registerOpenApiFunction({ publicBaseUrl: config.publicBaseUrl });
