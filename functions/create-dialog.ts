/**
 * Creates a new correspondence's Dialogporten dialogue right after initialize (dialogporten.md §2: before publish,
 * hidden until `visibleFrom` when the publish time is ahead). Throws on a transient failure so the message is retried;
 * the publish step creates the dialogue itself if it still has none when its time comes.
 */
import { app, type InvocationContext } from "@azure/functions";
import { connectionNames } from "../shared/config/config.js";
import type { CreateCorrespondenceDialog } from "../shared/use-cases/publish-correspondence/create-correspondence-dialog.js";
import { queueNames, readCorrespondenceMessage } from "../shared/use-cases/publish-correspondence/publish-messages.js";

export interface CreateDialogFunctionDependencies {
  createCorrespondenceDialog: Pick<CreateCorrespondenceDialog, "execute">;
}

export function makeCreateDialogHandler(dependencies: CreateDialogFunctionDependencies) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const body = readCorrespondenceMessage(message);
    if (!body) {
      context.error(`Create-dialogue message ${String(context.triggerMetadata?.messageId)} has no correspondenceId; dropped`);
      return;
    }
    const outcome = await dependencies.createCorrespondenceDialog.execute(body.correspondenceId);
    const log = outcome === "notFound" ? context.warn.bind(context) : context.log.bind(context);
    log(`Dialogue of correspondence ${body.correspondenceId}: ${outcome}`);
  };
}

export function registerCreateDialogFunction(dependencies: CreateDialogFunctionDependencies): void {
  app.serviceBusQueue("createCorrespondenceDialog", {
    connection: connectionNames.serviceBus,
    queueName: queueNames.createDialog,
    handler: makeCreateDialogHandler(dependencies),
  });
}
