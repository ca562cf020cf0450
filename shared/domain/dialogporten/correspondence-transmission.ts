/**
 * A correspondence sent into an existing dialogue becomes a transmission of that dialogue (dialogporten.md §3),
 * posted at publish time. Its id is deterministic, so posting it again is "already exists", never a second one.
 */
import { externalReference, type Correspondence } from "../correspondence/correspondence.js";
import { resourceUrnPrefix } from "../identifiers.js";
import type { DialogTransmission, TransmissionType } from "../ports/dialogporten.js";
import { correspondenceUrl, dialogIdFor } from "./correspondence-dialog.js";
import { deterministicUuidV7, uuidV5 } from "./deterministic-uuid.js";
import { plainTextSummary } from "./plain-text-summary.js";

export const transmissionContentMediaType = "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown";

const transmissionTypes: readonly TransmissionType[] = [
  "Information",
  "Acceptance",
  "Rejection",
  "Request",
  "Alert",
  "Decision",
  "Submission",
  "Correction",
];

/** The `DialogportenTransmissionType` reference (a name in any case, or 1–8); Information when there is none. */
export function transmissionTypeOf(correspondence: Correspondence): TransmissionType {
  const value = externalReference(correspondence, "DialogportenTransmissionType")?.trim() ?? "";
  const byNumber = /^\d+$/.test(value) ? transmissionTypes[Number(value) - 1] : undefined;
  const byName = transmissionTypes.find((type) => type.toLowerCase() === value.toLowerCase());
  return byNumber ?? byName ?? "Information";
}

/**
 * The dialogue a correspondence is a transmission of: a `DialogportenDialogId` reference that is not the dialogue
 * we create ourselves (whose id is deterministic), or undefined.
 */
export function transmissionDialogIdOf(correspondence: Correspondence, now: Date): string | undefined {
  const dialogId = externalReference(correspondence, "DialogportenDialogId")?.toLowerCase();
  return dialogId !== undefined && dialogId !== dialogIdFor(correspondence, now) ? dialogId : undefined;
}

export function transmissionForCorrespondence(correspondence: Correspondence, baseUrl: string): DialogTransmission {
  const { content } = correspondence;
  const text = (value: string) => ({ mediaType: "text/plain", value: [{ value, languageCode: content.language }] });
  const summary = plainTextSummary(content.messageSummary);
  return {
    id: deterministicUuidV7(uuidV5(correspondence.id, "DialogportenTransmission"), Date.parse(correspondence.created)),
    createdAt: correspondence.created,
    authorizationAttribute: `${resourceUrnPrefix}${correspondence.resourceId}`,
    isAuthorized: true,
    externalReference: correspondence.sendersReference,
    relatedTransmissionId: null,
    type: transmissionTypeOf(correspondence),
    sender: correspondence.messageSender.trim()
      ? { actorType: "PartyRepresentative", actorName: correspondence.messageSender }
      : { actorType: "ServiceOwner" },
    content: {
      title: text(content.messageTitle),
      summary: summary.trim() ? text(summary) : null,
      contentReference: {
        mediaType: transmissionContentMediaType,
        value: [{ value: correspondenceUrl(baseUrl, correspondence.id, "/content"), languageCode: content.language }],
      },
    },
    attachments: [],
  };
}
