// `pnpm bench`: what the gateway costs over the least a hand-written server would do, on the
// same data, side by side.
//
// For each query (a page of 100 residents of the county; one township's births in the year, a
// count; the births of each township; the county dashboard, 9 indicators × 19 regions) it
// measures these paths:
//   gateway         the gateway as it runs (loaders that batch and cache), one process
//   2 workers       the same with WORKERS=2: two gateway processes on one port (PostgreSQL only)
//   interpreted     the same with GRAPHQL_EXECUTION=interpreted: each operation run by graphql-js
//                   rather than compiled (the persons page, executed at every request)
//   answers off     the same with RESPONSE_CACHE_MB=0: the result cache only, every query executed
//                   (the counts and the dashboard)
//   cache off       the same with INDICATOR_CACHE=off, both caches off (the dashboard only)
//   naive           the same gateway with loader batching off: every key is its own call (and
//                   the indicator cache off)
//   minimal SQL     the single statement a hand-written server would run, through a pg Pool
//                   from the generator's process (queries.ts)
//   minimal server  the dashboard by hand: node:http + pg, one statement (servers/minimal-dashboard.ts),
//                   checked to answer exactly the gateway's `data` before it is measured
// each with: req/s and p50/p99 at --connections (32), p50 at one connection, SQL statements per
// request (the gateway's popfam_db_statements_total at /metrics, before and after), and the CPU
// split during the loaded run: the server process (/proc/<pid>/stat), the database server's
// `postgres` processes (the measured database's backends, whoever opened them, and the server's
// background processes) and the load generator (process.cpuUsage()).
// Every figure is the median of --rounds interleaved rounds: each round runs every path once,
// starting one path further along each time. The HTTP paths' answers are compared first.
//
// On PostgreSQL (DATABASE_URL set; MIGRATE_ON_START=false reads a seeded database as it is) the
// servers run as child processes (servers/gateway.ts, from the sources), the gateways as deployed:
// NODE_ENV=production, every request with a bearer token (a nationwide staff principal). On the embedded
// default (PGlite, DATA_DIR or .data/pglite) one process holds the data directory, so the
// gateways run in the bench's own process and the minimal SQL runs there after them, one
// connection only (p50 alone, no CPU split; the target: the dashboard under 5 ms through the
// gateway); the minimal server (pg) is left out. There the gateways run as `pnpm start` runs
// them: in development, with the development principal.
//
// Then the README's example queries, read from the README as printed, at one connection: the
// gateway and the http path (every system over HTTP through the provincial-systems simulator,
// +--latency ms on each call); the target is each under 300 ms on the gateway at scale 1.
//
// The load generator is a closed loop over keep-alive node:http connections (load.ts): POST the
// GraphQL body, a non-200 or an `errors` member counts as a failure.
//
// Flags (after `--`, e.g. `pnpm bench -- --rows dashboard --duration 3`):
//   --rows <text>          only the rows whose title contains the text (e.g. dashboard, README)
//   --duration <s>         each run's length, loaded and alone, per path and round (default 5)
//   --requests <n>         a fixed number of requests per run instead of --duration
//   --rounds <n>           interleaved rounds, medians reported (default 3)
//   --connections <n>      the loaded run's connections (default 32; --concurrency is the same)
//   --warmup <n>           requests before each run, not counted (default 20)
//   --settle <s>           load on each path before its first round of a query, not counted (default 5):
//                          a server is measured as it runs for days, its hot code optimized by V8 and
//                          its operations compiled, not while it still compiles them (a fresh gateway
//                          needs some thousands of requests to settle; 0 measures it as it starts)
//   --county <code>        the county (default 320722, 东海县); --township <code> (default its first)
//   --period <year>        the year (default 2021)
//   --readme-requests <n>  requests per path for each README row (default 20); --no-readme skips them
//   --latency <ms>, --jitter <ms>  the simulator's added latency on the README rows' http path (3, 1)
import type { SqlValue } from "@popfam/db";
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { signToken } from "../src/auth/tokens.js";
import { openGatewayDatabase } from "../src/database.js";
import { loadConfig } from "../src/env.js";
import { postOnce, percentile, runLoad, httpPoster } from "./load.js";
import { measureRounds, summarize, type RunSettings } from "./measure.js";
import { readOptions, type Options } from "./options.js";
import { inProcessGenerator, startGeneratorProcess, type LoadGenerator } from "./generator.js";
import { embeddedStatements, httpPath, poolRunner, scrapeStatements, sqlPath, type Path, type PathKind } from "./paths.js";
import { comparedQueries, readmeQueries, TOWNSHIP_BIRTHS, type Place, type RunSql } from "./queries.js";
import { comparisonTable, describeMachine, ratioTable, readmeTable, type QueryReport, type ReadmeRow } from "./report.js";
import { startBenchGateway, type BenchGateway } from "./servers/gateway-server.js";
import { spawnServer, type ServerProcess } from "./servers/spawn.js";

