/** InitializeRequestStore over Cosmos DB: request records, and the creation of correspondences with their locators. */
import type { Correspondence } from "../../domain/correspondence/correspondence.js";
import type { InitializeRequest } from "../../use-cases/initialize-correspondences/initialize-request.js";
import type {
  InitializeRequestStore,
  StoredInitializeRequest,
} from "../../use-cases/initialize-correspondences/initialize-request-store.js";
import type { CorrespondenceContainers, CosmosCorrespondenceRepository } from "./cosmos-correspondence-repository.js";
import { isConflict, isPreconditionFailed } from "./cosmos-errors.js";
import { partitionOf, toCorrespondenceDocument, type LocatorDocument } from "./correspondence-documents.js";
import { fromRequestDocument, toRequestDocument, type RequestDocument } from "./initialize-request-documents.js";

const completionAttempts = 5;

export class CosmosInitializeRequestStore implements InitializeRequestStore {
  constructor(
    private readonly containers: CorrespondenceContainers,
    private readonly repository: CosmosCorrespondenceRepository,
  ) {}

  async record(request: InitializeRequest): Promise<"recorded" | "duplicate"> {
    try {
      await this.containers.requests.items.create(toRequestDocument(request));
      return "recorded";
    } catch (error) {
      if (isConflict(error)) return "duplicate";
      throw error;
    }
  }

  async isIdempotentKeyUsed(idempotentKey: string): Promise<boolean> {
    const key = idempotentKey.toLowerCase();
    const { resource } = await this.containers.requests.item(key, key).read<RequestDocument>();
    return resource !== undefined;
  }

  async read(requestId: string): Promise<StoredInitializeRequest | undefined> {
    const { resource } = await this.containers.requests.item(requestId, requestId).read<RequestDocument>();
    if (!resource) return undefined;
    return { request: fromRequestDocument(resource), completed: resource.state === "completed" };
  }

  async findIncomplete(recordedBefore: string, limit: number): Promise<string[]> {
    const { resources } = await this.containers.requests.items
      .query<{ id: string }>({
        query: `SELECT TOP ${Math.max(1, Math.trunc(limit))} c.id FROM c WHERE c.state = 'recorded' AND c.recordedAt <= @before`,
        parameters: [{ name: "@before", value: recordedBefore }],
      })
      .fetchAll();
    return resources.map((row) => row.id);
  }

  async markCompleted(requestId: string): Promise<void> {
    for (let attempt = 0; attempt < completionAttempts; attempt++) {
      const { resource, etag } = await this.containers.requests.item(requestId, requestId).read<RequestDocument>();
      if (!resource || !etag || resource.state === "completed") return;
      try {
        await this.containers.requests
          .item(requestId, requestId)
          .replace<RequestDocument>({ ...resource, state: "completed" }, { accessCondition: { type: "IfMatch", condition: etag } });
        return;
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
      }
    }
  }

  async createCorrespondence(correspondence: Correspondence): Promise<void> {
    const partition = partitionOf(correspondence);
    const locator: LocatorDocument = { id: correspondence.id, recipientPartition: partition };
    await createUnlessExists(() => this.containers.locators.items.create(locator));
    this.repository.rememberPartition(correspondence.id, partition);
    const document = toCorrespondenceDocument(correspondence, { outbox: [], outboxPendingSince: undefined, everFetched: false });
    await createUnlessExists(() => this.containers.correspondences.items.create(document));
  }
}

async function createUnlessExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}
