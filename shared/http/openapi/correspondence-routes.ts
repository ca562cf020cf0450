/**
 * The descriptions of the correspondence endpoints of api.md §3–4 (routes, policies, schemas, error codes), ready
 * for the trigger files to hand to `describeRoute` next to their `app.http` registration:
 *
 *     describeRoute(correspondenceRoutes.markAsRead);
 *
 * Kept in one place so the route paths, the schemas and the documented codes stay in step with the spec; each entry
 * only refers to the zod schemas the handlers validate with.
 */
import { z } from "zod";
import {
  correspondenceDetailsSchema,
  correspondenceIdResponseSchema,
  correspondenceIdsSchema,
  correspondenceMarkdownSchema,
  correspondenceOverviewSchema,
} from "../wire/correspondence-responses.js";
import {
  initializeCorrespondencesResponseSchema,
  initializeCorrespondencesSchema,
} from "../wire/initialize-correspondences.js";
import { searchCorrespondencesQuerySchema } from "../wire/search-correspondences-query.js";
import type { RouteDescription } from "./route-registry.js";

export const correspondenceApiBase = "correspondence/api/v1/correspondence";

const correspondenceIdParams = z.object({
  correspondenceId: z.guid().describe("The correspondence id"),
});

const idResponse = { description: "The correspondence id, as a JSON string", schema: correspondenceIdResponseSchema };

export const correspondenceRoutes = {
  initialize: {
    method: "POST",
    path: correspondenceApiBase,
    summary: "Initialize correspondences: one per recipient, sharing content, attachments and settings",
    policy: "Sender",
    request: { body: initializeCorrespondencesSchema },
    responses: { 200: initializeCorrespondencesResponseSchema },
    validatesInput: true,
    errorCodes: [
      1002, 1003, 1005, 1006, 1007, 1008, 1009, 1016, 1017, 1018, 1019, 1020, 1021, 1022, 1023, 1029, 1030, 1032,
      1034, 1035, 1036, 1037, 1038, 1039, 1042, 1044, 1045, 1046, 1047, 1048, 1050, 1051, 1052, 1053, 1054, 1055, 1060,
      1061, 1068, 1069, 2010, 2011, 2012, 2013, 2017, 2021, 4001, 4002, 4006, 4010,
    ],
  },
  search: {
    method: "GET",
    path: correspondenceApiBase,
    summary: "Search correspondences: ids ordered by requestedPublishTime descending, at most 1000",
    policy: "SenderOrRecipient",
    request: { query: searchCorrespondencesQuerySchema },
    responses: { 200: correspondenceIdsSchema },
    validatesInput: true,
    errorCodes: [1027, 4001, 4002, 4006],
  },
  overview: {
    method: "GET",
    path: `${correspondenceApiBase}/{correspondenceId}`,
    summary: "Get an overview of a correspondence",
    policy: "SenderOrRecipient",
    request: { params: correspondenceIdParams },
    responses: { 200: correspondenceOverviewSchema },
    errorCodes: [1001, 4001, 4002],
  },
  details: {
    method: "GET",
    path: `${correspondenceApiBase}/{correspondenceId}/details`,
    summary: "Get a correspondence with its status history and notifications",
    policy: "SenderOrRecipient",
    request: { params: correspondenceIdParams },
    responses: { 200: correspondenceDetailsSchema },
    errorCodes: [1001, 4001, 4002],
  },
  content: {
    method: "GET",
    path: `${correspondenceApiBase}/{correspondenceId}/content`,
    summary: "Get the message body as markdown (marks the correspondence as read)",
    policy: "Recipient",
    request: { params: correspondenceIdParams },
    responses: {
      200: { description: "The message body", schema: correspondenceMarkdownSchema, contentType: "text/plain" },
    },
    errorCodes: [1001, 4001, 4002],
    // Altinn keeps this endpoint (embedded by Dialogporten) out of its published document.
    hidden: true,
  },
  markAsRead: {
    method: "POST",
    path: `${correspondenceApiBase}/{correspondenceId}/markasread`,
    summary: "Mark a fetched correspondence as read",
    policy: "Recipient",
    request: { params: correspondenceIdParams },
    responses: { 200: idResponse },
    errorCodes: [1001, 1024, 1040, 4001, 4002],
  },
  confirm: {
    method: "POST",
    path: `${correspondenceApiBase}/{correspondenceId}/confirm`,
    summary: "Confirm a fetched correspondence",
    policy: "Recipient",
    request: { params: correspondenceIdParams },
    responses: { 200: idResponse },
    errorCodes: [1001, 1025, 1041, 4001, 4002, 4006],
  },
  purge: {
    method: "DELETE",
    path: `${correspondenceApiBase}/{correspondenceId}/purge`,
    summary: "Purge a correspondence (sender before publish, recipient after)",
    policy: "SenderOrRecipient",
    request: { params: correspondenceIdParams },
    responses: { 200: idResponse },
    errorCodes: [1001, 1013, 1014, 1026, 1043, 4001, 4002],
  },
} as const satisfies Record<string, RouteDescription>;
