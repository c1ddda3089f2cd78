import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The files that take minutes run first, each in a worker of its own from the start, so that the
// other worker works through the short files meanwhile instead of the run ending on one long file
// with the other worker idle. Vitest orders by the durations of the last run when it has them (not
// in a fresh checkout, as in CI, where it falls back to file size); these go first either way.
const LONG_FILES = ["apps/gateway/test/readme.test.ts"];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONG_FILES.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return index < 0 ? LONG_FILES.length : index;
    };
    return sorted.map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file);
  }
}

// One copy of graphql for the whole test run: its ESM and CJS builds are different "realms",
// and a schema built by one cannot be printed by the other.
const graphql = createRequire(new URL("./apps/gateway/package.json", import.meta.url)).resolve("graphql");

// Workspace packages resolve to their TypeScript sources (the "@popfam/source" export condition),
// so tests need no build; then Node's own conditions. Not "module": packages such as
// OpenTelemetry's export a bundler-only ESM build under it, which Node cannot load.
const conditions = ["@popfam/source", "node", "development|production"];

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }], conditions },
  ssr: { resolve: { conditions, externalConditions: ["@popfam/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: LongFilesFirst },
    // A folder for the run's seeded-database snapshots (packages/db/testing/snapshots.ts).
    globalSetup: ["packages/db/testing/global-setup.ts"],
    // Database and HTTP tests are heavy; two workers match the two cores of our machines.
    maxWorkers: 2,
    // Type-level tests (*.test-d.ts) pin what the published SDK's types promise.
    typecheck: { enabled: true, include: ["packages/*/src/**/*.test-d.ts"], tsconfig: "packages/domain/tsconfig.json" },
  },
});
