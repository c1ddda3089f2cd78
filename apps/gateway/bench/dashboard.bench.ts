// `pnpm bench`: what DataLoader batching buys the county dashboard, and what fronting the
// provincial systems over HTTP costs.
//
// Three gateways run in this process over one database: "database" (per-request loaders that
// batch and cache, database-backed adapters), "http" (the same loaders, HTTP adapters calling
// the provincial-systems simulator, which adds a few milliseconds of latency to every call) and
// "naive" (database adapters with batching and caching off: every key is its own call). All
// answer the same queries, checked to return identical data, and are measured in interleaved
// rounds so that machine drift hits them alike. Besides latency and throughput it reports the
// upstream (port) calls per query: with batching that number depends on the shape of the query,
// not on how many townships or births it returns, and must stay so.
//
// Then every example query of the README, as printed there, is measured at one connection on the
// database and HTTP paths (the target: each under 300 ms on the database path at scale 1), beside a
// page of 100 residents of the county. A row that fails (an error answered, a circuit opened under
// load, its time budget used up) is reported with its errors and the run goes on.
//
// Flags: --county 320722 --period 2021 --requests 200 --concurrency 8 --warmup 20
//        --latency 3 --jitter 1 (the simulator's added latency per upstream call, ms)
//        --rows README (only the rows whose title contains the text)
import type { Database } from "@popfam/db";
import os from "node:os";
import { parseArgs, isDeepStrictEqual } from "node:util";
import { openGatewayDatabase } from "../src/database.js";
import { loadConfig } from "../src/env.js";
import { readmeExample } from "../test/readme-examples.js";
import { startGateway, type RunningGateway } from "../src/http/server.js";
import { startSimulator, type RunningSimulator } from "@popfam/provincial-sim";

/** Time a path may spend on one row, warm-up included, before that row stops (the next row starts afresh). */
const PATH_BUDGET_MS = 120_000;
const ROUNDS = 10;

const COUNTY_DASHBOARD = `query CountyDashboard($code: String!, $period: String!) {
  region(code: $code) {
    code name
    indicators(period: $period) { code value numerator denominator unit target { comparator threshold } attainment { attained gap } }
    children(first: 100) { totalCount edges { node { code name indicators(period: $period) { code value numerator denominator target { threshold } attainment { attained } } } } }
  }
}`;

const COUNTY_BIRTHS = `query CountyBirths($code: String!, $period: String!) {
  region(code: $code) {
    births(period: $period, first: 20) { edges { node { id birthDate mother { name } registration { mode } region { name } } } }
  }
}`;

const COUNTY_DATA_QUALITY = `query CountyDataQuality($code: String!, $period: String!) {
  region(code: $code) {
    birthLinkage(period: $period) { births registryCoverage { value } keyItemAccuracy { value } reportTimeliness { value } findingCounts { kind count } }
  }
}`;

// The example queries of the README, as printed there (their regions and years are theirs, not
// the --county and --period flags'). Each is measured at one connection on the database path: the
// target is that every one answers in under 300 ms there.
const README_DASHBOARD = readmeExample("CountyDashboard").document;
const README_BIRTHS = readmeExample("query Births").document;
const README_LINKAGE = readmeExample("birthLinkage", "flaggedBirths").document;
const README_REWARDS = readmeExample("targetPopulation", "fundEstimate").document;
const README_SPECIAL_FAMILIES = readmeExample("specialFamilies", "coverageGaps").document;
const README_CHILDCARE = readmeExample("query CountyChildcare").document;

/** A page of 100 residents of the county: the list statement must read about the rows it returns. */
const COUNTY_PERSONS = `query CountyPersons($code: String!) {
  region(code: $code) { persons(first: 100) { edges { node { id name sex birthDate } } pageInfo { hasNextPage endCursor } } }
}`;

interface Query {
  title: string;
  document: string;
  /** Also measured without batching. */
  naive: boolean;
  /** A README example: measured at one connection, its own regions and years. */
  readme?: boolean;
}

