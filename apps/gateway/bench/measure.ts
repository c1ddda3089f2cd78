// One measurement of one path: warm-up, the loaded run (CPU split and statements counted), then
// one connection alone; and the rounds: every path once per round, in an order that rotates, so
// that drift on a shared machine falls on all of them alike. Each figure is the median of the rounds.
import { cpuMeter, type CpuSplit } from "./cpu.js";
import type { Statement } from "./generator.js";
import { percentile, type LoadPlan } from "./load.js";
import type { Path, PathKind } from "./paths.js";

export interface RunSettings {
  connections: number;
  /** A run's length: a duration or a number of requests. */
  plan: Omit<LoadPlan, "connections">;
  warmup: number;
  /** Load on each path before its first round, not counted (ms; 0 for none). */
  settleMs: number;
  rounds: number;
  /** Measure the loaded run (false on PGlite: one connection only). */
  loaded: boolean;
  /** The PostgreSQL database whose server processes' CPU is summed (a server on this machine), or null. */
  databaseCpu: string | null;
}

export interface RoundResult {
  /** At `connections` (null when not loaded). */
  loaded: { perSecond: number; p50: number; p99: number; cpu: CpuSplit; requests: number } | null;
  /** At one connection. */
  p50Alone: number;
  statementsPerRequest: number;
  failures: number;
  failureMessages: string[];
}

export interface PathResult {
  kind: PathKind;
  rounds: RoundResult[];
}

export async function measureOnce(path: Path, body: string, statements: Statement[], settings: RunSettings): Promise<RoundResult> {
  if (settings.warmup > 0) await path.load(body, statements, { connections: settings.loaded ? settings.connections : 1, requests: settings.warmup });
  let loaded: RoundResult["loaded"] = null;
  let failures = 0;
  const messages: string[] = [];
  const before = await path.statements();
  let requests = 0;
  if (settings.loaded) {
    const meter = cpuMeter(path.serverPid, settings.databaseCpu);
    const run = await path.load(body, statements, { connections: settings.connections, ...settings.plan });
    const cpu = meter.stop(run.generatorMs);
    requests += run.latencies.length + run.failures;
    failures += run.failures;
    messages.push(...run.failureMessages);
    loaded = { perSecond: run.latencies.length / (run.wallMs / 1000), p50: percentile(run.latencies, 0.5), p99: percentile(run.latencies, 0.99), cpu, requests: run.latencies.length };
  }
  const alone = await path.load(body, statements, { connections: 1, ...settings.plan });
  requests += alone.latencies.length + alone.failures;
  failures += alone.failures;
  messages.push(...alone.failureMessages);
  const after = await path.statements();
  return { loaded, p50Alone: percentile(alone.latencies, 0.5), statementsPerRequest: requests > 0 ? (after - before) / requests : Number.NaN, failures, failureMessages: [...new Set(messages)].slice(0, 3) };
}

/** Every path once per round, each round starting one path further along. */
export async function measureRounds(
  paths: Path[],
  body: string,
  statements: Statement[],
  settings: RunSettings,
  progress: (line: string) => void,
): Promise<PathResult[]> {
  const results: PathResult[] = paths.map((path) => ({ kind: path.kind, rounds: [] }));
  if (settings.settleMs > 0) {
    progress(`  settling each path for ${settings.settleMs / 1000} s`);
    for (const path of paths) await path.load(body, statements, { connections: settings.loaded ? settings.connections : 1, durationMs: settings.settleMs });
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (let i = 0; i < paths.length; i++) {
      const index = (i + round) % paths.length;
      const result = await measureOnce(paths[index]!, body, statements, settings);
      results[index]!.rounds.push(result);
      const l = result.loaded;
      progress(
        `  round ${round + 1} ${paths[index]!.kind.padEnd(14)} ` +
          (l ? `${l.perSecond.toFixed(0).padStart(6)} req/s  p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} ms @${settings.connections}  ` : "") +
          `p50 ${result.p50Alone.toFixed(2)} ms @1  ${result.statementsPerRequest.toFixed(2)} SQL/req` +
          (result.failures > 0 ? `  ${result.failures} failed: ${result.failureMessages.join("; ")}` : ""),
      );
    }
  }
  return results;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Summary {
  kind: PathKind;
  perSecond: number | null;
  p50: number | null;
  p99: number | null;
  p50Alone: number;
  statementsPerRequest: number;
  /** CPU of each part during the loaded run, as a share of one core (100 = one core busy). */
  cpu: { server: number | null; database: number | null; generator: number } | null;
  /** CPU ms per request of all three parts together, during the loaded run. */
  cpuMsPerRequest: number | null;
  failures: number;
  failureMessages: string[];
}

export function summarize(result: PathResult): Summary {
  const loaded = result.rounds.map((r) => r.loaded).filter((l) => l !== null);
  const share = (pick: (cpu: CpuSplit) => number | null) => {
    const values = loaded.map((l) => pick(l.cpu)).filter((v) => v !== null);
    return values.length === 0 ? null : median(values.map((v, i) => (v / loaded[i]!.cpu.wallMs) * 100));
  };
  return {
    kind: result.kind,
    perSecond: loaded.length ? median(loaded.map((l) => l.perSecond)) : null,
    p50: loaded.length ? median(loaded.map((l) => l.p50)) : null,
    p99: loaded.length ? median(loaded.map((l) => l.p99)) : null,
    p50Alone: median(result.rounds.map((r) => r.p50Alone)),
    statementsPerRequest: median(result.rounds.map((r) => r.statementsPerRequest)),
    cpu: loaded.length ? { server: share((c) => c.serverMs), database: share((c) => c.databaseMs), generator: share((c) => c.generatorMs) ?? 0 } : null,
    cpuMsPerRequest: loaded.length
      ? median(loaded.map((l) => ((l.cpu.serverMs ?? 0) + (l.cpu.databaseMs ?? 0) + l.cpu.generatorMs) / Math.max(1, l.requests)))
      : null,
    failures: result.rounds.reduce((sum, r) => sum + r.failures, 0),
    failureMessages: [...new Set(result.rounds.flatMap((r) => r.failureMessages))].slice(0, 3),
  };
}
