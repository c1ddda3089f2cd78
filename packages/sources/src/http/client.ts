// One provincial system over HTTP, guarded by cockatiel's policies built from the system's
// settings: a call waits for a slot in the bulkhead (at most `maxConcurrency` in flight and
// `queueLimit` waiting; one more fails at once), passes the circuit breaker (open after
// `failureThreshold` consecutive failures, one probe after `openMs`), and each attempt has its
// own timeout; a failed attempt is retried with exponential backoff: a read is safe to repeat,
// and a write carries an idempotency key, so a retry never writes twice. The whole call, queue
// and retries included, ends by its deadline: `deadlineMs`, or the deadline of the GraphQL request
// it serves (the signal the call is handed), whichever comes first. Failures surface as UpstreamError
// naming the system and a category; what exactly went wrong stays in its `detail`, for the log.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import {
  BrokenCircuitError, BulkheadRejectedError, bulkhead, circuitBreaker, ConsecutiveBreaker, ConstantBackoff, ExponentialBackoff, handleWhen,
  IsolatedCircuitError, retry, timeout, TimeoutStrategy, CircuitState as PolicyState,
  type BulkheadPolicy, type CircuitBreakerPolicy, type RetryPolicy, type TimeoutPolicy,
} from "cockatiel";
import { UpstreamError, type UpstreamErrorCode } from "../errors.js";
import type { SystemCode } from "../systems.js";
import type { UpstreamSettings } from "./config.js";
import { BatchResponse, type WireResult } from "./contract.js";
import { RecentCalls, type CircuitState } from "./resilience.js";

// Looked up at each use: a tracer taken before the application registers its provider stays a no-op.
const tracer = () => trace.getTracer("@popfam/sources");

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

/** The call's deadline passed (queued, in flight or between attempts): neither retried nor held against the system. */
class DeadlinePassed extends Error {
  constructor() {
    super("the deadline passed");
  }
}

export class UpstreamClient {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly retry: RetryPolicy;
  private readonly timeout: TimeoutPolicy;
  private readonly recent = new RecentCalls();
  private lastError: string | null = null;
  private openedAt = 0;

