import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores in CI: integration files start servers of their own, so keep the number of files in flight low.
    maxWorkers: 2,
  },
});
