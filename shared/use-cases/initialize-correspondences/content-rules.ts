/**
 * The request rules of api.md §4.1 that need no lookup, each returning the first failing catalogue error in the
 * order the validation order lists them (or undefined).
 */
import type { ApplicationError } from "../../domain/application-error.js";
import type { ExternalReference, ReplyOption } from "../../domain/correspondence/correspondence.js";
import { isUuid } from "../../domain/dialogporten/deterministic-uuid.js";
import { applicationError } from "../../domain/error-catalogue.js";
import type { InitializeCorrespondencesCommand } from "./initialize-command.js";

/** The plain-text and markdown checks of api.md §4.1 (implemented with the wire rules, injected here). */
export interface TextFormatRules {
  isPlainText(text: string): boolean;
  isMarkdown(text: string): boolean;
}

export const supportedLanguages: ReadonlySet<string> = new Set(["nb", "nn", "en"]);
const maximumTitleLength = 255;
const maximumSummaryLength = 255;
const maximumBodyLength = 30_000;
const maximumReplyOptionUrlLength = 255;
export const maximumAttachmentsPerCorrespondence = 100;

/** 1008 / 1009: the due date lies ahead, and not before the publish time. */
export function checkDates(dueDateTime: string | null, requestedPublishTime: string, now: Date): ApplicationError | undefined {
  if (dueDateTime === null) return undefined;
  const due = Date.parse(dueDateTime);
  if (due < now.getTime()) return applicationError(1008);
  if (due < Date.parse(requestedPublishTime)) return applicationError(1009);
  return undefined;
}

/** 1020, 1002, 1037, 1042, 1003, 1021, 1022, 1023 — in that order. */
export function checkContent(
  content: InitializeCorrespondencesCommand["correspondence"]["content"],
  text: TextFormatRules,
): ApplicationError | undefined {
  if (!content.messageTitle.trim()) return applicationError(1020);
  if (!text.isPlainText(content.messageTitle)) return applicationError(1002);
  if (content.messageTitle.length > maximumTitleLength) return applicationError(1037);
  if (content.messageSummary.length > maximumSummaryLength) return applicationError(1042);
  if (!text.isMarkdown(content.messageBody)) return applicationError(1003);
  if (!content.messageBody.trim()) return applicationError(1021);
  if (content.messageBody.length > maximumBodyLength) return applicationError(1022);
  if (!supportedLanguages.has(content.language.toLowerCase())) return applicationError(1023);
  return undefined;
}

/** 1039: a message sender, when given, is plain text. */
export function checkMessageSender(messageSender: string, text: TextFormatRules): ApplicationError | undefined {
  return messageSender && !text.isPlainText(messageSender) ? applicationError(1039) : undefined;
}

/** 1052 / 1053: at most one transmission type, and only together with a dialogue id. */
export function checkExternalReferences(references: readonly ExternalReference[]): ApplicationError | undefined {
  const transmissionTypes = references.filter((reference) => reference.referenceType === "DialogportenTransmissionType");
  if (transmissionTypes.length > 1) return applicationError(1052);
  const hasDialogId = references.some((reference) => reference.referenceType === "DialogportenDialogId");
  if (transmissionTypes.length === 1 && !hasDialogId) return applicationError(1053);
  return undefined;
}

/** 1048: every DialogportenDialogId reference is a non-empty GUID. The first such reference is the dialogue. */
export function transmissionDialogId(
  references: readonly ExternalReference[],
): { ok: true; dialogId: string | undefined } | { ok: false; error: ApplicationError } {
  const dialogIds = references.filter((reference) => reference.referenceType === "DialogportenDialogId");
  for (const reference of dialogIds) {
    const value = reference.referenceValue.trim();
    if (!isUuid(value) || /^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(value)) return { ok: false, error: applicationError(1048) };
  }
  return { ok: true, dialogId: dialogIds[0]?.referenceValue.trim().toLowerCase() };
}

/** 1035: each reply option is an absolute, well-formed https URI of at most 255 characters. */
export function checkReplyOptions(replyOptions: readonly ReplyOption[]): ApplicationError | undefined {
  for (const option of replyOptions) {
    const url = option.linkURL;
    if (url.length > maximumReplyOptionUrlLength || !url.startsWith("https://") || !isWellFormedAbsoluteUri(url)) {
      return applicationError(1035);
    }
  }
  return undefined;
}

function isWellFormedAbsoluteUri(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const parsed = new URL(value);
    return parsed.hostname.length > 0;
  } catch {
    return false;
  }
}