  constructor(
    readonly system: SystemCode,
    readonly settings: UpstreamSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof AttemptError && error.unhealthy),
      { halfOpenAfter: settings.openMs, breaker: new ConsecutiveBreaker(settings.failureThreshold) },
    );
    this.breaker.onBreak(() => (this.openedAt = Date.now()));
    this.bulkhead = bulkhead(settings.maxConcurrency, settings.queueLimit);
    this.retry = retry(handleWhen((error) => error instanceof AttemptError && error.retryable), {
      maxAttempts: settings.retries,
      backoff: settings.backoffMs === 0 ? new ConstantBackoff(0) : new ExponentialBackoff({ initialDelay: settings.backoffMs, maxDelay: settings.backoffMs * 32 }),
    });
    // Cooperative: the attempt's fetch is aborted by the timeout's signal and reports the timeout itself.
    this.timeout = timeout(settings.timeoutMs, TimeoutStrategy.Cooperative);
  }

  /** POSTs the keys to the method's endpoint; answers one wire result per key, in order. `requestDeadline`: the deadline of the request the call is made for. */
  async batch(method: string, keys: readonly unknown[], requestDeadline?: AbortSignal): Promise<WireResult[]> {
    const deadline = this.deadline(requestDeadline);
    return tracer().startActiveSpan(`upstream ${this.system}.${method}`, { attributes: { "popfam.upstream.system": this.system, "popfam.upstream.keys": keys.length } }, async (span) => {
      try {
        const work = this.retry.execute(
          ({ signal }) =>
            this.breaker.execute(
              () => this.queued(signal, () => this.timeout.execute(({ signal: attemptSignal }) => this.attempt(method, keys, attemptSignal, signal), signal)),
              signal,
            ),
          deadline.signal,
        );
        return await untilAborted(deadline.signal, work);
      } catch (error) {
        const upstream = this.failure(method, error, deadline.signal);
        this.lastError = upstream.detail ? `${upstream.message} (${upstream.detail})` : upstream.message;
        failSpan(span, upstream);
        throw upstream;
      } finally {
        deadline.dispose();
        span.end();
      }
    });
  }

  /** The call's own deadline, cut short by the request's when there is one. */
  private deadline(request: AbortSignal | undefined): { signal: AbortSignal; dispose(): void } {
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(), this.settings.deadlineMs);
    return { signal: request ? AbortSignal.any([request, own.signal]) : own.signal, dispose: () => clearTimeout(timer) };
  }

  /**
   * Runs `work` in the bulkhead. cockatiel's bulkhead keeps a caller whose signal aborted in its
   * queue until its turn (and, handed the signal, stalls the queue behind it), so the caller stops
   * waiting at once here, and its turn, when it comes, passes straight on.
   */
  private queued<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    return untilAborted(
      signal,
      this.bulkhead.execute(async () => {
        if (signal.aborted) throw new DeadlinePassed();
        return work();
      }),
    );
  }

  /** The caller's error for whatever ended the call: the system, a code and a category, the rest in `detail`. */
  private failure(method: string, error: unknown, deadline: AbortSignal): UpstreamError {
    if (error instanceof AttemptError) return error.upstream;
    if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
      return new UpstreamError(this.system, "UPSTREAM_UNAVAILABLE", {
        reason: `circuit open after ${this.settings.failureThreshold} failed calls; calls resume after a successful probe`,
      });
    }
    if (error instanceof BulkheadRejectedError) {
      return new UpstreamError(this.system, "UPSTREAM_UNAVAILABLE", {
        reason: `overloaded: ${this.settings.maxConcurrency} calls in flight and ${this.settings.queueLimit} waiting`,
      });
    }
    if (error instanceof DeadlinePassed || deadline.aborted) {
      return new UpstreamError(this.system, "UPSTREAM_TIMEOUT", { reason: `${method}: no answer before the deadline` });
    }
    return new UpstreamError(this.system, "UPSTREAM_UNAVAILABLE", { reason: `${method}: call failed`, cause: error });
  }

  private async attempt(method: string, keys: readonly unknown[], signal: AbortSignal, deadline: AbortSignal): Promise<WireResult[]> {
    const started = performance.now();
    const url = `${this.settings.url}/${method}`;
    const span = tracer().startSpan(`POST ${this.system}.${method}`, {
      kind: SpanKind.CLIENT,
      attributes: { "http.request.method": "POST", "url.full": url, "popfam.upstream.system": this.system },
    });
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
      ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}),
    };
    // The W3C trace context (traceparent) of this attempt, when tracing is on; nothing otherwise.
    propagation.inject(trace.setSpan(context.active(), span), headers);
    try {
      const results = await this.send(method, url, keys, headers, signal, deadline, span);
      this.recent.record(performance.now() - started, true);
      return results;
    } catch (error) {
      if (!(error instanceof DeadlinePassed)) this.recent.record(performance.now() - started, false);
      failSpan(span, error instanceof AttemptError ? error.upstream : error);
      throw error;
    } finally {
      span.end();
    }
  }

  private async send(
    method: string, url: string, keys: readonly unknown[], headers: Record<string, string>, signal: AbortSignal, deadline: AbortSignal, span: Span,
  ): Promise<WireResult[]> {
    const fail = (code: UpstreamErrorCode, reason: string, retryable: boolean, detail?: string, unhealthy = retryable) =>
      new AttemptError(new UpstreamError(this.system, code, { reason, detail }), retryable, unhealthy);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { method: "POST", headers, body: JSON.stringify({ keys }), signal });
      span.setAttribute("http.response.status_code", response.status);
      text = await response.text();
    } catch (error) {
      if (deadline.aborted) throw new DeadlinePassed();
      if (signal.aborted) throw fail("UPSTREAM_TIMEOUT", `${method}: no answer within ${this.settings.timeoutMs} ms`, true);
      throw fail("UPSTREAM_UNAVAILABLE", `${method}: connection failed`, true, `${url}: ${describe(error)}`);
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw fail("UPSTREAM_UNAVAILABLE", `${method}: HTTP ${response.status}`, retryable, `${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail("UPSTREAM_INVALID_DATA", `${method}: the answer is not JSON`, false, `${url}: ${text.slice(0, 200)}`, true);
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
      circuit: this.circuit(),
      inFlight: this.settings.maxConcurrency - this.bulkhead.executionSlots,
      queued: this.settings.queueLimit - this.bulkhead.queueSlots,
      recent: this.recent.summary(),
      lastError: this.lastError,
    };
  }

  /** The breaker's state; an open circuit whose wait is over shows as half-open (the next call probes). */
  circuit(): CircuitState {
    switch (this.breaker.state) {
      case PolicyState.Closed:
        return "CLOSED";
      case PolicyState.HalfOpen:
        return "HALF_OPEN";
      case PolicyState.Open:
        return Date.now() - this.openedAt >= this.settings.openMs ? "HALF_OPEN" : "OPEN";
      default:
        return "OPEN";
    }
  }
}

/** `work`, or a rejection as soon as `signal` aborts (work that goes on later is ignored). */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(new DeadlinePassed());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlinePassed());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function failSpan(span: Span, error: unknown): void {
  if (error instanceof UpstreamError) {
    span.setAttribute("error.type", error.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
}
