/**
 * `POST /correspondence` (JSON): the parser that turns a body into the clean request the use case receives (or
 * ASP.NET's STD-00000 400), and the response `InitializeCorrespondencesResponseExt`. The request schema is in
 * initialize-correspondences-schema.ts, the clean request in initialize-correspondences-request.ts.
 */
import type { InvocationContext } from "@azure/functions";
import { z } from "zod";
import { namedWireSchema } from "../openapi/schema-registry.js";
import { correspondenceStatusSchema } from "./enums.js";
import {
  toInitializeCorrespondencesRequest,
  type InitializeCorrespondencesRequest,
} from "./initialize-correspondences-request.js";
import { initializeCorrespondencesSchema } from "./initialize-correspondences-schema.js";
import { parseWireBody, parseWireJson, type WireParseResult } from "./parse-wire-body.js";

export { initializeCorrespondencesSchema } from "./initialize-correspondences-schema.js";
export type {
  InitializeAttachmentMetadata,
  InitializeCorrespondencesRequest,
} from "./initialize-correspondences-request.js";
export type { InitializeNotificationRequest } from "./initialize-notification.js";

const binding = {
  /** The controller action's parameter, reported as missing whenever the body cannot be read. */
  parameterName: "request",
  modelTypeName: "Altinn.Correspondence.API.Models.InitializeCorrespondencesExt",
  map: toInitializeCorrespondencesRequest,
};

/**
 * Reads an already JSON-parsed body (`undefined` = no body) the way ASP.NET binds `InitializeCorrespondencesExt`. On
 * failure `response` is the STD-00000 400, its trace id from `context` when given.
 */
export function parseInitializeCorrespondencesRequest(
  body: unknown,
  context?: InvocationContext,
): WireParseResult<InitializeCorrespondencesRequest> {
  return parseWireBody(initializeCorrespondencesSchema, body, { ...binding, context });
}

/** The same from the raw body text (`await request.text()`): an empty body and JSON syntax errors are 400s too. */
export function parseInitializeCorrespondencesJson(
  text: string,
  context?: InvocationContext,
): WireParseResult<InitializeCorrespondencesRequest> {
  return parseWireJson(initializeCorrespondencesSchema, text, { ...binding, context });
}

// ---------------------------------------------------------------------------------------------------------------
// Response

export const initializedCorrespondenceSchema = namedWireSchema(
  z.object({
    correspondenceId: z.string(),
    status: correspondenceStatusSchema,
    recipient: z.string(),
    /** Always null in this API version. */
    notifications: z.null(),
  }),
  "InitializedCorrespondencesExt",
  "response",
);

export const initializeCorrespondencesResponseSchema = namedWireSchema(
  z.object({
    correspondences: z.array(initializedCorrespondenceSchema),
    attachmentIds: z.array(z.string()),
  }),
  "InitializeCorrespondencesResponseExt",
  "response",
);

export type InitializeCorrespondencesResponse = z.output<typeof initializeCorrespondencesResponseSchema>;
