// /metrics in Prometheus' text format (prom-client): GraphQL request durations by operation,
// errors by code, upstream calls, latency and errors by system, each HTTP upstream's circuit,
// bulkhead and queue, the database pool, and the process' default metrics. One registry per
// gateway, so that several in one process (the tests) do not collide.
import { statementsSent, type Database } from "@popfam/db";
import type { ResultCache } from "../cache/result-cache.js";
import type { ExecutionStats } from "../execution/compiled.js";
import { SYSTEM_CODES, type PortCall, type Sources } from "@popfam/sources";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { clusterMetrics, reportToPrimary } from "./cluster-metrics.js";
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const CIRCUIT_VALUE = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;
/** Distinct operation names kept as labels at most; later new names count as "other". */
const MAX_OPERATION_LABELS = 200;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requestDuration: Histogram<"operation" | "type" | "status">;
  private readonly errors: Counter<"code">;
  private readonly upstreamCalls: Counter<"system" | "adapter" | "outcome">;
  private readonly upstreamDuration: Histogram<"system" | "adapter">;
  private readonly upstreamErrors: Counter<"system" | "code">;
  private readonly shedTotal: Counter<"reason">;
  private readonly queueWait: Histogram;
  /** Where the admission gauges read from (http/admission.ts); unset: they read 0. */
  private admissionState: { executing: number; queued: number; limits: { maxConcurrent: number; maxQueued: number } } | null = null;

  constructor(
    private readonly sources: Sources,
    db: Database,
    results: ResultCache | null,
    execution: ExecutionStats | null,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    reportToPrimary(this.registry);
    this.requestDuration = new Histogram({
      name: "popfam_graphql_request_duration_seconds",
      help: "GraphQL requests by operation name, operation type and HTTP status",
      labelNames: ["operation", "type", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: "popfam_graphql_errors_total", help: "GraphQL errors returned, by extensions.code", labelNames: ["code"], registers });
    this.upstreamCalls = new Counter({
      name: "popfam_upstream_calls_total",
      help: "Calls to the provincial systems (one per loader batch; retries inside a call are not counted), by system, adapter and outcome",
      labelNames: ["system", "adapter", "outcome"],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: "popfam_upstream_call_duration_seconds",
      help: "Duration of calls to the provincial systems, queueing and retries included",
      labelNames: ["system", "adapter"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.upstreamErrors = new Counter({ name: "popfam_upstream_errors_total", help: "Failed calls to the provincial systems by system and code", labelNames: ["system", "code"], registers });
    const http = () => Object.entries(this.sources.clients);
    new Gauge({
      name: "popfam_upstream_circuit_state",
      help: "Circuit breaker of each system over HTTP: 0 closed, 1 half-open (the next call probes), 2 open",
      labelNames: ["system"],
      registers,
      collect() {
        for (const [system, client] of http()) this.set({ system }, CIRCUIT_VALUE[client.circuit()]);
      },
    });
    new Gauge({
      name: "popfam_upstream_in_flight",
      help: "Calls in flight to each system over HTTP",
      labelNames: ["system"],
      registers,
      collect() {
        for (const [system, client] of http()) this.set({ system }, client.health().inFlight);
      },
    });
    new Gauge({
      name: "popfam_upstream_queued",
      help: "Calls waiting for a slot to each system over HTTP",
      labelNames: ["system"],
      registers,
      collect() {
        for (const [system, client] of http()) this.set({ system }, client.health().queued);
      },
    });
    new Gauge({
      name: "popfam_db_pool_connections",
      help: "Database connections by state: total, idle and waiting (queries waiting for a connection) on PostgreSQL; PGlite has one connection (total) and no pool",
      labelNames: ["state", "engine"],
      registers,
      collect() {
        const stats = db.poolStats();
        this.set({ state: "total", engine: db.kind }, stats.total);
        this.set({ state: "max", engine: db.kind }, stats.max);
        if (stats.idle !== null) this.set({ state: "idle", engine: db.kind }, stats.idle);
        if (stats.waiting !== null) this.set({ state: "waiting", engine: db.kind }, stats.waiting);
      },
    });
    new Counter({
      name: "popfam_db_statements_total",
      help: "SQL statements sent to the database by this process (the gateway's reads, audit rows and writes; Prisma's own statements are not counted)",
      labelNames: ["engine"],
      registers,
      collect() {
        this.reset();
        this.inc({ engine: db.kind }, statementsSent[db.kind]);
      },
    });
    new Counter({
      name: "popfam_result_cache_lookups_total",
      help: "Results looked up in the result cache (kept under the rollups' version: indicator measures, targets, linkage measures, regions, counts), by result: hit or miss",
      labelNames: ["result", "store"],
      registers,
      collect() {
        if (!results) return;
        this.reset();
        this.inc({ result: "hit", store: results.kind }, results.stats.hits);
        this.inc({ result: "miss", store: results.kind }, results.stats.misses);
      },
    });
    new Counter({
      name: "popfam_response_cache_lookups_total",
      help: "Queries looked up in the answer cache (whole answers kept under the rollups' version), by result: hit, miss, or skipped (a query whose last answer read what the version does not follow is not looked up)",
      labelNames: ["result", "store"],
      registers,
      collect() {
        const responses = results?.responses;
        if (!responses) return;
        this.reset();
        this.inc({ result: "hit", store: responses.kind }, responses.stats.hits);
        this.inc({ result: "miss", store: responses.kind }, responses.stats.misses);
        this.inc({ result: "skipped", store: responses.kind }, responses.stats.skipped);
      },
    });
    new Counter({
      name: "popfam_response_cache_answered_before_execution_total",
      help: "Of the answer cache's hits, those the HTTP front sent before Apollo ran (a staff caller's JSON POST): no document parsed, no plugin run",
      labelNames: ["store"],
      registers,
      collect() {
        const responses = results?.responses;
        if (!responses) return;
        this.reset();
        this.inc({ store: responses.kind }, responses.stats.front);
      },
    });
    new Counter({
      name: "popfam_graphql_executions_total",
      help: "Operations executed, by mode: compiled (the function compiled from its document) or interpreted (graphql-js: a document's runs before it is compiled)",
      labelNames: ["mode"],
      registers,
      collect() {
        if (!execution) return;
        this.reset();
        this.inc({ mode: "compiled" }, execution.compiledRuns);
        this.inc({ mode: "interpreted" }, execution.interpretedRuns);
      },
    });
    new Counter({
      name: "popfam_graphql_compilations_total",
      help: "Operations compiled (one per document and operation, at its GRAPHQL_COMPILE_AFTER-th run)",
      registers,
      collect() {
        if (!execution) return;
        this.reset();
        this.inc(execution.compilations);
      },
    });
    const admission = () => this.admissionState;
    new Gauge({
      name: "popfam_graphql_requests_executing",
      help: "GraphQL requests holding an execution slot now (at most MAX_CONCURRENT_REQUESTS)",
      registers,
      collect() {
        this.set(admission()?.executing ?? 0);
      },
    });
    new Gauge({
      name: "popfam_graphql_requests_queued",
      help: "GraphQL requests waiting for an execution slot now (at most MAX_QUEUED_REQUESTS)",
      registers,
      collect() {
        this.set(admission()?.queued ?? 0);
      },
    });
    new Gauge({
      name: "popfam_graphql_admission_limit",
      help: "The admission limits: kind=executing (MAX_CONCURRENT_REQUESTS) and kind=queued (MAX_QUEUED_REQUESTS)",
      labelNames: ["kind"],
      registers,
      collect() {
        const state = admission();
        if (!state) return;
        this.set({ kind: "executing" }, state.limits.maxConcurrent);
        this.set({ kind: "queued" }, state.limits.maxQueued);
      },
    });
    this.shedTotal = new Counter({
      name: "popfam_graphql_requests_shed_total",
      help: "GraphQL requests refused with 503 OVERLOADED, by reason: queue_full (refused on arrival) or queue_timeout (waited too long)",
      labelNames: ["reason"],
      registers,
    });
    for (const reason of ["queue_full", "queue_timeout"]) this.shedTotal.inc({ reason }, 0);
    this.queueWait = new Histogram({
      name: "popfam_graphql_queue_wait_seconds",
      help: "Time GraphQL requests waited for an execution slot (admitted or shed)",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every system appears from the start, at zero, so that a rate() has a series to work on.
    for (const system of SYSTEM_CODES) this.upstreamCalls.inc({ system, adapter: this.sources.adapters[system], outcome: "ok" }, 0);
  }

  request(operationName: string | null, type: string | null, status: number, seconds: number, errorCodes: readonly string[]): void {
    this.requestDuration.observe({ operation: this.operationLabel(operationName), type: type ?? "none", status: String(status) }, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  /** The admission gate whose state the gauges report. */
  watchAdmission(state: { executing: number; queued: number; limits: { maxConcurrent: number; maxQueued: number } }): void {
    this.admissionState = state;
  }

  /** One request's wait for a slot, and whether it was shed. */
  admission(waitedMs: number, shed: "queue_full" | "queue_timeout" | null): void {
    this.queueWait.observe(waitedMs / 1000);
    if (shed) this.shedTotal.inc({ reason: shed });
  }

  upstreamCall(call: PortCall): void {
    const adapter = this.sources.adapters[call.system];
    this.upstreamCalls.inc({ system: call.system, adapter, outcome: call.error ? "error" : "ok" });
    this.upstreamDuration.observe({ system: call.system, adapter }, call.ms / 1000);
    if (call.error) this.upstreamErrors.inc({ system: call.system, code: call.error });
  }

  /** GET /metrics; with a token configured, only for a caller that presents it. */
  async serve(request: IncomingMessage, response: ServerResponse, token: string | null): Promise<void> {
    if (token !== null && !bearerMatches(request.headers.authorization, token)) {
      response.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("a bearer token is required for /metrics");
      return;
    }
    // In a cluster, every worker's metrics summed (whichever worker the scrape reached).
    const { body, contentType } = (await clusterMetrics()) ?? { body: await this.registry.metrics(), contentType: this.registry.contentType };
    response.writeHead(200, { "content-type": contentType }).end(body);
  }

  private operationLabel(name: string | null): string {
    if (name === null) return "anonymous";
    if (!/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return "invalid";
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return "other";
    this.operations.add(name);
    return name;
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
