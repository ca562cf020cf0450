/** The dialogs the stub holds; `clear` is what `DELETE /_stub/state` does. */
import { randomUUID } from "node:crypto";
import type { JsonObject } from "./json.js";

export interface DialogRecord {
  id: string;
  /**
   * The dialog as the service owner wrote it: the create body with its `id`, every patch and update applied, and the
   * `activities` and `transmissions` lists as received (each with its id). Server-side facts live beside it.
   */
  document: JsonObject;
  /** The creating service owner's organisation code (`org` in responses). */
  org: string | null;
  revision: string;
  createdAt: string;
  updatedAt: string;
  contentUpdatedAt: string;
  deletedAt: string | null;
  purgedAt: string | null;
  /** When each activity and transmission arrived, for those whose body gave no createdAt. */
  receivedAt: Map<string, string>;
}

export class DialogStore {
  /** Insertion order is creation order, which the recording relies on; purged dialogs stay here, marked. */
  private readonly dialogs = new Map<string, DialogRecord>();
  private readonly dialogIdByIdempotentKey = new Map<string, string>();

  get(dialogId: string): DialogRecord | undefined {
    return this.dialogs.get(dialogId.toLowerCase());
  }

  add(record: DialogRecord, idempotentKey: string | undefined): void {
    this.dialogs.set(record.id.toLowerCase(), record);
    if (idempotentKey !== undefined) this.dialogIdByIdempotentKey.set(idempotencyScope(record.org, idempotentKey), record.id);
  }

  /** Idempotent keys are unique per service owner, as in Dialogporten. */
  dialogIdForIdempotentKey(org: string | null, idempotentKey: string): string | undefined {
    return this.dialogIdByIdempotentKey.get(idempotencyScope(org, idempotentKey));
  }

  all(): DialogRecord[] {
    return [...this.dialogs.values()];
  }

  clear(): void {
    this.dialogs.clear();
    this.dialogIdByIdempotentKey.clear();
  }
}

/** Every accepted change gives the dialog a new revision; a silent update leaves the end-user-visible timestamps alone. */
export function recordChange(record: DialogRecord, options: { silent: boolean; contentChanged?: boolean }): void {
  record.revision = randomUUID();
  if (options.silent) return;
  const now = new Date().toISOString();
  record.updatedAt = now;
  if (options.contentChanged) record.contentUpdatedAt = now;
}

function idempotencyScope(org: string | null, idempotentKey: string): string {
  return `${org ?? ""}\n${idempotentKey}`;
}
