// A gateway for the bench, as a path runs it: the gateway itself (startGateway), optionally
// without loader batching (the naive path) or with every system over HTTP through the
// provincial-systems simulator (the http path of the README rows). Used in a child process by
// servers/gateway.ts, and in the bench's own process on PGlite (one process holds its data dir).
import type { Database } from "@popfam/db";
import { startSimulator, type RunningSimulator } from "@popfam/provincial-sim";
import { openSync } from "node:fs";
import { loadConfig } from "../../src/env.js";
import { startGateway } from "../../src/http/server.js";
import { batchedDestination, createLogger } from "../../src/observability/index.js";

export interface BenchGatewayOptions {
  db: Database;
  /** Environment variables over the process's own (e.g. INDICATOR_CACHE=off). */
  env?: Record<string, string>;
  /** Loader batching off: every key is its own call. */
  naive?: boolean;
  /** Every system over HTTP through the simulator, adding this latency (ms) to each call. */
  simulator?: { latencyMs: number; jitterMs: number };
  log?: (line: string) => void;
  /**
   * Where the gateway writes its request log, a line a request as deployed: a file descriptor of
   * this process (the bench's child gateways: stderr, which the bench drains); /dev/null when not
   * given (the gateways in the bench's own process).
   */
  logTo?: number;
}

export interface BenchGateway {
  url: string;
  metricsUrl: string;
  close(): Promise<void>;
}

export async function startBenchGateway(options: BenchGatewayOptions): Promise<BenchGateway> {
  const log = options.log ?? (() => {});
  let simulator: RunningSimulator | null = null;
  if (options.simulator) {
    simulator = await startSimulator({ db: options.db, faults: { defaults: { latencyMs: options.simulator.latencyMs, jitterMs: options.simulator.jitterMs } } });
  }
  const config = loadConfig({
    ...process.env,
    ...options.env,
    PORT: "0",
    HOST: "127.0.0.1",
    ...(simulator ? { UPSTREAM_URL: simulator.url } : {}),
    // The naive path measures what batching saves: every key its own call, none answered from the indicator cache.
    ...(options.naive ? { INDICATOR_CACHE: "off" } : {}),
  });
  // Logged as deployed (LOG_LEVEL, one line a request, written in batches), so that its cost is measured.
  const ownFile = options.logTo === undefined;
  const destination = batchedDestination(options.logTo ?? openSync("/dev/null", "w"));
  const logger = createLogger(config.observability.logLevel, destination);
  const gateway = await startGateway({ config, db: options.db, log, logger, loaderOptions: options.naive ? { batching: false } : {} });
  return {
    url: gateway.url,
    metricsUrl: gateway.url.replace(/\/graphql$/, "/metrics"),
    async close() {
      await gateway.close();
      await simulator?.close();
      // Its own file is ended (the periodic flush stopped, the file closed); a descriptor it was given is written out.
      if (ownFile) destination.end();
      else destination.flushSync();
    },
  };
}