const QUERIES: Query[] = [
  { title: "county dashboard: indicators of the county and each township", document: COUNTY_DASHBOARD, naive: true },
  { title: "county births: first 20 with mother, registration and region", document: COUNTY_BIRTHS, naive: true },
  // Without batching this is one registry call per mother (about a thousand): left out of the naive path.
  { title: "county data quality: every birth of the year linked across the channels", document: COUNTY_DATA_QUALITY, naive: false },
  { title: "county persons: a page of 100 residents", document: COUNTY_PERSONS, naive: false },
  { title: "README: county dashboard (东海县 2021)", document: README_DASHBOARD, naive: false, readme: true },
  { title: "README: births of a township, a page of 20 (2024)", document: README_BIRTHS, naive: false, readme: true },
  { title: "README: record linkage and data quality (东海县 2024)", document: README_LINKAGE, naive: false, readme: true },
  { title: "README: rewards and assistance (东海县 2024)", document: README_REWARDS, naive: false, readme: true },
  { title: "README: special families (东海县 2025)", document: README_SPECIAL_FAMILIES, naive: false, readme: true },
  { title: "README: childcare (东海县 2021 and 2025)", document: README_CHILDCARE, naive: false, readme: true },
];

/** The README rows' requests and concurrency: one connection, fewer requests (each is a whole county's work). */
const README_REQUESTS = 20;
const README_WARMUP = 3;

interface Options {
  county: string;
  period: string;
  requests: number;
  concurrency: number;
  warmup: number;
  latency: number;
  jitter: number;
  /** Only the rows whose title contains this text (all rows when empty). */
  rows: string;
}

interface Path {
  name: "database" | "http" | "naive";
  gateway: RunningGateway;
  /** Time spent on this path's requests so far, against PATH_BUDGET_MS. */
  spentMs: number;
}

interface Measurement {
  path: Path;
  latencies: number[];
  errors: string[];
  wallMs: number;
  portCalls: number;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: unknown[];
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      county: { type: "string", default: "320722" },
      period: { type: "string", default: "2021" },
      requests: { type: "string", default: "200" },
      concurrency: { type: "string", default: "8" },
      warmup: { type: "string", default: "20" },
      latency: { type: "string", default: "3" },
      jitter: { type: "string", default: "1" },
      rows: { type: "string", default: "" },
    },
  });
  const count = (flag: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be an integer of at least ${min}, not '${text}'`);
    return n;
  };
  return {
    county: values.county,
    period: values.period,
    requests: count("requests", values.requests, 1),
    concurrency: count("concurrency", values.concurrency, 1),
    warmup: count("warmup", values.warmup, 0),
    latency: count("latency", values.latency, 0),
    jitter: count("jitter", values.jitter, 0),
    rows: values.rows,
  };
}

/** Posts one query; anything but a 200 with data and no errors is a failure. */
async function send(path: Path, body: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(path.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body, signal });
  const result = (await response.json()) as GraphQLResponse;
  if (response.status !== 200 || result.errors !== undefined || result.data === undefined) {
    const messages = (result.errors ?? []).map((e) => (typeof e === "object" && e !== null && "message" in e ? String(e.message) : JSON.stringify(e)));
    throw new Error(`the ${path.name} path answered HTTP ${response.status} with ${messages.length > 0 ? `errors: ${messages.join("; ")}` : "no data"}`);
  }
  return result.data;
}

/** Runs work against a path, stopping it when the path's time budget runs out. */
async function withinBudget<T>(path: Path, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const exceeded = () => new Error(`the ${path.name} path used up its ${PATH_BUDGET_MS / 1000} s budget; stopping this row`);
  const remaining = PATH_BUDGET_MS - path.spentMs;
  if (remaining <= 0) throw exceeded();
  const signal = AbortSignal.timeout(Math.ceil(remaining));
  const started = performance.now();
  try {
    return await work(signal);
  } catch (error) {
    throw signal.aborted ? exceeded() : error;
  } finally {
    path.spentMs += performance.now() - started;
  }
}

interface PoolResult {
  /** The latency of each request answered with data, in ms. */
  latencies: number[];
  /** The message of each request that failed (an error answered, a circuit open under load). */
  errors: string[];
}

/**
 * Sends `count` requests, at most `concurrency` at a time. A failed request is counted with its
 * message and the pool goes on; only the path's time budget running out stops it.
 */
async function runPool(path: Path, body: string, count: number, concurrency: number, signal: AbortSignal): Promise<PoolResult> {
  const result: PoolResult = { latencies: [], errors: [] };
  let started = 0;
  const worker = async () => {
    while (started < count && !signal.aborted) {
      started++;
      const begin = performance.now();
      try {
        await send(path, body, signal);
        result.latencies.push(performance.now() - begin);
      } catch (error) {
        if (signal.aborted) throw error;
        result.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  // allSettled, so that no request is still in flight when the budget's end is reported.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, count) }, worker));
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return result;
}

/**
 * Every path must return the same data; also shows which systems one request calls, and how often.
 * A path that fails to answer is reported and left out of the row (the others are still measured);
 * paths that answer differently fail the row.
 */
async function checkAgreement(paths: Path[], title: string, body: string, failed: string[]): Promise<Path[]> {
  const answered: { path: Path; data: unknown }[] = [];
  console.log("port calls for one request:");
  for (const path of paths) {
    path.gateway.portCalls.reset();
    try {
      const data = await withinBudget(path, (signal) => send(path, body, signal));
      answered.push({ path, data });
      const calls = Object.entries(path.gateway.portCalls.byMethod()).map(([method, n]) => `${method} ×${n}`);
      console.log(`  ${path.name.padEnd(10)}  ${path.gateway.portCalls.total} in all: ${calls.join(", ")}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`  ${path.name.padEnd(10)}  error: ${message}`);
      failed.push(`${title} (${path.name}): ${message}`);
    }
  }
  const [first, ...others] = answered;
  for (const other of others) {
    if (!isDeepStrictEqual(first!.data, other.data)) {
      throw new Error(`${title}: the ${first!.path.name} and ${other.path.name} paths returned different data, first at ${firstDifference(first!.data, other.data, "data")}`);
    }
  }
  return answered.map((a) => a.path);
}

