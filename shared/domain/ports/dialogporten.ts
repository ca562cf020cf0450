/**
 * Dialogporten's service-owner API (external-apis.md §A, dialogporten.md): Correspondence mirrors every
 * correspondence as a dialog. The bodies are plain interfaces shaped like Dialogporten's own JSON, so the adapter sends
 * them as they are. Every mutating call is safe to repeat: caller-chosen ids make creates idempotent and the port
 * reports "already there" / "already gone" as success.
 */

export type LanguageCode = "nb" | "nn" | "en" | (string & {});

export interface Localization {
  value: string;
  languageCode: LanguageCode;
}

export interface ContentValue {
  value: Localization[];
  mediaType: string;
}

export type DialogStatus =
  | "New"
  | "InProgress"
  | "Draft"
  | "Sent"
  | "RequiresAttention"
  | "Completed"
  | "NotApplicable"
  | "Awaiting";

export type SystemLabel = "Default" | "Bin" | "Archive" | "MarkedAsUnopened" | "Sent";

export interface DialogContent {
  title: ContentValue;
  summary?: ContentValue | null;
  senderName?: ContentValue | null;
  additionalInfo?: ContentValue | null;
  extendedStatus?: ContentValue | null;
  nonSensitiveTitle?: ContentValue | null;
  nonSensitiveSummary?: ContentValue | null;
  mainContentReference?: ContentValue | null;
}

export interface AttachmentUrl {
  id?: string;
  url: string;
  mediaType?: string | null;
  consumerType: "Gui" | "Api";
}

export interface DialogAttachment {
  id?: string;
  displayName: Localization[];
  name?: string | null;
  expiresAt?: string | null;
  urls: AttachmentUrl[];
}

export interface GuiAction {
  id?: string;
  action: string;
  url: string;
  authorizationAttribute?: string | null;
  isDeleteDialogAction: boolean;
  httpMethod?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | null;
  priority: "Primary" | "Secondary" | "Tertiary";
  title: Localization[];
  prompt?: Localization[] | null;
}

export interface ApiActionEndpoint {
  id?: string;
  version?: string | null;
  url: string;
  httpMethod: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  documentationUrl?: string | null;
  requestSchema?: string | null;
  responseSchema?: string | null;
  deprecated: boolean;
  sunsetAt?: string | null;
}

export interface ApiAction {
  id?: string;
  action: string;
  authorizationAttribute?: string | null;
  name?: string | null;
  endpoints: ApiActionEndpoint[];
}

export interface Actor {
  actorType: "PartyRepresentative" | "ServiceOwner";
  /** A national identity number or organisation number, as a URN. */
  actorId?: string | null;
  actorName?: string | null;
}

export type DialogActivityType =
  | "DialogCreated"
  | "DialogClosed"
  | "Information"
  | "TransmissionOpened"
  | "PaymentMade"
  | "SignatureProvided"
  | "DialogOpened"
  | "DialogDeleted"
  | "DialogRestored"
  | "SentToSigning"
  | "SentToFormFill"
  | "SentToSendIn"
  | "SentToPayment"
  | "FormSubmitted"
  | "FormSaved"
  | "CorrespondenceOpened"
  | "CorrespondenceConfirmed";

export interface DialogActivity {
  /** UUIDv7 chosen by the caller: posting the same id twice adds the activity once. */
  id: string;
  createdAt?: string | null;
  extendedType?: string | null;
  type: DialogActivityType;
  transmissionId?: string | null;
  performedBy: Actor;
  /** Only for `Information` activities (nb, nn, en); empty otherwise. */
  description: Localization[];
}

export type TransmissionType =
  | "Information"
  | "Acceptance"
  | "Rejection"
  | "Request"
  | "Alert"
  | "Decision"
  | "Submission"
  | "Correction";

