import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// One copy of graphql for the whole test run: its ESM and CJS builds are different "realms",
// and a schema built by one cannot be printed by the other.
const graphql = createRequire(new URL("./apps/gateway/package.json", import.meta.url)).resolve("graphql");

// Workspace packages resolve to their TypeScript sources (the "@popfam/source" export condition),
// so tests need no build; the rest are Vite's default conditions for Node.
const conditions = ["@popfam/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }], conditions },
  ssr: { resolve: { conditions, externalConditions: ["@popfam/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database and HTTP tests are heavy; two workers match the two cores of our machines.
    maxWorkers: 2,
    // Type-level tests (*.test-d.ts) pin what the published SDK's types promise.
    typecheck: { enabled: true, include: ["packages/*/src/**/*.test-d.ts"], tsconfig: "packages/domain/tsconfig.json" },
  },
});
