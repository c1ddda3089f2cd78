// Databases for tests: always an in-memory PGlite; also a scratch database on the PostgreSQL
// server named by DATABASE_URL when it is set (CI sets it), so every database test runs on both.
// A seeded database is a copy of one seeded once per test run (snapshots.ts): a few seconds
// instead of generating and loading the data set again in every test file.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openMigratedDatabase, type Database } from "../src/client.js";
import { seedDatabase } from "../seed/seed.js";
import { pgliteSnapshot, postgresTemplate, type SeedParameters } from "./snapshots.js";

export { SNAPSHOT_DIR_ENV, seedSourceKey } from "./snapshots.js";

export interface TestDatabaseTarget {
  name: "pglite" | "postgres";
  /** A new, migrated, empty database; close() also drops it from the server. */
  open(): Promise<Database>;
  /**
   * A new database holding the synthetic data set of `seed` (as `open()` then `seedDatabase()`
   * would give): a copy of a snapshot made once per test run. Optional for targets made elsewhere;
   * openSeededTestDatabase() seeds those from scratch.
   */
  openSeeded?(seed: SeedParameters): Promise<Database>;
}

export function testDatabaseTargets(env: Record<string, string | undefined> = process.env): TestDatabaseTarget[] {
  const pglite: TestDatabaseTarget = {
    name: "pglite",
    open: () => openMigratedDatabase(),
    async openSeeded(seed) {
      const snapshot = await pgliteSnapshot(seed);
      if (!snapshot) return seedFresh(pglite, seed);
      return openMigratedDatabase({ loadDataDir: snapshot });
    },
  };
  const targets = [pglite];
  const serverUrl = env.DATABASE_URL;
  if (serverUrl) {
    const postgres: TestDatabaseTarget = {
      name: "postgres",
      open: () => openScratchPostgres(serverUrl),
      async openSeeded(seed) {
        const template = await postgresTemplate(serverUrl, seed);
        if (!template) return seedFresh(postgres, seed);
        return openScratchPostgres(serverUrl, { template });
      },
    };
    targets.push(postgres);
  }
  return targets;
}

/**
 * Creates a database with a random name on the server, migrated; dropped again on close. With a
 * template, the new database starts as a copy of it.
 */
export async function openScratchPostgres(serverUrl: string, options: { template?: string } = {}): Promise<Database> {
  const name = `popfam_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(options.template ? `CREATE DATABASE ${name} TEMPLATE ${options.template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openMigratedDatabase({ url: url.toString() });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** A small but complete data set (the whole region tree, about 10,000 residents). */
export const SMALL_SEED = { seed: 7, scale: 0.02 } as const;

/** A new database of `target` holding the synthetic data set of `seed` (a copy: see snapshots.ts). */
export async function openSeededTestDatabase(target: TestDatabaseTarget, seed: SeedParameters = SMALL_SEED): Promise<Database> {
  if (target.openSeeded) return target.openSeeded(seed);
  return seedFresh(target, seed);
}

async function seedFresh(target: TestDatabaseTarget, seed: SeedParameters): Promise<Database> {
  const db = await target.open();
  try {
    await seedDatabase(db, seed);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
