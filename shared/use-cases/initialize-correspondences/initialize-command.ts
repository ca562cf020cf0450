/**
 * What POST /correspondence asks for, after the model-level rules: the wire parser in shared/http/wire/ produces the
 * request part of this shape (recipients canonical per api.md §1.1, the bare resource id, the language lower-cased with
 * blank → `nb`, a null summary as `""`, dates in UTC, enums as names, absent lists empty); the trigger adds the caller.
 */
import type { Caller } from "../../domain/caller.js";
import type { ExternalReference, ReplyOption } from "../../domain/correspondence/correspondence.js";

export type AttachmentDataLocationType = "NewCorrespondenceAttachment" | "ExistingCorrespondenceAttachment" | "ExistingExternalStorage";

/** Metadata of a new attachment in the request (the JSON variant cannot carry its file: 1005). */
export interface InitializeAttachmentMetadata {
  fileName: string | null;
  displayName: string | null;
  isEncrypted: boolean;
  checksum: string | null;
  sendersReference: string;
  expirationInDays: number | null;
  dataLocationType: AttachmentDataLocationType;
}

export interface InitializeCorrespondencesRequest {
  correspondence: {
    /** Bare resource id (`urn:altinn:resource:` stripped). */
    resourceId: string;
    sendersReference: string;
    /** `""` when absent. */
    messageSender: string;
    content: {
      /** Lower-cased; blank → `"nb"`. Anything else than nb/nn/en is the use case's 1023. */
      language: string;
      messageTitle: string;
      /** `null` → `""`. */
      messageSummary: string;
      messageBody: string;
      attachments: InitializeAttachmentMetadata[];
    };
    /** UTC ISO string, or null: the use case defaults it to now. */
    requestedPublishTime: string | null;
    dueDateTime: string | null;
    externalReferences: ExternalReference[];
    propertyList: Record<string, string>;
    replyOptions: ReplyOption[];
    /** Stored as received; validated by the notifications feature. */
    notification: object | null;
    ignoreReservation: boolean | null;
    isConfirmationNeeded: boolean;
    isConfidential: boolean;
    allowForwarding: boolean;
  };
  /** Canonical URNs (api.md §1.1) in request order; duplicates are kept for the use case's 1006. */
  recipients: string[];
  /** Lower-case GUIDs. */
  existingAttachments: string[];
  /** Lower-case GUID or null. */
  idempotentKey: string | null;
}

export interface InitializeCorrespondencesCommand extends InitializeCorrespondencesRequest {
  caller: Caller;
}

export interface InitializedCorrespondence {
  correspondenceId: string;
  status: "Initialized" | "ReadyForPublish" | "Reserved";
  recipient: string;
}

export interface InitializeCorrespondencesResult {
  correspondences: InitializedCorrespondence[];
  attachmentIds: string[];
}
