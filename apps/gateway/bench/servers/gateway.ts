// A bench-only entry: one gateway in a process of its own, so that its CPU time is measured apart
// from the load generator's. Reads the database as the gateway does (DATABASE_URL, else DATA_DIR's
// embedded one), starts a gateway as its flags say, and prints one JSON line with its URL:
//   node --conditions=@popfam/source --import tsx bench/servers/gateway.ts [--naive] [--simulator <ms>,<jitter ms>]
// Environment variables other than PORT and HOST reach the gateway's configuration as they are
// (INDICATOR_CACHE=off, DATABASE_POOL_SIZE, ...). Ends on SIGTERM or when stdin closes.
import { parseArgs } from "node:util";
import { openGatewayDatabase } from "../../src/database.js";
import { loadConfig } from "../../src/env.js";
import { startBenchGateway } from "./gateway-server.js";

const { values } = parseArgs({ options: { naive: { type: "boolean", default: false }, simulator: { type: "string" } } });
const [latencyMs, jitterMs] = (values.simulator ?? "").split(",").map(Number);
const log = (line: string) => process.stderr.write(`[gateway ${process.pid}] ${line}\n`);
const db = await openGatewayDatabase(loadConfig({ ...process.env, PORT: "0" }), log);
const gateway = await startBenchGateway({
  db,
  naive: values.naive,
  simulator: values.simulator ? { latencyMs: latencyMs ?? 0, jitterMs: jitterMs ?? 0 } : undefined,
  log,
});
process.stdout.write(`${JSON.stringify({ url: gateway.url, metricsUrl: gateway.metricsUrl, pid: process.pid })}\n`);
const stop = async () => {
  await gateway.close();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.stdin.on("close", () => void stop());
process.stdin.resume();
