// `pnpm bench:soak`: holds the gateway at a fixed request rate for minutes and reports, minute by
// minute, what its callers and the gateway itself went through.
//
// Open loop: request i is sent at start + i / rate whether or not the earlier ones have answered
// (as real callers do), so a gateway that falls behind shows it in latency, in-flight requests and
// memory instead of slowing the generator down. In-flight requests are capped (--max-in-flight): a
// request due while the cap is reached is not sent, and counted as such.
//
// The mix, in equal parts (round robin): the README's county dashboard, births page and special
// families as printed there (apps/gateway/test/readme-examples.ts), and 东海县's record-linkage
// summary, fund estimate and paid, and a page of 100 of its residents.
// Before the soak each is run alone a few times (--alone), one at a time: what it costs without
// contention.
//
// Without --url the gateway is started as a child process (the embedded database by default, or
// DATABASE_URL; every variable of this environment is passed on), so that its memory and CPU are
// its own (its workers' too, with WORKERS > 1): read from /proc every second. With --url the gateway's /metrics gives them
// (METRICS_TOKEN when it wants one). Requests carry a token when one is needed: --token, or one
// signed with JWT_SECRET when that is set (an officer of 东海县); otherwise they act as the
// development principal, as the README's examples do.
//
// Each period's row: requests sent and not sent (the cap) in it; answers that arrived in it, ok
// (200, data, no error), OVERLOADED (503, shed by admission control) and the other error codes;
// latency percentiles of the ok answers; the gateway's RSS (at the end and the highest seen), its
// CPU (% of one core), the share of the time its event loop was runnable but had no CPU (the
// machine, not the gateway, is then the limit), and from its /metrics the admission queue, the
// event-loop delay (p99) and statements waiting for a pool connection, each at their highest.
//
//   npx -y pnpm@10.34.8 bench:soak -- --rate 20 --minutes 2
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench MIGRATE_ON_START=false npx -y pnpm@10.34.8 bench:soak -- --rate 50
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import os from "node:os";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { signToken } from "../src/auth/tokens.js";
import { descendantsOf } from "./cpu.js";
import { failUsage, readFlags } from "../src/cli/command-line.js";
import { loadConfig } from "../src/env.js";
import { readmeExample } from "../test/readme-examples.js";

const USAGE = `Holds the gateway at a fixed request rate (open loop) and reports per minute.

usage: bench:soak -- [options]

  --rate <n>            requests a second (default 50)
  --minutes <n>         how long to send (default 10; fractions allowed)
  --url <url>           the gateway's /graphql; without it one is started as a child process
  --max-in-flight <n>   requests in flight at most; one due beyond is not sent (default 256)
  --timeout <s>         a request not answered by then counts as CLIENT_TIMEOUT (default 60)
  --alone <n>           run each query of the mix alone n times first (default 3; 0: skip)
  --interval <s>        the report's period (default 60)
  --token <jwt>         the bearer token to send (default: signed with JWT_SECRET if set, else none)
  --log <file>          write the started gateway's log lines there (default: dropped)
  --trace <file>        write one JSON line per request there: its X-Request-Id (soak-<n>, as the
                        gateway's log names it), query, send time, latency and outcome
  --help                this text`;

const PERSONS = `query CountyPersons {
  region(code: "320722") { persons(first: 100) { edges { node { id name sex birthDate } } pageInfo { hasNextPage endCursor } } }
}`;

/** A county's record-linkage summary for a year: the counts, not the flagged births. */
const LINKAGE_SUMMARY = `query CountyLinkageSummary {
  region(code: "320722") { birthLinkage(period: "2024") { births registryCoverage { value } keyItemAccuracy { value } reportTimeliness { value } findingCounts { kind count } } }
}`;

/** A county's fund estimate and what was paid, for a year. */
const FUNDS = `query CountyFunds {
  region(code: "320722") {
    fundEstimate(year: 2024) { total { yuan } rows { program { code } fundingSource beneficiaries amount { yuan } } }
    paid(year: 2024) { program { code } beneficiaries amount { yuan } }
  }
}`;

interface Member {
  name: string;
  body: string;
}

