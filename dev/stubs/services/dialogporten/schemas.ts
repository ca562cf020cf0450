/**
 * The service-owner request bodies (CreateDialog, activities, transmissions, JSON Patch), validated the way Dialogporten
 * does before it touches anything; failures become 400 ProblemDetails. Optional members also accept null, since callers
 * serialise absent values as null. The stub validates only: it stores what it received.
 */
import { z } from "zod";
import { isUuidV7 } from "./uuid.js";

const dateTime = z.iso.datetime({ offset: true, message: "Must be an ISO 8601 date-time with a time zone." });
const uuidV7 = z.string().refine(isUuidV7, "Must be a valid UUIDv7.");

const localization = z.object({
  value: z.string().min(1, "Value cannot be empty."),
  languageCode: z.string().regex(/^[a-z]{2}$/i, "LanguageCode must be an ISO 639-1 code, such as nb, nn or en."),
});
const localizations = z.array(localization).min(1, "At least one localization is required.");
const contentValue = z.object({ value: localizations, mediaType: z.string().nullish() });

export const actorSchema = z.object({
  actorType: z.enum(["PartyRepresentative", "ServiceOwner"]),
  actorId: z.string().nullish(),
  actorName: z.string().nullish(),
});

const attachmentSchema = z.object({
  id: z.guid().nullish(),
  displayName: localizations,
  name: z.string().nullish(),
  expiresAt: dateTime.nullish(),
  urls: z
    .array(z.object({ id: z.guid().nullish(), url: z.string().min(1), mediaType: z.string().nullish(), consumerType: z.enum(["Gui", "Api"]) }))
    .min(1, "An attachment needs at least one URL."),
});

const httpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]);

const guiActionSchema = z.object({
  id: z.guid().nullish(),
  action: z.string().min(1),
  url: z.string().min(1),
  authorizationAttribute: z.string().nullish(),
  isDeleteDialogAction: z.boolean().nullish(),
  httpMethod: httpMethod.nullish(),
  priority: z.enum(["Primary", "Secondary", "Tertiary"]),
  title: localizations,
  prompt: z.array(localization).nullish(),
});

const apiActionSchema = z.object({
  id: z.guid().nullish(),
  action: z.string().min(1),
  authorizationAttribute: z.string().nullish(),
  name: z.string().nullish(),
  endpoints: z
    .array(
      z.object({
        id: z.guid().nullish(),
        version: z.string().nullish(),
        url: z.string().min(1),
        httpMethod,
        documentationUrl: z.string().nullish(),
        requestSchema: z.string().nullish(),
        responseSchema: z.string().nullish(),
        deprecated: z.boolean().nullish(),
        sunsetAt: dateTime.nullish(),
      }),
    )
    .min(1, "An API action needs at least one endpoint."),
});

export const activityTypes = [
  "DialogCreated",
  "DialogClosed",
  "Information",
  "TransmissionOpened",
  "PaymentMade",
  "SignatureProvided",
  "DialogOpened",
  "DialogDeleted",
  "DialogRestored",
  "SentToSigning",
  "SentToFormFill",
  "SentToSendIn",
  "SentToPayment",
  "FormSubmitted",
  "FormSaved",
  "CorrespondenceOpened",
  "CorrespondenceConfirmed",
] as const;

export const activitySchema = z
  .object({
    id: uuidV7.nullish(),
    createdAt: dateTime.nullish(),
    extendedType: z.string().nullish(),
    type: z.enum(activityTypes),
    transmissionId: z.guid().nullish(),
    performedBy: actorSchema,
    description: z.array(localization).nullish(),
  })
  .superRefine((activity, context) => {
    const described = (activity.description?.length ?? 0) > 0;
    // Dialogporten only lets Information activities carry free text; every other type is described by the type itself.
    if (activity.type === "Information" && !described) {
      context.addIssue({ code: "custom", path: ["description"], message: "Description is required when Type is Information." });
    }
    if (activity.type !== "Information" && described) {
      context.addIssue({ code: "custom", path: ["description"], message: "Description is only allowed when Type is Information." });
    }
  });

