import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };

// Two tiers: pure unit tests (engines, parsers) and integration tests that open a real
// database (PGlite always; PostgreSQL when DATABASE_URL is set). Browser tests live in
// vitest.e2e.config.ts because they need a built app.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "tests/unit/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          testTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "server/**/*.int.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One database per file; files run one at a time so PostgreSQL schemas and
          // PGlite instances never compete for the 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
