// What the HTTP adapters share beyond the policies themselves (those are cockatiel's, composed in
// client.ts): the deadline of the request a call is made for, and the recent outcomes of a
// system's calls for its health report.
import { AsyncLocalStorage } from "node:async_hooks";

export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

const deadlineScope = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` (and everything it starts: loaders, resolvers, port calls) under one deadline:
 * when `signal` aborts, every upstream call made within fails at once, queued or in flight,
 * whatever its own timeout. The gateway runs each GraphQL request under one.
 */
export function withUpstreamDeadline<T>(signal: AbortSignal, work: () => T): T {
  return deadlineScope.run(signal, work);
}

/** The deadline of the request being served, if any. */
export function currentUpstreamDeadline(): AbortSignal | undefined {
  return deadlineScope.getStore();
}

/** Latency and outcomes of the last calls to a system, for its health report. */
export class RecentCalls {
  private readonly samples: { ms: number; ok: boolean }[] = [];

  constructor(private readonly size = 200) {}

  record(ms: number, ok: boolean): void {
    this.samples.push({ ms, ok });
    if (this.samples.length > this.size) this.samples.shift();
  }

  summary(): { calls: number; errorRate: number | null; p50Ms: number | null; p95Ms: number | null } {
    const n = this.samples.length;
    if (n === 0) return { calls: 0, errorRate: null, p50Ms: null, p95Ms: null };
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(n - 1, Math.floor(q * n))]! * 10) / 10;
    const failures = this.samples.filter((s) => !s.ok).length;
    return { calls: n, errorRate: Math.round((failures / n) * 1000) / 1000, p50Ms: at(0.5), p95Ms: at(0.95) };
  }
}
