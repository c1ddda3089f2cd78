// Opens the gateway's database: DATABASE_URL when set, else the embedded PGlite; migrated at
// start-up unless MIGRATE_ON_START=false (then `migrate` does it, as the owner role), and, on the
// first start of the embedded one, seeded with the synthetic data set.
import { defaultDataDir, migrateDatabase, migrationStatus, openDatabase, type Database } from "@popfam/db";
import { isSeeded, seedDatabase } from "@popfam/db/seed";
import type { GatewayConfig } from "./env.js";

export async function openGatewayDatabase(config: GatewayConfig, log: (line: string) => void): Promise<Database> {
  // On a server, migrations run on a connection of their own (MIGRATION_DATABASE_URL: the owner
  // role) before the gateway's pool (the runtime role) opens.
  if (config.databaseUrl && config.database.migrateOnStart) await migrateGatewayDatabase(config, log);
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl, poolSize: config.database.poolSize } : { dataDir: config.dataDir ?? defaultDataDir() });
  try {
    log(`database: ${db.kind} (${db.location})`);
    if (!config.databaseUrl && config.database.migrateOnStart) logApplied(await migrateDatabase(db), log);
    const { pending } = await migrationStatus(db.sql);
    if (pending.length > 0) {
      // Not ready (/readyz says why) until `migrate` has run; the process stays up for it.
      log(`migrations pending (${pending.join(", ")}): run \`migrate\`; /readyz answers 503 until then`);
      return db;
    }
    if (!(await isSeeded(db))) {
      if (db.kind === "postgres") {
        log("the database has no data set yet: run `pnpm seed` with the same DATABASE_URL to load the synthetic one");
      } else {
        log(`first start: writing the synthetic data set (seed ${config.seed.seed}, scale ${config.seed.scale}); this takes a minute or two`);
        await seedDatabase(db, { ...config.seed, log });
      }
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Applies the pending migrations as the owner role (MIGRATION_DATABASE_URL, else DATABASE_URL),
 * holding the migration advisory lock: replicas starting together migrate one after the other.
 * Returns the names applied.
 */
export async function migrateGatewayDatabase(config: GatewayConfig, log: (line: string) => void): Promise<string[]> {
  const url = config.database.migrationUrl;
  const db = await openDatabase(url ? { url, poolSize: 2 } : { dataDir: config.dataDir ?? defaultDataDir() });
  try {
    const applied = await migrateDatabase(db);
    logApplied(applied, log);
    return applied;
  } finally {
    await db.close();
  }
}

function logApplied(applied: string[], log: (line: string) => void) {
  log(applied.length === 0 ? "migrations: up to date" : `migrations applied: ${applied.join(", ")}`);
}
