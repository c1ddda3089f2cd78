// Applies the committed Prisma migrations in order, each in a transaction, and records them in
// `_prisma_migrations` exactly as Prisma does, so a native `prisma migrate deploy` agrees later.
// Prisma's own Wasm schema engine cannot migrate through the PostgreSQL driver adapter, hence
// this small runner, used for PGlite and PostgreSQL alike.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { packageDir } from "./paths.js";
import type { SqlClient } from "./sql.js";

export const migrationsDir = join(packageDir, "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const ledgerDdl = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationStatus {
  /** Shipped and applied. */
  applied: string[];
  /** Shipped, not applied yet. */
  pending: string[];
  /** Applied with other contents than shipped (edited after it was applied). */
  changed: string[];
  /** Applied but not shipped with this build (the database is newer than this code). */
  unknown: string[];
}

/** What the database has applied against what this build ships; reads only. */
export async function migrationStatus(sql: SqlClient, migrations = listMigrations()): Promise<MigrationStatus> {
  const [ledger] = await sql.query<{ exists: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS exists`);
  const rows = ledger?.exists
    ? await sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
      )
    : [];
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  const shipped = new Set(migrations.map((m) => m.name));
  return {
    applied: migrations.filter((m) => applied.get(m.name) === m.checksum).map((m) => m.name),
    pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name),
    changed: migrations.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum).map((m) => m.name),
    unknown: [...applied.keys()].filter((name) => !shipped.has(name)).sort(),
  };
}

/** Applies what is pending; returns the names applied. Refuses a migration edited after it was applied. */
export async function migrate(sql: SqlClient, migrations = listMigrations()): Promise<string[]> {
  // Only when missing: a role without CREATE on the schema (the gateway's runtime role) can then
  // start against an up-to-date database.
  const [ledger] = await sql.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!ledger?.present) await sql.exec(ledgerDdl);
  const applied = new Map(
    (
      await sql.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
      )
    ).map((row) => [row.migration_name, row.checksum]),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs)`);
      }
      continue;
    }
    await sql.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
    done.push(migration.name);
  }
  return done;
}
