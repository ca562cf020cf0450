/**
 * What POST /correspondence asks for, after the model-level rules (the wire parser in shared/http/wire/ produces a
 * value of this shape): normalised recipients, bare resource id, defaults applied except requestedPublishTime.
 */
import type { Caller } from "../../domain/caller.js";
import type { ExternalReference, ReplyOption } from "../../domain/correspondence/correspondence.js";

export interface InitializeCorrespondencesCommand {
  caller: Caller;
  correspondence: {
    resourceId: string;
    sendersReference: string;
    messageSender: string;
    content: {
      language: string;
      messageTitle: string;
      messageSummary: string;
      messageBody: string;
      /** Metadata of new attachments; the JSON variant cannot carry their files (1005). */
      attachments: readonly unknown[];
    };
    /** UTC ISO, or null for now. */
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
  /** Canonical recipient URNs in request order (duplicates kept: they are 1006). */
  recipients: string[];
  existingAttachments: string[];
  idempotentKey: string | null;
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
