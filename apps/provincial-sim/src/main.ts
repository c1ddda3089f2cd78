// Starts the simulator: its own database (embedded, seeded with the same generator and seed as
// the gateway's, so both answer alike), then the HTTP server. Prints where each system lives.
import { ADVISORY_LOCKS, defaultDataDir, openMigratedDatabase } from "@popfam/db";
import { isSeeded, seedDatabase } from "@popfam/db/seed";
import { SYSTEMS } from "@popfam/sources";
import { dirname, join } from "node:path";
import { loadSimulatorConfig } from "./env.js";
import { startSimulator } from "./server.js";

const log = (line: string) => console.log(`[provincial-sim] ${line}`);

async function main() {
  const config = loadSimulatorConfig();
  const db = await openMigratedDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir ?? join(dirname(defaultDataDir()), "provincial-sim") },
  );
  log(`database: ${db.kind} (${db.location})`);
  await db.withAdvisoryLock(ADVISORY_LOCKS.seed, async () => {
    if (await isSeeded(db)) return;
    log(`first start: writing the synthetic data set (seed ${config.seed.seed}, scale ${config.seed.scale})`);
    await seedDatabase(db, { ...config.seed, log });
  });
  const simulator = await startSimulator({ db, host: config.host, port: config.port, token: config.token, faults: config.faults, log });
  log(`listening on ${simulator.url}`);
  for (const system of SYSTEMS) log(`  ${system.nameZh}: ${simulator.url}/${system.path} (openapi.json)`);
  log(`faults: ${JSON.stringify(simulator.faults.current())} (change them with PUT ${simulator.url}/_admin/faults)`);
  const stop = async () => {
    await simulator.close();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
