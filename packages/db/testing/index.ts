// Databases for tests: always an in-memory PGlite; also a scratch database on the PostgreSQL
// server named by DATABASE_URL when it is set (CI sets it), so every database test runs on both.
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openMigratedDatabase, type Database } from "../src/client.js";
import { seedDatabase } from "../seed/seed.js";

export interface TestDatabaseTarget {
  name: "pglite" | "postgres";
  /** A new, migrated, empty database; close() also drops it from the server. */
  open(): Promise<Database>;
}

export function testDatabaseTargets(env: Record<string, string | undefined> = process.env): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: "pglite", open: () => openMigratedDatabase() }];
  const serverUrl = env.DATABASE_URL;
  if (serverUrl) targets.push({ name: "postgres", open: () => openScratchPostgres(serverUrl) });
  return targets;
}

/** Creates a database with a random name on the server, migrated; dropped again on close. */
export async function openScratchPostgres(serverUrl: string): Promise<Database> {
  const name = `popfam_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
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

export async function openSeededTestDatabase(target: TestDatabaseTarget, seed: { seed: number; scale: number } = SMALL_SEED): Promise<Database> {
  const db = await target.open();
  await seedDatabase(db, seed);
  return db;
}
