import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/platform.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Memory assertions (streamed attachments) measure live memory after a forced collection.
    execArgv: ["--expose-gc"],
    // Two cores in CI: integration files start servers of their own, so keep the number of files in flight low.
    maxWorkers: 2,
  },
});
