/**
 * What the publishing tests look at besides the API: the stored correspondences (through the real Cosmos adapter,
 * against the platform's Cosmos), the initialize request records, and what the Dialogporten stub recorded.
 */
import { CosmosClient } from "@azure/cosmos";
import { inject } from "vitest";
import { containerNames } from "../../../shared/adapters/cosmos/container-names.js";
import { CosmosCorrespondenceRepository } from "../../../shared/adapters/cosmos/cosmos-correspondence-repository.js";
import { CosmosInitializeRequestStore } from "../../../shared/adapters/cosmos/cosmos-initialize-request-store.js";
import type { Correspondence } from "../../../shared/domain/correspondence/correspondence.js";
import type { CorrespondenceStatus } from "../../../shared/domain/correspondence/status.js";
import { eventually } from "./api-client.js";

export interface PublishingProbes {
  repository: CosmosCorrespondenceRepository;
  requests: CosmosInitializeRequestStore;
  /** The stored correspondence, or undefined. */
  stored(id: string): Promise<Correspondence | undefined>;
  /** Waits until the stored correspondence has ever had `status`. */
  untilStatus(id: string, status: CorrespondenceStatus, timeoutMs?: number): Promise<Correspondence>;
  close(): void;
}

export function publishingProbes(appSettings = inject("platform").appSettings): PublishingProbes {
  const client = new CosmosClient(appSettings.COSMOS!);
  const database = client.database(appSettings.COSMOS_DATABASE!);
  const containers = {
    correspondences: database.container(containerNames.correspondences),
    locators: database.container(containerNames.locators),
    requests: database.container(containerNames.requests),
  };
  const repository = new CosmosCorrespondenceRepository(containers);
  const stored = async (id: string) => (await repository.findById(id))?.correspondence;
  return {
    repository,
    requests: new CosmosInitializeRequestStore(containers, repository),
    stored,
    untilStatus: (id, status, timeoutMs = 30_000) =>
      eventually(
        async () => {
          const correspondence = await stored(id);
          return correspondence?.statusHistory.some((entry) => entry.status === status) ? correspondence : undefined;
        },
        `correspondence ${id} to reach ${status}`,
        timeoutMs,
      ),
    close: () => client.dispose(),
  };
}

export interface RecordedDialog {
  id: string;
  party: string;
  serviceResource: string;
  status: string;
  visibleFrom?: string | null;
  purgedAt?: string;
  deletedAt: string | null;
  externalReference?: string;
  content: { title: { value: Array<{ value: string }> }; mainContentReference?: { value: Array<{ value: string }> } };
  serviceOwnerContext?: { serviceOwnerLabels: Array<{ value: string }> };
  guiActions?: Array<{ url: string; httpMethod: string }>;
  transmissions: Array<{ id: string; type: string }>;
  activities: Array<{ id: string; type: string; performedBy?: { actorType?: string; actorId?: string; actorName?: string } }>;
}

/** Every dialogue the Dialogporten stub has recorded (oldest first). */
export async function recordedDialogs(stubsUrl = inject("platform").urls.stubs): Promise<RecordedDialog[]> {
  const response = await fetch(`${stubsUrl}/_stub/dialogporten/dialogs`);
  if (!response.ok) throw new Error(`Dialogporten recording answered ${response.status}`);
  return (await response.json()) as RecordedDialog[];
}

/** The recorded dialogues of one correspondence (found by the label every dialogue of ours carries). */
export async function dialogsOf(correspondenceId: string, stubsUrl?: string): Promise<RecordedDialog[]> {
  const label = `urn:altinn:correspondence-id:${correspondenceId}`;
  return (await recordedDialogs(stubsUrl)).filter((dialog) =>
    dialog.serviceOwnerContext?.serviceOwnerLabels.some((entry) => entry.value === label),
  );
}

export function statusesOf(correspondence: Correspondence): CorrespondenceStatus[] {
  return correspondence.statusHistory.map((entry) => entry.status);
}