function firstDifference(a: unknown, b: unknown, at: string): string {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${at} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const left: unknown = Reflect.get(a, key);
    const right: unknown = Reflect.get(b, key);
    if (!isDeepStrictEqual(left, right)) return firstDifference(left, right, `${at}.${key}`);
  }
  return at;
}

/** Splits `total` requests into rounds of (nearly) equal size. */
function roundSizes(total: number): number[] {
  const rounds = Math.min(ROUNDS, total);
  return Array.from({ length: rounds }, (_, i) => Math.floor(total / rounds) + (i < total % rounds ? 1 : 0));
}

async function measure(paths: Path[], body: string, options: Options): Promise<Measurement[]> {
  for (const path of paths) {
    if (options.warmup > 0) await withinBudget(path, (signal) => runPool(path, body, options.warmup, options.concurrency, signal));
  }
  const measurements: Measurement[] = paths.map((path) => ({ path, latencies: [], errors: [], wallMs: 0, portCalls: 0 }));
  for (const path of paths) path.gateway.portCalls.reset();
  for (const [round, size] of roundSizes(options.requests).entries()) {
    // Each round starts with another path, so no path always runs first or last.
    const order = measurements.map((_, i) => measurements[(i + round) % measurements.length]!);
    for (const m of order) {
      const started = performance.now();
      const pool = await withinBudget(m.path, (signal) => runPool(m.path, body, size, options.concurrency, signal));
      m.latencies.push(...pool.latencies);
      m.errors.push(...pool.errors);
      m.wallMs += performance.now() - started;
    }
  }
  for (const m of measurements) m.portCalls = m.path.gateway.portCalls.total;
  return measurements;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function summarize(m: Measurement) {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  const requests = sorted.length;
  return {
    path: m.path.name,
    requests,
    errors: m.errors.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((sum, ms) => sum + ms, 0) / requests,
    perSecond: requests / (m.wallMs / 1000),
    callsPerQuery: m.portCalls / requests,
  };
}

function printTable(measurements: Measurement[]): void {
  const rows = measurements.map(summarize);
  const header = ["path", "requests", "errors", "p50 ms", "p99 ms", "mean ms", "req/s", "port calls/query"];
  const cells = rows.map((r) => [
    r.path, String(r.requests), String(r.errors), r.p50.toFixed(2), r.p99.toFixed(2), r.mean.toFixed(2), r.perSecond.toFixed(1), r.callsPerQuery.toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of cells) console.log(line(row));
  for (const m of measurements) {
    const distinct = [...new Set(m.errors)];
    if (distinct.length > 0) console.log(`${m.path.name}: ${m.errors.length} failed requests: ${distinct.slice(0, 3).join("; ")}`);
  }
  const base = rows.find((r) => r.path === "database");
  const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
  for (const other of rows) {
    if (!base || other === base || base.requests === 0 || other.requests === 0) continue;
    console.log(
      `${other.path} / database: p50 ${ratio(other.p50, base.p50)}, req/s ${ratio(other.perSecond, base.perSecond)}, port calls ${ratio(other.callsPerQuery, base.callsPerQuery)}`,
    );
  }
}

function describeMachine(db: Database): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `machine: ${os.cpus().length} cores (${cpu}), ${os.platform()} ${os.release()}, Node ${process.version}; database: ${db.kind} (${db.location})`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
  const opened = performance.now();
  const db = await openGatewayDatabase(config, (line) => console.log(`[database] ${line}`));
  console.log(`[database] ready in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  const gateways: RunningGateway[] = [];
  let simulator: RunningSimulator | null = null;
  try {
    simulator = await startSimulator({ db, faults: { defaults: { latencyMs: options.latency, jitterMs: options.jitter } } });
    console.log(`[simulator] ${simulator.url}: +${options.latency} ms (±${options.jitter} ms) on every upstream call`);
    const start = async (name: Path["name"]): Promise<Path> => {
      const log = (line: string) => console.log(`[${name}] ${line}`);
      const pathConfig = name === "http" ? loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", UPSTREAM_URL: simulator!.url }) : config;
      const gateway = await startGateway({ config: pathConfig, db, log, loaderOptions: name === "naive" ? { batching: false } : {} });
      gateways.push(gateway);
      return { name, gateway, spentMs: 0 };
    };
    const paths = [await start("database"), await start("http"), await start("naive")];

    console.log(describeMachine(db));
    console.log(
      `county ${options.county}, period ${options.period}: ${options.requests} measured requests per path in ${roundSizes(options.requests).length} alternating rounds, ` +
        `concurrency ${options.concurrency}, ${options.warmup} warm-up requests`,
    );
    const variables = { code: options.county, period: options.period };
    const failed: string[] = [];
    for (const query of QUERIES.filter((q) => q.title.toLowerCase().includes(options.rows.toLowerCase()))) {
      const usesVariables = query.document.includes("$code") || query.document.includes("$period");
      const body = JSON.stringify({ query: query.document, variables: usesVariables ? variables : {} });
      console.log(`\n== ${query.title} ==`);
      const measured = query.naive ? paths : paths.filter((path) => path.name !== "naive");
      const rowOptions = query.readme
        ? { ...options, requests: Math.min(options.requests, README_REQUESTS), warmup: Math.min(options.warmup, README_WARMUP), concurrency: 1 }
        : options;
      if (query.readme) console.log(`(one connection, ${rowOptions.requests} requests a path)`);
      // A failing row (a path's circuit opened under load, a budget used up, an error answered) is
      // reported with its error and the run goes on to the next row.
      try {
        const answering = await checkAgreement(measured, query.title, body, failed);
        console.log("");
        if (answering.length > 0) printTable(await measure(answering, body, rowOptions));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`\nerror: ${message}`);
        failed.push(`${query.title}: ${message}`);
      } finally {
        // Each row starts with a fresh time budget.
        for (const path of paths) path.spentMs = 0;
      }
    }
    if (failed.length > 0) {
      console.log(`\n${failed.length} rows or paths could not be measured:`);
      for (const line of failed) console.log(`  ${line}`);
    }
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await simulator?.close();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
