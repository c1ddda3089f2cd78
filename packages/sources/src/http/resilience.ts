// The guards every HTTP call to a provincial system passes through: a circuit breaker (stop
// calling a system that keeps failing, probe it again later), a concurrency cap (never more than
// N calls in flight to one system), and retries with exponential backoff for idempotent reads.

export type CircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface BreakerSettings {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  openMs: number;
}

/**
 * Closed: calls pass. Open: calls are refused at once (no waiting on a system known to be down).
 * Half-open: one probe passes; its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private state: CircuitState = "CLOSED";
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): CircuitState {
    if (this.state === "OPEN" && this.now() - this.openedAt >= this.settings.openMs) return "HALF_OPEN";
    return this.state;
  }

  /** Whether a call may start now; a true answer in half-open state claims the one probe. */
  tryAcquire(): boolean {
    const state = this.current;
    if (state === "CLOSED") return true;
    if (state === "OPEN" || this.probeInFlight) return false;
    this.state = "HALF_OPEN";
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.state = "CLOSED";
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
  }

  recordFailure(): void {
    this.probeInFlight = false;
    this.consecutiveFailures++;
    if (this.state === "HALF_OPEN" || this.consecutiveFailures >= this.settings.failureThreshold) {
      this.state = "OPEN";
      this.openedAt = this.now();
    }
  }
}

/** At most `limit` holders at a time; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export interface RetrySettings {
  /** Further attempts after the first. */
  retries: number;
  /** The first wait; each further wait doubles, with up to 50% random jitter added. */
  backoffMs: number;
}

/** Waits before the given retry (1-based). */
export function backoffDelay(settings: RetrySettings, retry: number, random: () => number = Math.random): number {
  const base = settings.backoffMs * 2 ** (retry - 1);
  return Math.round(base + base * 0.5 * random());
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
