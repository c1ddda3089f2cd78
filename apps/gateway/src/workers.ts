// One gateway per core on one port (WORKERS > 1). The process started becomes the primary: it
// applies the migrations once, forks the workers (each a whole gateway: its own pool, loaders,
// admission queue; node:cluster hands each new connection to the next worker in turn), starts
// another when one dies, passes SIGTERM/SIGINT on and waits for every worker to drain, and sums
// the workers' metrics for whichever worker is asked for /metrics.
import cluster, { type Worker } from "node:cluster";
import { migrateGatewayDatabase } from "./database.js";
import type { GatewayConfig } from "./env.js";
import { metricsForWorkers } from "./observability/cluster-metrics.js";

/** A worker that dies is replaced after this long (not at once: a crash loop would spin). */
const RESTART_DELAY_MS = 1_000;

/** `ready`: called once, with the port, when every first worker listens. */
export async function runPrimary(config: GatewayConfig, log: (line: string) => void, ready?: (port: number) => void): Promise<void> {
  // Once, before any worker opens its pool; the workers then only check that none is pending.
  if (config.databaseUrl && config.database.migrateOnStart) await migrateGatewayDatabase(config, log);
  const answerMetrics = metricsForWorkers();
  const listened = new Set<number>();
  let stopping = false;
  let exitCode = 0;

  const fork = (): Worker => {
    const worker = cluster.fork({ MIGRATE_ON_START: "false" });
    worker.on("listening", ({ port }) => {
      listened.add(worker.id);
      if (listened.size === config.workers) ready?.(port);
    });
    worker.on("message", (message: unknown) => answerMetrics(worker, message));
    return worker;
  };

  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const stop = (signal: NodeJS.Signals, code: number) => {
    if (stopping) {
      // A second signal: the workers end now.
      for (const worker of alive()) worker.process.kill("SIGKILL");
      process.exit(1);
    }
    stopping = true;
    exitCode = code;
    log(`${signal}: stopping ${alive().length} worker(s)`);
    // A terminal's Ctrl-C or systemd may have signalled the workers already; one more is harmless.
    for (const worker of alive()) worker.process.kill("SIGTERM");
    if (alive().length === 0) process.exit(exitCode);
  };

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (alive().length === 0) process.exit(exitCode);
      return;
    }
    // One that never listened would fail again the same way (a port in use, a database refused).
    if (!listened.has(worker.id)) {
      log(`worker ${worker.process.pid} exited (${signal ?? code}) before it listened: stopping`);
      stop("SIGTERM", 1);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}): starting another`);
    setTimeout(() => !stopping && fork(), RESTART_DELAY_MS);
  });
  process.on("SIGINT", (signal) => stop(signal, 0));
  process.on("SIGTERM", (signal) => stop(signal, 0));

  log(`starting ${config.workers} workers on port ${config.port}`);
  for (let i = 0; i < config.workers; i++) fork();
}
