// popfam migrate: applies the pending migrations to DATABASE_URL (as MIGRATION_DATABASE_URL's
// role when set: the owner) or to the embedded database, holding the migration advisory lock, and
// exits. Production runs this before starting the gateways with MIGRATE_ON_START=false.
//   node dist/cli/migrate.js            (deployed)      npx -y pnpm@10.34.8 migrate   (workspace)
import { migrateGatewayDatabase } from "../database.js";
import { ConfigError, loadConfig } from "../env.js";

try {
  const config = loadConfig();
  await migrateGatewayDatabase(config, (line) => console.log(`[migrate] ${line}`));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
