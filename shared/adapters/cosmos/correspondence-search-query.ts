/**
 * GET /correspondence as one Cosmos SQL query (api.md §4.3). A recipient's search filters on the partition key, so it
 * is a single-partition query served by the composite index (partitionKey, resourceId, requestedPublishAt DESC); a
 * sender's search filters on (sender, resourceId) across partitions (docs/data-model.md says what national scale
 * would need instead). The partition key is always filtered in WHERE: the local server ignores the partitionKey
 * query option, and on Azure the SDK routes a query with an equality on the partition key to that one partition.
 */
import type { SqlParameter, SqlQuerySpec } from "@azure/cosmos";
import type { CorrespondenceSearch } from "../../domain/correspondence/correspondence-repository.js";
import type { CorrespondenceStatus } from "../../domain/correspondence/status.js";

/** Statuses a recipient never sees in a search (api.md §4.3): by latest status without a filter, at all with one. */
const hiddenFromRecipients: readonly CorrespondenceStatus[] = ["Initialized", "ReadyForPublish", "Failed"];

export const maximumSearchLimit = 1000;

function everHadStatus(status: CorrespondenceStatus): string {
  // Fetched rows live in documents of their own; the correspondence only records that one exists.
  return status === "Fetched" ? "c.everFetched = true" : "ARRAY_CONTAINS(c.statusesEver, @status)";
}

function recipientStatusFilter(status: CorrespondenceStatus | undefined): string {
  if (status === undefined) return `NOT (c.latestStatus IN (${hiddenFromRecipients.map((s) => `'${s}'`).join(", ")}))`;
  if (hiddenFromRecipients.includes(status)) return "false";
  return everHadStatus(status);
}

function senderStatusFilter(status: CorrespondenceStatus | undefined): string {
  return status === undefined ? "true" : everHadStatus(status);
}

export function buildSearchQuery(search: CorrespondenceSearch): SqlQuerySpec {
  const limit = Math.min(Math.max(Math.trunc(search.limit), 0), maximumSearchLimit);
  const parameters: SqlParameter[] = [
    { name: "@party", value: search.party },
    { name: "@resourceId", value: search.resourceId },
  ];
  const conditions = ["c.type = 'correspondence'", "c.resourceId = @resourceId"];
  if (search.status !== undefined) parameters.push({ name: "@status", value: search.status });
  if (search.from !== undefined) {
    conditions.push("c.requestedPublishAt > @from");
    parameters.push({ name: "@from", value: Date.parse(search.from) });
  }
  if (search.to !== undefined) {
    conditions.push("c.requestedPublishAt < @to");
    parameters.push({ name: "@to", value: Date.parse(search.to) });
  }
  if (search.sendersReference !== undefined) {
    conditions.push("c.sendersReference = @sendersReference");
    parameters.push({ name: "@sendersReference", value: search.sendersReference });
  }
  const asRecipient = `(c.partitionKey = @party AND ${recipientStatusFilter(search.status)})`;
  const asSender = `(c.sender = @party AND ${senderStatusFilter(search.status)})`;
  if (search.role === "Recipient") conditions.push(asRecipient);
  else if (search.role === "Sender") conditions.push(asSender);
  else conditions.push(`(${asRecipient} OR ${asSender})`);
  return {
    query: `SELECT TOP ${limit} c.id FROM c WHERE ${conditions.join(" AND ")} ORDER BY c.requestedPublishAt DESC`,
    parameters,
  };
}