const README_TARGET_MS = 300;
/** The county dashboard's p50 through the gateway at one connection on the embedded database. */
const EMBEDDED_DASHBOARD_TARGET_MS = 5;

interface Setup {
  database: string;
  /** The paths by kind (the gateway first); the minimal server only where there is one. */
  paths: Path[];
  runSql: RunSql;
  settings: RunSettings;
  /** Starts the README rows' paths: name → GraphQL URL, and how to stop them. */
  readmePaths(): Promise<{ paths: { name: string; url: string; headers: Record<string, string> }[]; close(): Promise<void> }>;
}

const log = (line: string) => console.log(line);

function settingsFor(options: Options, databaseCpu: string | null): RunSettings {
  return {
    connections: options.connections,
    plan: options.requests === null ? { durationMs: options.durationS * 1000 } : { requests: options.requests },
    warmup: options.warmup,
    settleMs: options.settleS * 1000,
    rounds: options.rounds,
    loaded: databaseCpu !== null,
    databaseCpu,
  };
}

/** Whether the births connection has totalCount yet (else the births numerator of the indicators stands in). */
async function hasBirthsTotalCount(url: string, headers: Record<string, string>, place: Place): Promise<boolean> {
  try {
    await postOnce(url, JSON.stringify({ query: TOWNSHIP_BIRTHS, variables: { code: place.township, period: place.period } }), headers);
    return true;
  } catch (error) {
    if (String(error).includes("totalCount")) return false;
    throw error;
  }
}

function firstDifference(a: unknown, b: unknown, at: string): string {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${at} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left: unknown = Reflect.get(a, key);
    const right: unknown = Reflect.get(b, key);
    if (!isDeepStrictEqual(left, right)) return firstDifference(left, right, `${at}.${key}`);
  }
  return at;
}