const MIX: Member[] = [
  { name: "dashboard", document: readmeExample("CountyDashboard").document },
  { name: "births page", document: readmeExample("query Births").document },
  { name: "linkage summary", document: LINKAGE_SUMMARY },
  { name: "special families", document: readmeExample("specialFamilies", "coverageGaps").document },
  { name: "fund estimate and paid", document: FUNDS },
  { name: "persons page", document: PERSONS },
].map(({ name, document }) => ({ name, body: JSON.stringify({ query: document }) }));

interface Options {
  rate: number;
  seconds: number;
  url: string | null;
  maxInFlight: number;
  timeoutMs: number;
  alone: number;
  intervalMs: number;
  token: string | null;
  log: string | null;
  trace: string | null;
}

function readOptions(): Options {
  const values = readFlags(USAGE, {
    rate: { type: "string", default: "50" },
    minutes: { type: "string", default: "10" },
    url: { type: "string" },
    "max-in-flight": { type: "string", default: "256" },
    timeout: { type: "string", default: "60" },
    alone: { type: "string", default: "3" },
    interval: { type: "string", default: "60" },
    token: { type: "string" },
    log: { type: "string" },
    trace: { type: "string" },
  });
  const number = (flag: string, text: string, min: number, integer = false) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) failUsage(USAGE, `--${flag} must be ${integer ? "an integer" : "a number"} of at least ${min}, not '${text}'`);
    return n;
  };
  const rate = number("rate", values.rate, 0.1);
  const minutes = number("minutes", values.minutes, 0.05);
  if (values.url !== undefined && !/^https?:\/\/[^/]+\/graphql$/.test(values.url)) failUsage(USAGE, "--url must be the gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql");
  return {
    rate,
    seconds: minutes * 60,
    url: values.url ?? null,
    maxInFlight: number("max-in-flight", values["max-in-flight"], 1, true),
    timeoutMs: number("timeout", values.timeout, 1) * 1000,
    alone: number("alone", values.alone, 0, true),
    intervalMs: number("interval", values.interval, 1) * 1000,
    token: values.token ?? null,
    log: values.log ?? null,
    trace: values.trace ?? null,
  };
}

// ---- the gateway: a child process of ours, or one at --url -------------------------------------

interface Usage {
  /** Resident set size, bytes. */
  rss: number;
  /** CPU time used since the process started, seconds (user + system). */
  cpuSeconds: number;
  /** Time its main thread (the event loop) spent runnable but waiting for a CPU, seconds (/proc schedstat); null when unknown. */
  runQueueSeconds: number | null;
}

interface Gateway {
  url: string;
  /** The gateway's memory and CPU now, or null when they cannot be read. */
  usage(): Promise<Usage | null>;
  stop(): Promise<void>;
}

const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * /proc: the gateway's RSS and CPU time, read without asking it (its event loop may be busy): its
 * process and, with WORKERS > 1, its workers, summed.
 */
function procUsage(pid: number): Usage | null {
  const usages = [pid, ...descendantsOf(pid)].map(processUsage);
  const own = usages[0];
  if (!own) return null;
  const sum = (pick: (u: Usage) => number | null) => usages.reduce<number | null>((total, u) => (total === null || u === null || pick(u) === null ? total : total + pick(u)!), 0);
  return { rss: sum((u) => u.rss)!, cpuSeconds: sum((u) => u.cpuSeconds)!, runQueueSeconds: own.runQueueSeconds === null ? null : sum((u) => u.runQueueSeconds) };
}

/** One process' RSS, CPU time and time runnable but waiting for a CPU. */
function processUsage(pid: number): Usage | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command: state(3) ... utime(14) stime(15) ... rss(24), numbered as proc(5) does.
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    const waitedNs = Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]);
    const runQueueSeconds = Number.isFinite(waitedNs) ? waitedNs / 1e9 : null;
    return Number.isFinite(cpuSeconds) && Number.isFinite(rssKb) ? { rss: rssKb * 1024, cpuSeconds, runQueueSeconds } : null;
  } catch {
    return null;
  }
}

function metricsUrl(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql$/, "/metrics");
}