export interface DialogTransmission {
  /** UUIDv7 chosen by the caller, for idempotency. */
  id: string;
  idempotentKey?: string | null;
  createdAt?: string | null;
  authorizationAttribute?: string | null;
  isAuthorized?: boolean;
  extendedType?: string | null;
  externalReference?: string | null;
  relatedTransmissionId?: string | null;
  type: TransmissionType;
  sender: Actor;
  content: {
    title: ContentValue;
    summary?: ContentValue | null;
    contentReference?: ContentValue | null;
  };
  attachments?: DialogAttachment[];
  navigationalActions?: Array<{ title: Localization[]; url: string; expiresAt?: string | null }>;
}

export interface CreateDialogRequest {
  /** Deterministic UUIDv7 (dialogporten.md §2): re-creating the same dialog is a no-op. */
  id: string;
  idempotentKey?: string | null;
  /** `urn:altinn:resource:{resourceId}`. */
  serviceResource: string;
  /** The recipient URN. */
  party: string;
  status?: DialogStatus | null;
  extendedStatus?: string | null;
  externalReference?: string | null;
  progress?: number | null;
  visibleFrom?: string | null;
  dueAt?: string | null;
  expiresAt?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  process?: string | null;
  precedingProcess?: string | null;
  isApiOnly?: boolean;
  systemLabel?: SystemLabel | null;
  searchTags?: Array<{ value: string }>;
  serviceOwnerContext?: { serviceOwnerLabels: Array<{ value: string }> } | null;
  content: DialogContent;
  attachments?: DialogAttachment[];
  guiActions?: GuiAction[];
  apiActions?: ApiAction[];
  transmissions?: DialogTransmission[];
  activities?: DialogActivity[];
}

/** A dialog as the service-owner GET returns it; only the members Correspondence reads are typed closely. */
export interface Dialog {
  id: string;
  revision: string;
  serviceResource: string;
  party: string;
  status: DialogStatus | string;
  systemLabel?: SystemLabel | string | null;
  visibleFrom?: string | null;
  deletedAt?: string | null;
  guiActions: GuiAction[];
  apiActions: ApiAction[];
  attachments: DialogAttachment[];
  activities: DialogActivity[];
  transmissions: DialogTransmission[];
  /** Everything else Dialogporten returns, untouched. */
  [member: string]: unknown;
}

export interface FetchedDialog {
  dialog: Dialog;
  /** The `ETag` (= revision) to pass as `ifMatch` to make a following change conditional. */
  etag: string;
}

/** RFC 6902 JSON Patch operations, as Dialogporten accepts them. */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

export interface ChangeOptions {
  /** The revision the change was computed from; a stale one makes the change `conflict` instead of applying it. */
  ifMatch?: string;
  /** `isSilentUpdate=true`: the change does not make the dialog look updated to the end user. */
  silent: boolean;
}

export type PatchDialogResult = { kind: "patched"; etag?: string } | { kind: "conflict" } | { kind: "gone" };

export type DeleteDialogResult =
  /** The dialog is (now) soft-deleted, including when it already was (410). */
  | { kind: "deleted" }
  /** No such dialog (404). */
  | { kind: "notFound" };

export interface Dialogporten {
  /** Creates the dialog; "already exists" (422) counts as success. Returns the dialog id. */
  createDialog(request: CreateDialogRequest): Promise<string>;
  /** Undefined when there is no such dialog (404, also once purged); a soft-deleted dialog comes back with `deletedAt`. */
  getDialog(dialogId: string): Promise<FetchedDialog | undefined>;
  patchDialog(dialogId: string, operations: readonly JsonPatchOperation[], options: ChangeOptions): Promise<PatchDialogResult>;
  /** Soft delete (restorable). */
  deleteDialog(dialogId: string): Promise<DeleteDialogResult>;
  /** Hard delete; a dialog that is already gone (404) counts as purged. */
  purgeDialog(dialogId: string): Promise<void>;
  /** Adds the activity (silently); the same id posted again is a no-op. Returns the activity id. */
  createActivity(dialogId: string, activity: DialogActivity, options?: { silent?: boolean }): Promise<string>;
  /** Adds the transmission; the same id posted again is a no-op. Returns the transmission id. */
  createTransmission(dialogId: string, transmission: DialogTransmission): Promise<string>;
}
