/**
 * Applies one `dialogporten-sync` message to Dialogporten. Idempotent: it reads the dialogue first and only does what
 * is still missing, and every activity has a deterministic id (a repeat that races past the read is "already exists",
 * which the port counts as success). A dialogue that does not exist — never created, or hard-deleted after a failed
 * publish — needs nothing, so the message is done. A Dialogporten failure throws: the delivery policy
 * retries the message later, and parks it after the last attempt (docs/messaging.md).
 *
 * Why the DialogDeleted activity goes BEFORE the soft delete (lifecycle.md §4.3 step 6 says delete, then the activity):
 * Dialogporten refuses any change to a soft-deleted dialogue, activities included, with 410 Gone — unless the caller
 * holds the service-owner admin scope `digdir:dialogporten.serviceprovider.admin` (Altinn/dialogporten,
 * `CreateActivityCommand`: `if (dialog.Deleted && !IsCurrentUserServiceOwnerAdmin()) return EntityDeleted`). The real
 * Correspondence holds that scope; we ask only for `digdir:dialogporten.serviceprovider` (outbound-scopes.ts), so with
 * the spec's order the activity would be refused. Activity first, then delete, gives the same end state, and the
 * read-first check makes a retry of either step safe.
 */
import type { Dialog, Dialogporten } from "../../domain/ports/dialogporten.js";
import { toDialogActivity, type DialogportenSyncMessage, type SyncActivity } from "./sync-messages.js";

export type SyncOutcome =
  /** The activity was added (and, for a soft delete, the dialogue deleted). */
  | "done"
  /** A repeat: everything the message asks for is already on the dialogue. */
  | "alreadyDone"
  /** No such dialogue (never created, or purged): nothing to do. */
  | "dialogMissing"
  /** Soft-deleted by someone else before the activity got there; Dialogporten refuses it now (410), so it is left out. */
  | "dialogDeletedWithoutActivity";

export class SyncDialogporten {
  constructor(private readonly dialogporten: Pick<Dialogporten, "getDialog" | "createActivity" | "deleteDialog">) {}

  async execute(message: DialogportenSyncMessage): Promise<SyncOutcome> {
    const fetched = await this.dialogporten.getDialog(message.dialogId);
    if (!fetched) return "dialogMissing";
    const { dialog } = fetched;
    const activityThere = hasActivity(dialog, message.activity.id);
    const deleted = isSoftDeleted(dialog);

    if (message.kind === "activity") {
      if (activityThere) return "alreadyDone";
      if (deleted) return "dialogDeletedWithoutActivity";
      await this.addActivity(message.dialogId, message.activity);
      return "done";
    }

    if (deleted) return activityThere ? "alreadyDone" : "dialogDeletedWithoutActivity";
    if (!activityThere) await this.addActivity(message.dialogId, message.activity);
    const result = await this.dialogporten.deleteDialog(message.dialogId);
    return result.kind === "notFound" ? "dialogMissing" : "done";
  }

  /** Silently (dialogporten.md §5): the dialogue must not look updated to its owner because of our bookkeeping. */
  private async addActivity(dialogId: string, activity: SyncActivity): Promise<void> {
    await this.dialogporten.createActivity(dialogId, toDialogActivity(activity), { silent: true });
  }
}

function hasActivity(dialog: Dialog, activityId: string): boolean {
  // Dialogporten's entries pass through unchecked (dialogporten-client.ts), so the id is tested, not trusted.
  return dialog.activities.some(
    (activity) => typeof activity.id === "string" && activity.id.toLowerCase() === activityId.toLowerCase(),
  );
}

function isSoftDeleted(dialog: Dialog): boolean {
  return typeof dialog.deletedAt === "string" && dialog.deletedAt.length > 0;
}
