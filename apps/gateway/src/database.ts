// Opens the gateway's database: DATABASE_URL when set, else the embedded PGlite, migrated and,
// on the first start of the embedded one, seeded with the synthetic data set.
import { defaultDataDir, openMigratedDatabase, type Database } from "@popfam/db";
import { isSeeded, seedDatabase } from "@popfam/db/seed";
import type { GatewayConfig } from "./env.js";

export async function openGatewayDatabase(config: GatewayConfig, log: (line: string) => void): Promise<Database> {
  const db = await openMigratedDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir ?? defaultDataDir() });
  log(`database: ${db.kind} (${db.location})`);
  if (!(await isSeeded(db))) {
    if (db.kind === "postgres") {
      log("the database has no data set yet: run `pnpm seed` with the same DATABASE_URL to load the synthetic one");
    } else {
      log(`first start: writing the synthetic data set (seed ${config.seed.seed}, scale ${config.seed.scale}); this takes a minute or two`);
      await seedDatabase(db, { ...config.seed, log });
    }
  }
  return db;
}