async function compare(setup: Setup, options: Options): Promise<QueryReport[]> {
  const township = options.township ?? ((await setup.runSql(`SELECT code FROM region WHERE parent_code = $1 ORDER BY code LIMIT 1`, [options.county]))[0] as { code: string } | undefined)?.code;
  if (!township) throw new Error(`region ${options.county} has no townships in this database`);
  const place: Place = { county: options.county, township, period: options.period };
  const gatewayPath = setup.paths.find((p) => p.kind === "gateway")!;
  const gatewayUrl = gatewayPath.url!;
  const totalCount = await hasBirthsTotalCount(gatewayUrl, gatewayPath.headers, place);
  const queries = comparedQueries(totalCount).filter((q) => q.title.toLowerCase().includes(options.rows.toLowerCase()));
  if (queries.length === 0) return [];
  log(`\ncounty ${place.county}, township ${place.township}, period ${place.period}` + (totalCount ? "" : " (the births connection has no totalCount yet: the births numerator of the indicators stands in)"));
  const reports: QueryReport[] = [];
  for (const query of queries) {
    log(`\n== ${query.title}: ${query.description} ==`);
    const body = JSON.stringify({ query: query.document, variables: query.variables(place) });
    const statements = query.minimalSql(place);
    const notes: string[] = [];
    const wanted = setup.paths.filter(
      (p) => p.kind === "gateway" || p.kind === "2 workers" || p.kind === "minimal SQL" || (p.kind === "naive" && query.naive) || (p.kind === "interpreted" && query.interpreted) || (p.kind === "answers off" && query.answerCacheOff) || (p.kind === "cache off" && query.indicatorCacheOff) || (p.kind === "minimal server" && query.minimalServer),
    );
    // Every HTTP path must answer what the gateway answers; one that does not is left out and said so.
    const expected = await postOnce(gatewayUrl, body, gatewayPath.headers);
    const measured: Path[] = [];
    for (const path of wanted) {
      if (path.url === null || path.kind === "gateway") {
        measured.push(path);
        continue;
      }
      try {
        const data = await postOnce(path.url, body, path.headers);
        if (isDeepStrictEqual(data, expected)) {
          measured.push(path);
          if (path.kind === "minimal server") log("the minimal server answers exactly the gateway's data");
        } else notes.push(`${path.kind}: answers differ from the gateway's, first at ${firstDifference(expected, data, "data")}; not measured`);
      } catch (error) {
        notes.push(`${path.kind}: ${error instanceof Error ? error.message : String(error)}; not measured`);
      }
    }
    for (const note of notes) log(`note: ${note}`);
    const rows = [];
    for (const statement of statements) rows.push((await setup.runSql(statement.text, statement.params)).length);
    log(`minimal SQL: ${statements.length} statement(s), ${rows.join(" + ")} row(s)`);
    const results = await measureRounds(measured, body, statements, setup.settings, log);
    const summaries = results.map(summarize);
    for (const s of summaries) if (s.failures > 0) notes.push(`${s.kind}: ${s.failures} failed requests: ${s.failureMessages.join("; ")}`);
    reports.push({ title: query.title, description: query.description, summaries, notes });
  }
  return reports;
}

async function readmeRows(setup: Setup, options: Options): Promise<{ rows: ReadmeRow[]; names: string[] }> {
  const queries = readmeQueries().filter((q) => q.title.toLowerCase().includes(options.rows.toLowerCase()));
  if (options.skipReadme || queries.length === 0) return { rows: [], names: [] };
  log(`\n== README examples, one connection, ${options.readmeRequests} requests a path ==`);
  const started = await setup.readmePaths();
  const rows: ReadmeRow[] = [];
  try {
    for (const query of queries) {
      const body = JSON.stringify({ query: query.document });
      const row: ReadmeRow = { title: query.title, paths: {} };
      for (const path of started.paths) {
        try {
          await postOnce(path.url, body, path.headers);
          const sender = httpPoster(path.url, body, 1, path.headers);
          await runLoad(sender.send, { connections: 1, requests: Math.min(3, options.warmup) });
          const run = await runLoad(sender.send, { connections: 1, requests: options.readmeRequests });
          sender.close();
          if (run.failures > 0) throw new Error(`${run.failures} failed: ${run.failureMessages.join("; ")}`);
          row.paths[path.name] = { p50: percentile(run.latencies, 0.5), p99: percentile(run.latencies, 0.99) };
        } catch (error) {
          row.paths[path.name] = { error: error instanceof Error ? error.message : String(error) };
        }
      }
      log(`  ${query.title}: ${started.paths.map((p) => { const c = row.paths[p.name]!; return `${p.name} ${"p50" in c ? `${c.p50.toFixed(1)} / ${c.p99.toFixed(1)} ms` : c.error}`; }).join(", ")}`);
      rows.push(row);
    }
  } finally {
    await started.close();
  }
  return { rows, names: started.paths.map((p) => p.name) };
}