/** The gateway's Prometheus metrics as name{labels} → value, or null when they cannot be read in time. */
async function scrape(graphqlUrl: string): Promise<Map<string, number> | null> {
  try {
    const token = process.env.METRICS_TOKEN;
    const response = await fetch(metricsUrl(graphqlUrl), { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(2_000) });
    if (response.status !== 200) return null;
    const metrics = new Map<string, number>();
    for (const line of (await response.text()).split("\n")) {
      const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match) metrics.set(match[1]!, Number(match[2]));
    }
    return metrics;
  } catch {
    return null;
  }
}

function remoteGateway(url: string): Gateway {
  return {
    url,
    async usage() {
      const metrics = await scrape(url);
      const rss = metrics?.get("process_resident_memory_bytes");
      const cpuSeconds = metrics?.get("process_cpu_seconds_total");
      return rss !== undefined && cpuSeconds !== undefined ? { rss, cpuSeconds, runQueueSeconds: null } : null;
    },
    async stop() {},
  };
}

/** A port free on 127.0.0.1 now (the gateway is then started on it). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `src/main.ts` in a node process of its own (tsx as a loader, so its pid is the gateway's)
 * and waits until /livez answers. Its log lines (stdout, at any LOG_LEVEL) are read as they come,
 * so that its synchronous writes never wait on us, and kept in --log when given.
 */
async function childGateway(logFile: string | null): Promise<Gateway> {
  const gatewayDir = fileURLToPath(new URL("..", import.meta.url));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--max-semi-space-size=64", "--conditions=@popfam/source", "--import", import.meta.resolve("tsx"), "src/main.ts"], {
    cwd: gatewayDir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: WriteStream | null = logFile ? createWriteStream(logFile) : null;
  let stderr = "";
  let ready = false;
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
    log?.write(chunk);
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    log?.write(`${line}\n`);
    if (ready) return;
    // The start-up lines (migrating, seeding: the first start takes minutes) show while it starts.
    try {
      const entry = JSON.parse(line) as { msg?: unknown };
      if (typeof entry.msg === "string") console.log(`[gateway] ${entry.msg}`);
    } catch {
      console.log(`[gateway] ${line}`);
    }
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  while (!ready) {
    if (exitCode !== undefined) throw new Error(`the gateway exited (code ${exitCode}) before it answered:\n${stderr}`);
    ready = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (!ready) await sleep(250);
  }
  const pid = child.pid!;
  console.log(`[gateway] pid ${pid} at ${url}`);
  return {
    url,
    usage: async () => procUsage(pid),
    async stop() {
      if (exitCode === undefined) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(timer);
      }
      log?.end();
    },
  };
}

// ---- requests -------------------------------------------------------------------------------------

type Outcome = { ok: true } | { ok: false; code: string };

