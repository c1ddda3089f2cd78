// Prisma runs here on its Wasm engines with a driver adapter: no native engine, nothing downloaded.
// The CLI (generate, migrate diff) talks to an embedded PGlite in a scratch directory; the
// application itself applies migrations with src/migrate.ts, which works on PGlite and PostgreSQL.
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const dir = mkdtempSync(join(tmpdir(), "popfam-prisma-cli-"));
    return new PrismaPGlite(new PGlite(dir));
  },
});
