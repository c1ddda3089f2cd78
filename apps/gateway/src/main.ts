// Starts the gateway: the embedded database (migrated, and seeded on first start) or
// DATABASE_URL, then the HTTP server. Prints where it listens.
import { openGatewayDatabase } from "./database.js";
import { ConfigError, loadConfig } from "./env.js";
import { startGateway } from "./http/server.js";
import { createLogger } from "./observability/index.js";

async function main() {
  const config = loadConfig();
  // One JSON object per line on stdout, start-up lines and request lines alike.
  const logger = createLogger(config.observability.logLevel);
  const log = (line: string) => logger.info(line);
  const started = performance.now();
  const db = await openGatewayDatabase(config, log);
  const gateway = await startGateway({ config, db, log, logger });
  log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  log(`GraphQL endpoint and GraphiQL: ${gateway.url}`);
  if (config.auth.allowDevelopmentPrincipal) {
    log("development mode: requests without a token act as the development principal (nationwide, personal data masked)");
  }
  // SIGTERM (systemd, an orchestrator) or SIGINT: drain, then close the database; a second
  // signal ends the process at once.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: draining (no new connections, /readyz 503; deadline ${config.shutdownTimeoutMs} ms)`);
    const { cut, elapsedMs } = await gateway.drain(config.shutdownTimeoutMs);
    log(cut > 0 ? `deadline reached: ${cut} request(s) cut` : `drained in ${Math.round(elapsedMs)} ms`);
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
