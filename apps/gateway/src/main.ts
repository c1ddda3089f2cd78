// Starts the gateway: the embedded database (migrated, and seeded on first start) or
// DATABASE_URL, then the HTTP server. Prints where it listens. With WORKERS > 1 this process is
// the primary of that many gateways on the one port (workers.ts), each started from here too.
import cluster from "node:cluster";
import { openGatewayDatabase } from "./database.js";
import { ConfigError, loadConfig } from "./env.js";
import { startGateway } from "./http/server.js";
import { createLogger, lineLogger } from "./observability/index.js";
import { runPrimary } from "./workers.js";

async function main() {
  const config = loadConfig();
  // One JSON object per line on stdout, start-up lines and request lines alike (the request lines in batches).
  const logger = createLogger(config.observability.logLevel);
  const log = lineLogger(logger);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, log);
  const started = performance.now();
  const db = await openGatewayDatabase(config, log);
  const gateway = await startGateway({ config, db, log, logger });
  log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  log(`GraphQL endpoint and GraphiQL: ${gateway.url}`);
  if (config.auth.allowDevelopmentPrincipal) {
    log("development mode: requests without a token act as the development principal (nationwide, personal data masked)");
  }
  // SIGTERM (systemd, an orchestrator) or SIGINT: drain, then close the database; a second
  // signal ends the process at once. A worker drains once: its primary passes on the signal
  // the worker may have had already, and ends it itself on a second one.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      if (cluster.isWorker) return;
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: draining (no new connections, /readyz 503; deadline ${config.shutdownTimeoutMs} ms)`);
    const { cut, elapsedMs } = await gateway.drain(config.shutdownTimeoutMs);
    log(cut > 0 ? `deadline reached: ${cut} request(s) cut` : `drained in ${Math.round(elapsedMs)} ms`);
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));
  // A worker whose primary is gone (killed) drains and ends rather than serve on alone.
  if (cluster.isWorker) process.on("disconnect", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