interface Answer {
  ms: number;
  outcome: Outcome;
  /** When it was sent (epoch ms). */
  sentAt: number;
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, requestId?: string): Promise<Answer> {
  const started = performance.now();
  const sentAt = Date.now();
  let outcome: Outcome;
  try {
    const response = await fetch(url, { method: "POST", headers: requestId ? { ...headers, "x-request-id": requestId } : headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let parsed: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // not JSON: the status says what happened
    }
    const codes = (parsed.errors ?? []).map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN"));
    if (response.status === 200 && codes.length === 0 && parsed.data !== undefined) outcome = { ok: true };
    else outcome = { ok: false, code: codes[0] ?? `HTTP_${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    outcome = { ok: false, code: name === "TimeoutError" ? "CLIENT_TIMEOUT" : "NETWORK" };
  }
  return { ms: performance.now() - started, outcome, sentAt };
}

// ---- what is counted ------------------------------------------------------------------------------

class Tally {
  sent = 0;
  notSent = 0;
  answered = 0;
  ok: number[] = [];
  errors = new Map<string, number>();

  add(answer: Answer) {
    this.answered++;
    if (answer.outcome.ok) this.ok.push(answer.ms);
    else this.errors.set(answer.outcome.code, (this.errors.get(answer.outcome.code) ?? 0) + 1);
  }

  merge(other: Tally) {
    this.sent += other.sent;
    this.notSent += other.notSent;
    this.answered += other.answered;
    this.ok.push(...other.ok);
    for (const [code, n] of other.errors) this.errors.set(code, (this.errors.get(code) ?? 0) + n);
  }

  get overloaded() {
    return this.errors.get("OVERLOADED") ?? 0;
  }

  /** The other errors, most frequent first: CODE×n. */
  otherErrors(): string {
    const rest = [...this.errors].filter(([code]) => code !== "OVERLOADED").sort((a, b) => b[1] - a[1]);
    return rest.length === 0 ? "-" : rest.map(([code, n]) => `${code}×${n}`).join(" ");
  }

  percentiles(): [number, number, number] {
    const sorted = [...this.ok].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
    return [at(0.5), at(0.95), at(0.99)];
  }
}

interface Period {
  tally: Tally;
  label: string;
  startedAt: number;
  /** Gateway usage at the period's start, for its CPU share; the peak RSS seen in it. */
  usageAtStart: Usage | null;
  peakRss: number;
  maxInFlight: number;
  /** The gateway's admission gauges at their highest in the period, when /metrics answers. */
  maxQueued: number | null;
  maxExecuting: number | null;
  /** The gateway's event-loop delay (p99 over prom-client's window), ms, at its highest in the period. */
  maxLoopLagMs: number | null;
  /** Database statements waiting for a pool connection, at the highest seen. */
  maxPoolWaiting: number | null;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");
const mib = (bytes: number) => (bytes > 0 ? (bytes / 1024 / 1024).toFixed(0) : "-");

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padStart(widths[i]!))).join("  ");
}

const HEADER = ["period", "sent", "not sent", "answered", "ok", "OVERLOADED", "p50 ms", "p95 ms", "p99 ms", "in flight max", "gw RSS MiB", "RSS max", "gw CPU %", "CPU wait %", "queued max", "loop lag ms", "pool wait", "errors"];
const WIDTHS = HEADER.map((h) => Math.max(h.length, 6));

function periodRow(period: Period, usageAtEnd: Usage | null, endedAt: number): string {
  const t = period.tally;
  const [p50, p95, p99] = t.percentiles();
  const wall = (endedAt - period.startedAt) / 1000;
  const before = period.usageAtStart;
  const cpu = usageAtEnd && before ? (((usageAtEnd.cpuSeconds - before.cpuSeconds) / wall) * 100).toFixed(0) : "-";
  // The share of the time the event loop wanted a CPU and had none: the machine, not the gateway, is then the limit.
  const starved =
    usageAtEnd?.runQueueSeconds != null && before?.runQueueSeconds != null ? (((usageAtEnd.runQueueSeconds - before.runQueueSeconds) / wall) * 100).toFixed(0) : "-";
  return row(
    [
      period.label, String(t.sent), String(t.notSent), String(t.answered), String(t.ok.length), String(t.overloaded), ms(p50), ms(p95), ms(p99), String(period.maxInFlight),
      mib(usageAtEnd?.rss ?? 0), mib(Math.max(period.peakRss, usageAtEnd?.rss ?? 0)), cpu, starved,
      period.maxQueued === null ? "-" : String(period.maxQueued), period.maxLoopLagMs === null ? "-" : ms(period.maxLoopLagMs),
      period.maxPoolWaiting === null ? "-" : String(period.maxPoolWaiting), t.otherErrors(),
    ],
    WIDTHS,
  );
}

// ---- the run --------------------------------------------------------------------------------------

async function requestHeaders(options: Options): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  let token = options.token;
  if (!token && process.env.JWT_SECRET) {
    const config = loadConfig({ ...process.env, PORT: "0" });
    token = await signToken(config.auth, { subject: "soak", role: "OFFICER", jurisdiction: "320722", expiresIn: `${Math.min(config.auth.maxTokenLifetimeSeconds, 3_600)}s` });
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

async function runAlone(url: string, headers: Record<string, string>, times: number, timeoutMs: number): Promise<void> {
  console.log(`\neach query alone, one at a time (${times} runs after one warm-up):`);
  for (const member of MIX) {
    await post(url, headers, member.body, timeoutMs);
    const answers: Answer[] = [];
    for (let i = 0; i < times; i++) answers.push(await post(url, headers, member.body, timeoutMs));
    const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
    const failed = answers.filter((a) => !a.outcome.ok).map((a) => (a.outcome.ok ? "" : a.outcome.code));
    console.log(
      `  ${member.name.padEnd(30)} median ${ms(sorted[Math.floor(sorted.length / 2)]!).padStart(6)} ms, min ${ms(sorted[0]!).padStart(6)} ms, max ${ms(sorted.at(-1)!).padStart(6)} ms` +
        (failed.length > 0 ? `  errors: ${[...new Set(failed)].join(", ")}` : ""),
    );
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const gateway = options.url ? remoteGateway(options.url) : await childGateway(options.log);
  let interrupted = false;
  // Ctrl-C or SIGTERM: stop sending, report what was seen, and stop the gateway started here.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.log(`\n${signal}: stopping the soak`);
    });
  }
  try {
    const headers = await requestHeaders(options);
    const cpuModel = os.cpus()[0]?.model.trim() ?? "unknown CPU";
    console.log(`machine: ${os.cpus().length} cores (${cpuModel}), Node ${process.version}; gateway ${gateway.url}${options.url ? "" : " (started here)"}`);
    console.log(`mix (equal parts, round robin): ${MIX.map((m) => m.name).join(", ")}; auth: ${headers.authorization ? "bearer token" : "development principal"}`);
    if (options.alone > 0) await runAlone(gateway.url, headers, options.alone, options.timeoutMs);

    const total = Math.floor(options.rate * options.seconds);
    console.log(`\nsoak: ${options.rate} requests/s for ${(options.seconds / 60).toFixed(2)} min (${total} requests), in flight at most ${options.maxInFlight}, timeout ${options.timeoutMs / 1000} s`);
    console.log(row(HEADER, WIDTHS));

    const all = new Tally();
    const byMember = MIX.map(() => new Tally());
    const started = performance.now();
    let inFlight = 0;
    let peakRss = 0;
    const usageAtStart = await gateway.usage();
    const newPeriod = (label: string, usage: Usage | null): Period => ({
      tally: new Tally(), label, startedAt: performance.now(), usageAtStart: usage, peakRss: usage?.rss ?? 0, maxInFlight: inFlight, maxQueued: null, maxExecuting: null, maxLoopLagMs: null, maxPoolWaiting: null,
    });
    let index = 0;
    let period = newPeriod("1", usageAtStart);
    const finishPeriod = async (next: string | null) => {
      const usage = await gateway.usage();
      if (usage) peakRss = Math.max(peakRss, usage.rss);
      console.log(periodRow(period, usage, performance.now()));
      all.merge(period.tally);
      if (next !== null) period = newPeriod(next, usage);
    };

    // Every second: the gateway's memory (for the peak) and its admission gauges.
    const sampler = setInterval(() => {
      void gateway.usage().then((usage) => {
        if (usage) period.peakRss = Math.max(period.peakRss, usage.rss);
      });
      void scrape(gateway.url).then((metrics) => {
        const queued = metrics?.get("popfam_graphql_requests_queued");
        const executing = metrics?.get("popfam_graphql_requests_executing");
        if (queued !== undefined) period.maxQueued = Math.max(period.maxQueued ?? 0, queued);
        if (executing !== undefined) period.maxExecuting = Math.max(period.maxExecuting ?? 0, executing);
        const lag = metrics?.get("nodejs_eventloop_lag_p99_seconds");
        if (lag !== undefined) period.maxLoopLagMs = Math.max(period.maxLoopLagMs ?? 0, lag * 1000);
        const waiting = [...(metrics ?? [])].find(([name]) => name.startsWith('popfam_db_pool_connections{state="waiting"'))?.[1];
        if (waiting !== undefined) period.maxPoolWaiting = Math.max(period.maxPoolWaiting ?? 0, waiting);
      });
    }, 1_000);

    const trace: WriteStream | null = options.trace ? createWriteStream(options.trace) : null;
    const pending = new Set<Promise<void>>();
    const fire = (memberIndex: number, n: number) => {
      inFlight++;
      period.maxInFlight = Math.max(period.maxInFlight, inFlight);
      const id = `soak-${n}`;
      const request = post(gateway.url, headers, MIX[memberIndex]!.body, options.timeoutMs, id).then((answer) => {
        inFlight--;
        const { outcome } = answer;
        trace?.write(`${JSON.stringify({ id, query: MIX[memberIndex]!.name, sentAt: new Date(answer.sentAt).toISOString(), ms: Math.round(answer.ms), outcome: outcome.ok ? "ok" : outcome.code })}\n`);
        // Answers count in the period they arrive in, as the latency a caller sees then.
        period.tally.add(answer);
        byMember[memberIndex]!.add(answer);
      });
      pending.add(request);
      void request.finally(() => pending.delete(request));
    };

    let periodEnd = started + options.intervalMs;
    let periodNumber = 1;
    while (index < total && !interrupted) {
      const now = performance.now();
      if (now >= periodEnd) {
        periodNumber++;
        await finishPeriod(String(periodNumber));
        periodEnd += options.intervalMs;
        continue;
      }
      const due = started + (index * 1000) / options.rate;
      if (due > now) {
        await sleep(Math.min(due - now, periodEnd - now));
        continue;
      }
      // Everything due by now goes out (a late timer catches up), unless the cap is reached.
      while (index < total && started + (index * 1000) / options.rate <= performance.now()) {
        const memberIndex = index % MIX.length;
        if (inFlight >= options.maxInFlight) {
          period.tally.notSent++;
          byMember[memberIndex]!.notSent++;
        } else {
          period.tally.sent++;
          byMember[memberIndex]!.sent++;
          fire(memberIndex, index);
        }
        index++;
      }
    }
    const sendingEnded = performance.now();
    await finishPeriod(`drain`);
    // The requests still in flight answer (or time out) in the drain period.
    await Promise.allSettled([...pending]);
    await finishPeriod(null);
    clearInterval(sampler);
    trace?.end();
    const usageAtEnd = await gateway.usage();
    if (usageAtEnd) peakRss = Math.max(peakRss, usageAtEnd.rss);

    const seconds = (sendingEnded - started) / 1000;
    const [p50, p95, p99] = all.percentiles();
    console.log(`\nsummary over ${seconds.toFixed(0)} s of sending (${(all.sent / seconds).toFixed(1)} sent/s, ${(all.ok.length / ((performance.now() - started) / 1000)).toFixed(1)} ok/s):`);
    console.log(`  sent ${all.sent}, not sent ${all.notSent}, answered ${all.answered}, ok ${all.ok.length}, OVERLOADED ${all.overloaded}, other errors: ${all.otherErrors()}`);
    console.log(`  ok latency p50 ${ms(p50)} ms, p95 ${ms(p95)} ms, p99 ${ms(p99)} ms`);
    if (usageAtStart && usageAtEnd) {
      const cpu = ((usageAtEnd.cpuSeconds - usageAtStart.cpuSeconds) / ((performance.now() - started) / 1000)) * 100;
      console.log(`  gateway RSS ${mib(usageAtStart.rss)} → ${mib(usageAtEnd.rss)} MiB (peak ${mib(peakRss)} MiB), CPU ${cpu.toFixed(0)} % of one core on average`);
    }
    console.log("  by query:");
    for (const [i, member] of MIX.entries()) {
      const t = byMember[i]!;
      const [m50, m95, m99] = t.percentiles();
      console.log(
        `    ${member.name.padEnd(30)} sent ${String(t.sent).padStart(6)}  ok ${String(t.ok.length).padStart(6)}  OVERLOADED ${String(t.overloaded).padStart(5)}  ` +
          `p50 ${ms(m50).padStart(6)}  p95 ${ms(m95).padStart(6)}  p99 ${ms(m99).padStart(6)} ms  errors: ${t.otherErrors()}`,
      );
    }
  } finally {
    await gateway.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nsoak failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
