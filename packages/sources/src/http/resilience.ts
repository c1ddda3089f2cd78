// What the HTTP adapters share beyond the policies themselves (those are cockatiel's, composed in
// client.ts): the recent outcomes of a system's calls for its health report.
export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

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
