// Admission control for /graphql: at most MAX_CONCURRENT_REQUESTS GraphQL requests execute at
// once, up to MAX_QUEUED_REQUESTS wait their turn in arrival order, and the rest are shed at once
// with HTTP 503, `Retry-After` and the code OVERLOADED. A request that waited longer than
// REQUEST_QUEUE_TIMEOUT_MS is shed too: by then its caller has given up or soon will. Without this,
// a gateway offered more than it can serve takes every request in, and all of them slow down
// together (latency and memory grow without bound) instead of most being served in time.
//
// A caller that disconnects while queued gives its place back; a slot is given back when the
// request's handling ends, however it ends. /livez, /readyz, /healthz and /metrics never queue,
// and neither does a request without a valid token (it is answered 401 before anything runs).
//
// The queue's clock starts when the gateway reads the request. Connections the kernel holds
// before the event loop accepts them (a process starved of CPU) wait unseen and uncounted:
// bench:soak reports that wait as "CPU wait %".
import type { IncomingMessage, ServerResponse } from "node:http";

export type ShedReason = "queue_full" | "queue_timeout";

export type Admission =
  | { admitted: true; /** ms spent waiting in the queue */ waitedMs: number; release(): void }
  | { admitted: false; reason: ShedReason | "aborted"; waitedMs: number };

export interface AdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

interface Waiter {
  enqueuedAt: number;
  settle(admission: Admission): void;
}

export class AdmissionGate {
  private running = 0;
  // A FIFO of waiters; a waiter that leaves early (timeout, abort) is removed from it at once.
  private readonly waiting = new Set<Waiter>();

  constructor(readonly limits: AdmissionLimits) {}

  /** Requests executing now. */
  get executing(): number {
    return this.running;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Whether `acquire` would admit at once (then it needs no signal: there is no wait to abort). */
  get admitsNow(): boolean {
    return this.running < this.limits.maxConcurrent && this.waiting.size === 0;
  }

  /** Waits for a slot: admitted (call release() exactly once when done), or refused. `signal` aborts the wait. */
  acquire(signal?: AbortSignal): Promise<Admission> {
    if (signal?.aborted) return Promise.resolve({ admitted: false, reason: "aborted", waitedMs: 0 });
    if (this.admitsNow) return Promise.resolve(this.admit(performance.now()));
    if (this.waiting.size >= this.limits.maxQueued) return Promise.resolve({ admitted: false, reason: "queue_full", waitedMs: 0 });
    return new Promise<Admission>((resolve) => {
      const leave = (reason: "queue_timeout" | "aborted") => {
        if (!this.waiting.delete(waiter)) return;
        cleanup();
        resolve({ admitted: false, reason, waitedMs: performance.now() - waiter.enqueuedAt });
      };
      const timer = setTimeout(() => leave("queue_timeout"), this.limits.queueTimeoutMs);
      const onAbort = () => leave("aborted");
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        enqueuedAt: performance.now(),
        settle: (admission) => {
          cleanup();
          resolve(admission);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.add(waiter);
    });
  }

  /** Seconds a refused caller should wait: by then everyone queued now has run or been shed. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.limits.queueTimeoutMs / 1000));
  }

  private admit(enqueuedAt: number): Admission {
    this.running++;
    let released = false;
    return {
      admitted: true,
      waitedMs: performance.now() - enqueuedAt,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        this.next();
      },
    };
  }

  private next(): void {
    while (this.running < this.limits.maxConcurrent && this.waiting.size > 0) {
      const waiter = this.waiting.values().next().value!;
      this.waiting.delete(waiter);
      waiter.settle(this.admit(waiter.enqueuedAt));
    }
  }
}

/** An AbortSignal that fires when the caller goes away before its response has been sent (or has already gone). */
export function clientGone(request: IncomingMessage, response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (response.destroyed || request.socket.destroyed) {
    controller.abort();
  } else {
    response.once("close", () => {
      if (!response.writableFinished) controller.abort();
    });
  }
  return controller.signal;
}

/** 503 with `Retry-After` and a GraphQL-shaped error whose code is OVERLOADED. */
export function sendOverloaded(response: ServerResponse, gate: AdmissionGate, reason: ShedReason, waitedMs: number): void {
  const { maxConcurrent, maxQueued, queueTimeoutMs } = gate.limits;
  const retryAfter = gate.retryAfterSeconds();
  const message =
    reason === "queue_full"
      ? `the gateway is at capacity: ${maxConcurrent} requests are running and ${maxQueued} are waiting; retry in ${retryAfter} s`
      : `the gateway is at capacity: the request waited ${Math.round(waitedMs)} ms for its turn (the limit is ${queueTimeoutMs} ms); retry in ${retryAfter} s`;
  response.statusCode = 503;
  response.setHeader("content-type", "application/json");
  response.setHeader("retry-after", String(retryAfter));
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify({ errors: [{ message, extensions: { code: "OVERLOADED", reason, retryAfter } }] }));
}