function printReport(setup: Setup, options: Options, reports: QueryReport[], readme: { rows: ReadmeRow[]; names: string[] }, machine: string): void {
  const loaded = setup.settings.loaded;
  log(`\n## ${setup.database}\n`);
  log(`${machine}`);
  const run = options.requests === null ? `${options.durationS} s` : `${options.requests} requests`;
  if (reports.length > 0) {
    log(
      loaded
        ? `each path: ${run} at ${options.connections} connections and ${run} at one connection, medians of ${options.rounds} interleaved rounds\n`
        : `each path: ${run} at one connection (one process holds the embedded database: no loaded run, no CPU split), medians of ${options.rounds} interleaved rounds\n`,
    );
    log(comparisonTable(reports, options.connections, loaded));
    log("");
    log(ratioTable(reports, loaded));
    const dashboard = reports.find((r) => r.title === "county dashboard")?.summaries.find((s) => s.kind === "gateway");
    if (!loaded && dashboard) {
      const met = dashboard.p50Alone < EMBEDDED_DASHBOARD_TARGET_MS ? "met" : "**not met**";
      log(`\nThe county dashboard through the gateway on the embedded database, one connection: p50 ${dashboard.p50Alone.toFixed(2)} ms (target under ${EMBEDDED_DASHBOARD_TARGET_MS} ms: ${met}).`);
    }
    const notes = reports.flatMap((r) => r.notes.map((n) => `${r.title}: ${n}`));
    if (notes.length > 0) log(`\n${notes.map((n) => `- ${n}`).join("\n")}`);
  }
  if (readme.rows.length > 0) {
    log(`\nREADME examples at one connection (${options.readmeRequests} requests a path; http: every system through the simulator, +${options.latency} ± ${options.jitter} ms a call):\n`);
    log(readmeTable(readme.rows, readme.names, README_TARGET_MS));
  }
}

