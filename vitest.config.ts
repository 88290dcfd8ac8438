import { defineConfig } from "vitest/config";

/**
 * Projects, all run by `npm test`:
 * - unit: the core with hand-written fakes and a fake clock;
 * - integration: the store against real SQLite, and real PostgreSQL when TEST_POSTGRES_URL is set;
 * - e2e: real processes and real HTTP against fakes of the outside services;
 * - browser: the playground page in headless Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/announce-databases.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/announce-databases.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real dispatcher processes killed and restarted against a fake Bot API; slower, so on their own.
        test: {
          name: "process",
          include: ["test/process/**/*.test.ts"],
          globalSetup: ["test/support/announce-databases.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The playground page in Debian's Chromium (playwright-core, headless) against the real app.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