export const transmissionSchema = z.object({
  id: uuidV7.nullish(),
  idempotentKey: z.string().min(1).nullish(),
  createdAt: dateTime.nullish(),
  authorizationAttribute: z.string().nullish(),
  isAuthorized: z.boolean().nullish(),
  extendedType: z.string().nullish(),
  externalReference: z.string().nullish(),
  relatedTransmissionId: z.guid().nullish(),
  type: z.enum(["Information", "Acceptance", "Rejection", "Request", "Alert", "Decision", "Submission", "Correction"]),
  sender: actorSchema,
  content: z.object({ title: contentValue, summary: contentValue.nullish(), contentReference: contentValue.nullish() }),
  attachments: z.array(attachmentSchema).nullish(),
  navigationalActions: z
    .array(z.object({ title: localizations, url: z.string().min(1), expiresAt: dateTime.nullish() }))
    .nullish(),
});

const partyUrn = z
  .string()
  .regex(
    /^urn:altinn:(person:identifier-no:\d{11}|organization:identifier-no:\d{9}|person:idporten-email:.+|person:legacy-selfidentified:.+|party-identifier:username:.+)$/i,
    "Party must be a person, organization or self-identified user URN.",
  );

/** CreateDialog; PUT (UpdateDialog) and the result of a PATCH are checked against it too. */
export const dialogSchema = z
  .object({
    id: uuidV7.nullish(),
    idempotentKey: z.string().min(1).max(36).nullish(),
    serviceResource: z.string().regex(/^urn:altinn:resource:.+$/, "ServiceResource must be an urn:altinn:resource URN."),
    party: partyUrn,
    status: z.enum(["New", "InProgress", "Draft", "Sent", "RequiresAttention", "Completed", "NotApplicable", "Awaiting"]).nullish(),
    extendedStatus: z.string().nullish(),
    externalReference: z.string().nullish(),
    progress: z.number().int().min(1).max(100).nullish(),
    visibleFrom: dateTime.nullish(),
    dueAt: dateTime.nullish(),
    expiresAt: dateTime.nullish(),
    createdAt: dateTime.nullish(),
    updatedAt: dateTime.nullish(),
    process: z.string().nullish(),
    precedingProcess: z.string().nullish(),
    isApiOnly: z.boolean().nullish(),
    systemLabel: z.enum(["Default", "Bin", "Archive", "MarkedAsUnopened", "Sent"]).nullish(),
    searchTags: z.array(z.object({ value: z.string().min(3).max(63) })).nullish(),
    serviceOwnerContext: z.object({ serviceOwnerLabels: z.array(z.object({ value: z.string().min(1) })).nullish() }).nullish(),
    content: z.object({
      title: contentValue,
      summary: contentValue.nullish(),
      senderName: contentValue.nullish(),
      additionalInfo: contentValue.nullish(),
      extendedStatus: contentValue.nullish(),
      nonSensitiveTitle: contentValue.nullish(),
      nonSensitiveSummary: contentValue.nullish(),
      mainContentReference: contentValue.nullish(),
    }),
    attachments: z.array(attachmentSchema).nullish(),
    guiActions: z.array(guiActionSchema).nullish(),
    apiActions: z.array(apiActionSchema).nullish(),
    transmissions: z.array(transmissionSchema).nullish(),
    activities: z.array(activitySchema).nullish(),
  })
  .superRefine((dialog, context) => {
    if (dialog.precedingProcess != null && dialog.process == null) {
      context.addIssue({ code: "custom", path: ["precedingProcess"], message: "PrecedingProcess requires Process to be set." });
    }
  });

const pointer = z.string().refine((value) => value === "" || value.startsWith("/"), "Must be a JSON Pointer.");

export const jsonPatchSchema = z
  .array(
    z.discriminatedUnion("op", [
      // `value` may legitimately be null, so presence is checked rather than the value.
      z.object({ op: z.enum(["add", "replace", "test"]), path: pointer, value: z.unknown() }).refine((operation) => "value" in operation, "Value is required."),
      z.object({ op: z.literal("remove"), path: pointer }),
      z.object({ op: z.enum(["move", "copy"]), from: pointer, path: pointer }),
    ]),
  )
  .min(1, "The patch document must contain at least one operation.");
