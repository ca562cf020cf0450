/**
 * The content a reader is shown (api.md §4.4): recipients always see it; a sender sees it only until the
 * correspondence has been published, afterwards an empty content object. More than three reply options do not fit
 * Dialogporten's GUI actions, so they are appended to the message body as text instead.
 */
import type { Correspondence, CorrespondenceContent, ReplyOption } from "../../domain/correspondence/correspondence.js";
import { currentStatus, type StatusEntry } from "../../domain/correspondence/status.js";
import type { CallerRole } from "./correspondence-access.js";
import { hasEverHadStatus } from "./correspondence-state.js";

/** What a sender gets after publish: the reference's empty content (its language is the literal "no"). */
export const withheldContent: CorrespondenceContent = {
  language: "no",
  messageTitle: "",
  messageSummary: "",
  messageBody: "",
};

const maxReplyOptionsAsActions = 3;

function replyOptionsLabel(language: string): string {
  if (language === "en") return "Reply options:";
  if (language === "nn") return "Svarval:";
  return "Svarvalg:";
}

/** `"{linkText}: {linkURL}"`; a missing link text is written as empty, as the reference's interpolation does. */
function replyOptionLine(option: ReplyOption): string {
  return `${option.linkText ?? ""}: ${option.linkURL}`;
}

export function bodyWithReplyOptions(content: CorrespondenceContent, replyOptions: readonly ReplyOption[]): string {
  if (replyOptions.length <= maxReplyOptionsAsActions) return content.messageBody;
  const lines = replyOptions.map(replyOptionLine).join("\n");
  return `${content.messageBody}\n\n${replyOptionsLabel(content.language)}\n${lines}`;
}

/** Whether the caller's view carries the content at all (attachments follow the same rule). */
export function showsContent(correspondence: Correspondence, role: CallerRole): boolean {
  return role === "recipient" || !hasEverHadStatus(correspondence, "Published");
}

export function contentFor(correspondence: Correspondence, role: CallerRole): CorrespondenceContent {
  if (!showsContent(correspondence, role)) return withheldContent;
  const messageBody = bodyWithReplyOptions(correspondence.content, correspondence.replyOptions);
  return { ...correspondence.content, messageBody };
}

/** What overview and details both answer about a correspondence, for this reader. */
export interface ReaderView {
  correspondence: Correspondence;
  /** What this caller may see: withheld for a sender after publish; reply options beyond three appended to the body. */
  content: CorrespondenceContent;
  /** False when the content is withheld (attachments are withheld with it). */
  contentShown: boolean;
  /** The current status (highest ordinal, Fetched excluded). */
  status: StatusEntry;
  /** When it was first Read, else null. */
  firstRead: string | null;
  role: CallerRole;
}

export function readerView(correspondence: Correspondence, role: CallerRole): ReaderView {
  return {
    correspondence,
    content: contentFor(correspondence, role),
    contentShown: showsContent(correspondence, role),
    status: currentStatus(correspondence.statusHistory),
    firstRead: correspondence.statusHistory.find((entry) => entry.status === "Read")?.statusChanged ?? null,
    role,
  };
}
