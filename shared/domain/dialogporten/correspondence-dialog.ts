/**
 * The Dialogporten dialogue that mirrors a correspondence (dialogporten.md §2), as a pure function of the
 * correspondence, this API's public base URL and the time. The id is deterministic, so creating it again — a retried
 * message, the publish step racing the create-dialogue step — re-posts the same dialogue, which Dialogporten answers
 * with "already exists".
 */
import { externalReference, type Correspondence } from "../correspondence/correspondence.js";
import { hasEverBeen } from "../correspondence/status.js";
import { resourceUrnPrefix } from "../identifiers.js";
import type { ApiAction, CreateDialogRequest, GuiAction, Localization } from "../ports/dialogporten.js";
import { deterministicUuidV7, uuidV7Timestamp } from "./deterministic-uuid.js";
import { plainTextSummary } from "./plain-text-summary.js";

/** How far in the future a timestamp may lie before the dialogue id clamps it to now (dialogporten.md §2). */
const maximumFutureSkewMs = 15_000;
/** `visibleFrom` is only set for a publish time at least this far ahead. */
const visibleFromMinimumLeadMs = 60_000;

export const mainContentMediaType = "application/vnd.dialogporten.frontchannelembed+json;type=markdown";

/** The dialogue id of a correspondence: UUIDv7 from its own v7 timestamp, else from `created`. */
export function dialogIdFor(correspondence: Pick<Correspondence, "id" | "created">, now: Date): string {
  const timestamp = uuidV7Timestamp(correspondence.id) ?? Date.parse(correspondence.created);
  const clamped = timestamp > now.getTime() + maximumFutureSkewMs ? now.getTime() : timestamp;
  return deterministicUuidV7(correspondence.id, clamped);
}

export function correspondenceUrl(baseUrl: string, correspondenceId: string, suffix = ""): string {
  return `${baseUrl}/correspondence/api/v1/correspondence/${correspondenceId}${suffix}`;
}

function titles(nb: string, nn: string, en: string): Localization[] {
  return [
    { value: nb, languageCode: "nb" },
    { value: nn, languageCode: "nn" },
    { value: en, languageCode: "en" },
  ];
}

function isConfirmationPending(correspondence: Correspondence): boolean {
  return correspondence.isConfirmationNeeded && !hasEverBeen(correspondence.statusHistory, "Confirmed");
}

function guiActions(correspondence: Correspondence, baseUrl: string): GuiAction[] {
  const actions: GuiAction[] = [];
  // More than three reply options are appended to the message body by the overview instead.
  if (correspondence.replyOptions.length >= 1 && correspondence.replyOptions.length <= 3) {
    for (const option of correspondence.replyOptions) {
      const text = option.linkText?.trim() ? option.linkText : undefined;
      actions.push({
        action: "read",
        url: option.linkURL,
        httpMethod: "GET",
        priority: "Tertiary",
        isDeleteDialogAction: false,
        title: titles(text ?? "Gå til tjeneste", text ?? "Gå til teneste", text ?? "Go to service"),
      });
    }
  }
  if (isConfirmationPending(correspondence)) {
    actions.push({
      action: "read",
      url: correspondenceUrl(baseUrl, correspondence.id, "/confirm"),
      httpMethod: "POST",
      priority: "Primary",
      isDeleteDialogAction: false,
      title: titles("Bekreft", "Bekreft", "Confirm"),
    });
  }
  actions.push({
    action: "read",
    url: correspondenceUrl(baseUrl, correspondence.id, "/purge"),
    httpMethod: "DELETE",
    priority: "Tertiary",
    isDeleteDialogAction: true,
    title: titles("Slett", "Slett", "Purge"),
  });
  return actions;
}

function apiActions(correspondence: Correspondence, baseUrl: string): ApiAction[] {
  const endpoint = (url: string, httpMethod: "GET" | "POST" | "DELETE") => [{ url, httpMethod, deprecated: false }];
  const actions: ApiAction[] = [
    { action: "read", name: "getCorrespondence", endpoints: endpoint(correspondenceUrl(baseUrl, correspondence.id), "GET") },
    {
      action: "write",
      name: "purgeCorrespondence",
      endpoints: endpoint(correspondenceUrl(baseUrl, correspondence.id, "/purge"), "DELETE"),
    },
  ];
  if (correspondence.isConfirmationNeeded) {
    actions.push({
      action: "write",
      name: "confirmCorrespondence",
      endpoints: endpoint(correspondenceUrl(baseUrl, correspondence.id, "/confirm"), "POST"),
    });
  }
  for (const attachmentId of correspondence.attachmentIds) {
    actions.push({
      action: "read",
      name: "downloadCorrespondenceAttachment",
      endpoints: endpoint(correspondenceUrl(baseUrl, correspondence.id, `/attachment/${attachmentId}/download`), "GET"),
    });
  }
  return actions;
}

/** `propertyList` values as search tags: trimmed, at least 3 characters, cut to 63, distinct. */
function searchTags(correspondence: Correspondence): Array<{ value: string }> {
  const values = Object.values(correspondence.propertyList)
    .map((value) => value.trim())
    .filter((value) => value.length >= 3)
    .map((value) => value.slice(0, 63));
  return [...new Set(values)].map((value) => ({ value }));
}

function firstPublished(correspondence: Correspondence): string | undefined {
  return correspondence.statusHistory.find((entry) => entry.status === "Published")?.statusChanged;
}

function earliest(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

export function dialogForCorrespondence(correspondence: Correspondence, baseUrl: string, now: Date): CreateDialogRequest {
  const { content } = correspondence;
  const language = content.language;
  const text = (value: string) => ({ mediaType: "text/plain", value: [{ value, languageCode: language }] });
  const published = firstPublished(correspondence);
  const summary = plainTextSummary(content.messageSummary);
  const publishAt = Date.parse(correspondence.requestedPublishTime);
  return {
    id: dialogIdFor(correspondence, now),
    serviceResource: `${resourceUrnPrefix}${correspondence.resourceId}`,
    party: correspondence.recipient,
    createdAt: published ? earliest(correspondence.created, published) : correspondence.created,
    updatedAt: published ? earliest(published, now.toISOString()) : null,
    visibleFrom: publishAt >= now.getTime() + visibleFromMinimumLeadMs ? correspondence.requestedPublishTime : null,
    process: externalReference(correspondence, "DialogportenProcessId") ?? null,
    dueAt: correspondence.dueDateTime,
    status: isConfirmationPending(correspondence) ? "RequiresAttention" : "NotApplicable",
    externalReference: correspondence.sendersReference,
    systemLabel: "Default",
    content: {
      title: text(content.messageTitle),
      summary: summary.trim() ? text(summary) : null,
      senderName: correspondence.messageSender.trim() ? text(correspondence.messageSender) : null,
      mainContentReference: {
        mediaType: mainContentMediaType,
        value: [{ languageCode: language, value: correspondenceUrl(baseUrl, correspondence.id, "/content") }],
      },
    },
    searchTags: searchTags(correspondence),
    serviceOwnerContext: { serviceOwnerLabels: [{ value: `urn:altinn:correspondence-id:${correspondence.id}` }] },
    apiActions: apiActions(correspondence, baseUrl),
    guiActions: guiActions(correspondence, baseUrl),
    // Attachment entries (with their names, media types and expiry) come with the attachments feature.
    attachments: [],
    activities: [],
    transmissions: [],
  };
}
