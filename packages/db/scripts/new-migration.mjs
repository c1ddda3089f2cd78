// Authors the next migration offline: the SQL difference between the schema as of the last
// migration (prisma/migrations/schema.snapshot.prisma) and prisma/schema.prisma, written to
// prisma/migrations/<timestamp>_<name>/migration.sql; the snapshot then moves forward.
// (`prisma migrate dev` needs a shadow database that the embedded engine cannot provide.)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm --filter @popfam/db migration:new <snake_case_name>");
  process.exit(2);
}
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const snapshot = join(packageDir, "prisma", "migrations", "schema.snapshot.prisma");
const diff = spawnSync(
  process.execPath,
  [join(packageDir, "scripts", "prisma.mjs"), "migrate", "diff", "--from-schema-datamodel", snapshot,
    "--to-schema-datamodel", join(packageDir, "prisma", "schema.prisma"), "--script"],
  { cwd: packageDir, encoding: "utf8" },
);
if (diff.status !== 0) {
  process.stderr.write(diff.stderr);
  process.exit(diff.status ?? 1);
}
if (diff.stdout.includes("-- This is an empty migration.")) {
  console.log("the schema has not changed since the last migration");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(packageDir, "prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), diff.stdout);
copyFileSync(join(packageDir, "prisma", "schema.prisma"), snapshot);
console.log(`wrote ${dir}/migration.sql`);