async function onPostgres(options: Options, url: string): Promise<void> {
  // The gateways run as deployed: in production, every request with a bearer token (of a
  // nationwide staff principal, as the development principal is, so that any place can be asked).
  const secret = randomBytes(32).toString("hex");
  const env = { DATABASE_URL: url, MIGRATE_ON_START: process.env.MIGRATE_ON_START ?? "false", NODE_ENV: "production", JWT_SECRET: secret };
  const token = await signToken(loadConfig({ JWT_SECRET: secret, PORT: "0" }).auth, { subject: "bench", role: "ADMIN", jurisdiction: "*" });
  const headers = { authorization: `Bearer ${token}` };
  const servers: ServerProcess[] = [];
  const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const generators: LoadGenerator[] = [];
  // Each path is loaded by a generator process of its own (generator.ts).
  const ownGenerator = async () => {
    const generator = await startGeneratorProcess({ url, poolSize });
    generators.push(generator);
    return generator;
  };
  try {
    const spawned = await Promise.all([
      spawnServer("gateway", "gateway.ts", [], env),
      spawnServer("2 workers", "gateway.ts", ["--workers", "2"], { ...env, WORKERS: "2" }),
      spawnServer("interpreted", "gateway.ts", [], { ...env, GRAPHQL_EXECUTION: "interpreted" }),
      spawnServer("answers off", "gateway.ts", [], { ...env, RESPONSE_CACHE_MB: "0" }),
      spawnServer("cache off", "gateway.ts", [], { ...env, INDICATOR_CACHE: "off" }),
      spawnServer("naive", "gateway.ts", ["--naive"], env),
      spawnServer("minimal server", "minimal-dashboard.ts", [options.county, options.period], env),
    ]);
    servers.push(...spawned);
    const [gateway, workers, interpreted, answersOff, cacheOff, naive, minimal] = spawned as [ServerProcess, ServerProcess, ServerProcess, ServerProcess, ServerProcess, ServerProcess, ServerProcess];
    for (const s of spawned) log(`[${s.name}] pid ${s.pid} at ${s.url}`);
    const served = async (server: ServerProcess, name: PathKind = server.name as PathKind, pathHeaders: Record<string, string> = headers) =>
      httpPath(name, server.url, server.pid, await ownGenerator(), () => scrapeStatements(server.metricsUrl), pathHeaders);
    const setup: Setup = {
      database: `PostgreSQL (${new URL(url).pathname.slice(1)} at ${new URL(url).host}), pools of ${poolSize} connections`,
      paths: [
        await served(gateway),
        await served(workers),
        await served(interpreted),
        await served(answersOff),
        await served(cacheOff),
        await served(naive),
        sqlPath(await ownGenerator()),
        await served(minimal, "minimal server", {}),
      ],
      runSql: poolRunner(pool),
      settings: settingsFor(options, decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres"),
      readmePaths: async () => {
        const http = options.latency >= 0 ? await spawnServer("http", "gateway.ts", ["--simulator", `${options.latency},${options.jitter}`], env) : null;
        return {
          paths: [{ name: "gateway", url: gateway.url, headers }, ...(http ? [{ name: "http", url: http.url, headers }] : [])],
          close: async () => void (await http?.close()),
        };
      },
    };
    const machine = describeMachine("database: PostgreSQL");
    const reports = await compare(setup, options);
    const readme = await readmeRows(setup, options);
    printReport(setup, options, reports, readme, machine);
  } finally {
    await Promise.all([...servers, ...generators].map((s) => s.close()));
    await pool.end();
  }
}

async function onPglite(options: Options): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: "0" });
  const opened = performance.now();
  const db = await openGatewayDatabase(config, (line) => log(`[database] ${line}`));
  log(`[database] ready in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  const gateways: BenchGateway[] = [];
  try {
    const start = async (options_: Parameters<typeof startBenchGateway>[0]) => {
      const gateway = await startBenchGateway(options_);
      gateways.push(gateway);
      return gateway;
    };
    const gateway = await start({ db });
    const interpreted = await start({ db, env: { GRAPHQL_EXECUTION: "interpreted" } });
    const answersOff = await start({ db, env: { RESPONSE_CACHE_MB: "0" } });
    const cacheOff = await start({ db, env: { INDICATOR_CACHE: "off" } });
    const naive = await start({ db, naive: true });
    const runSql: RunSql = (text, params) => db.sql.query(text, params as SqlValue[]);
    // One process holds the data: the load is generated here too.
    const generator = inProcessGenerator(runSql);
    const setup: Setup = {
      database: `PGlite (${db.location}), in the bench's process`,
      paths: [
        httpPath("gateway", gateway.url, null, generator, embeddedStatements),
        httpPath("interpreted", interpreted.url, null, generator, embeddedStatements),
        httpPath("answers off", answersOff.url, null, generator, embeddedStatements),
        httpPath("cache off", cacheOff.url, null, generator, embeddedStatements),
        httpPath("naive", naive.url, null, generator, embeddedStatements),
        sqlPath(generator, embeddedStatements),
      ],
      runSql,
      settings: settingsFor(options, null),
      readmePaths: async () => {
        const http = await startBenchGateway({ db, simulator: { latencyMs: options.latency, jitterMs: options.jitter } });
        return { paths: [{ name: "gateway", url: gateway.url, headers: {} }, { name: "http", url: http.url, headers: {} }], close: () => http.close() };
      },
    };
    const machine = describeMachine("database: PGlite (embedded)");
    const reports = await compare(setup, options);
    if (reports.length > 0) log("\nnote: the minimal node:http + pg server needs a PostgreSQL server: not run on PGlite");
    const readme = await readmeRows(setup, options);
    printReport(setup, options, reports, readme, machine);
  } finally {
    await Promise.all(gateways.map((g) => g.close()));
    await db.close();
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (url) await onPostgres(options, url);
  else await onPglite(options);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
