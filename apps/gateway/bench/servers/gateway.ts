// A bench-only entry: one gateway in a process of its own, so that its CPU time is measured apart
// from the load generator's. Reads the database as the gateway does (DATABASE_URL, else DATA_DIR's
// embedded one), starts a gateway as its flags say, and prints one JSON line with its URL:
//   node --conditions=@popfam/source --import tsx bench/servers/gateway.ts [--naive] [--simulator <ms>,<jitter ms>] [--workers <n>]
// Environment variables other than PORT and HOST reach the gateway's configuration as they are
// (INDICATOR_CACHE=off, DATABASE_POOL_SIZE, ...). Ends on SIGTERM or when stdin closes.
// With --workers n, as WORKERS=n runs the gateway: n gateways on one port (node:cluster), their
// metrics summed at /metrics; the line is printed once all listen, with the primary's pid.
import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { openGatewayDatabase } from "../../src/database.js";
import { loadConfig } from "../../src/env.js";
import { runPrimary } from "../../src/workers.js";
import { startBenchGateway } from "./gateway-server.js";

const { values } = parseArgs({ options: { naive: { type: "boolean", default: false }, simulator: { type: "string" }, workers: { type: "string", default: "1" } } });
const workers = Number(values.workers);
if (workers > 1 && cluster.isPrimary) {
  // As the gateway's own primary runs them (WORKERS=n), with the line printed once all listen.
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", WORKERS: String(workers) });
  await runPrimary(config, (line) => process.stderr.write(`[gateway ${process.pid}] ${line}\n`), (port) => {
    const url = `http://127.0.0.1:${port}/graphql`;
    process.stdout.write(`${JSON.stringify({ url, metricsUrl: url.replace(/\/graphql$/, "/metrics"), pid: process.pid })}\n`);
  });
  process.stdin.on("close", () => process.kill(process.pid, "SIGTERM"));
  process.stdin.resume();
} else {
  await serve();
}

async function serve() {
  const [latencyMs, jitterMs] = (values.simulator ?? "").split(",").map(Number);
  const log = (line: string) => process.stderr.write(`[gateway ${process.pid}] ${line}\n`);
  const db = await openGatewayDatabase(loadConfig({ ...process.env, PORT: "0" }), log);
  const gateway = await startBenchGateway({
    db,
    naive: values.naive,
    simulator: values.simulator ? { latencyMs: latencyMs ?? 0, jitterMs: jitterMs ?? 0 } : undefined,
    log,
    // Request log lines go to stderr: stdout carries the line with the URL.
    logTo: 2,
  });
  const stop = async () => {
    await gateway.close();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  if (cluster.isWorker) {
    process.on("disconnect", () => void stop());
  } else {
    process.stdout.write(`${JSON.stringify({ url: gateway.url, metricsUrl: gateway.metricsUrl, pid: process.pid })}\n`);
    process.stdin.on("close", () => void stop());
    process.stdin.resume();
  }
}
