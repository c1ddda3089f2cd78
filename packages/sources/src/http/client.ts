// One provincial system over HTTP: every call passes the circuit breaker and the concurrency
// cap, each attempt has a timeout, and failed calls are retried with backoff: a read is safe to
// repeat, and a write carries an idempotency key, so a retry never writes twice. Failures
// surface as UpstreamError naming the system.
import { UpstreamError, type UpstreamErrorCode } from "../errors.js";
import type { SystemCode } from "../systems.js";
import type { UpstreamSettings } from "./config.js";
import { BatchResponse, type WireResult } from "./contract.js";
import { backoffDelay, CircuitBreaker, RecentCalls, Semaphore, sleep, type CircuitState } from "./resilience.js";

export interface UpstreamHealth {
  system: SystemCode;
  url: string;
  circuit: CircuitState;
  inFlight: number;
  queued: number;
  recent: ReturnType<RecentCalls["summary"]>;
  lastError: string | null;
}

/**
 * How an attempt failed. `retryable`: the system may answer next time (down, 5xx, timeout).
 * A refused request (4xx) is neither retried nor held against the system's health; a garbled
 * answer is held against it but not retried (the same call would get the same answer).
 */
class AttemptError extends Error {
  constructor(
    readonly upstream: UpstreamError,
    readonly retryable: boolean,
    readonly unhealthy: boolean = retryable,
  ) {
    super(upstream.message);
  }
}

export class UpstreamClient {
  readonly breaker: CircuitBreaker;
  private readonly gate: Semaphore;
  private readonly recent = new RecentCalls();
  private lastError: string | null = null;

  constructor(
    readonly system: SystemCode,
    readonly settings: UpstreamSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: settings.failureThreshold, openMs: settings.openMs });
    this.gate = new Semaphore(settings.maxConcurrency);
  }

  /** POSTs the keys to the method's endpoint; answers one wire result per key, in order. */
  async batch(method: string, keys: readonly unknown[]): Promise<WireResult[]> {
    let retry = 0;
    for (;;) {
      if (!this.breaker.tryAcquire()) {
        throw new UpstreamError(this.system, "UPSTREAM_UNAVAILABLE", {
          detail: `circuit open after ${this.settings.failureThreshold} failed calls; calls resume after a successful probe`,
        });
      }
      const started = performance.now();
      try {
        const results = await this.gate.run(() => this.attempt(method, keys));
        this.breaker.recordSuccess();
        this.recent.record(performance.now() - started, true);
        return results;
      } catch (error) {
        const failure = error instanceof AttemptError ? error : new AttemptError(new UpstreamError(this.system, "UPSTREAM_UNAVAILABLE", { cause: error }), true);
        this.recent.record(performance.now() - started, false);
        this.lastError = failure.upstream.message;
        if (failure.unhealthy) this.breaker.recordFailure();
        else this.breaker.recordSuccess();
        if (!failure.retryable || retry >= this.settings.retries) throw failure.upstream;
        retry++;
        await sleep(backoffDelay(this.settings, retry));
      }
    }
  }

  private async attempt(method: string, keys: readonly unknown[]): Promise<WireResult[]> {
    const fail = (code: UpstreamErrorCode, detail: string, retryable: boolean, cause?: unknown, unhealthy = retryable) =>
      new AttemptError(new UpstreamError(this.system, code, { detail, cause }), retryable, unhealthy);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.settings.url}/${method}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}),
        },
        body: JSON.stringify({ keys }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        throw fail("UPSTREAM_TIMEOUT", `${method}: no answer within ${this.settings.timeoutMs} ms`, true, error);
      }
      throw fail("UPSTREAM_UNAVAILABLE", `${method}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`, true, error);
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw fail("UPSTREAM_UNAVAILABLE", `${method}: HTTP ${response.status} ${text.slice(0, 200)}`, retryable);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail("UPSTREAM_INVALID_DATA", `${method}: the answer is not JSON`, false, undefined, true);
    }
    const parsed = BatchResponse.safeParse(body);
    if (!parsed.success || parsed.data.results.length !== keys.length) {
      throw fail("UPSTREAM_INVALID_DATA", `${method}: expected ${keys.length} results in the batch answer`, false, undefined, true);
    }
    return parsed.data.results;
  }

  health(): UpstreamHealth {
    return {
      system: this.system,
      url: this.settings.url,
      circuit: this.breaker.current,
      inFlight: this.gate.inFlight,
      queued: this.gate.queued,
      recent: this.recent.summary(),
      lastError: this.lastError,
    };
  }
}
