/**
 * The Cosmos DB containers the application uses, by role. infra/cosmos.json declares each (test/infra checks that
 * every name here is declared); docs/data-model.md says what lives where and why.
 */
export const containerNames = {
  /** Correspondences and their Fetched rows, partitioned by recipient. */
  correspondences: "correspondences",
  /** Correspondence id → recipient partition, partitioned by id: every per-id operation is point reads. */
  locators: "correspondence-locators",
  /** One document per initialize request; its id is the request's `idempotentKey` when it has one. */
  requests: "correspondence-requests",
  /** Records of the `Idempotency-Key` header. */
  idempotencyKeys: "idempotency-keys",
} as const;
