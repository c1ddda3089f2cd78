// What an operator sees of the gateway: one JSON log line per GraphQL request, Prometheus
// metrics, OpenTelemetry traces sent to an OTLP receiver (with the trace context passed on to the
// provincial systems), upstream errors without internal addresses, a deadline per request, and
// no reporting to Apollo's services.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { startSimulator, type RunningSimulator } from "@popfam/provincial-sim";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../src/auth/tokens.js";
import { loadConfig } from "../src/env.js";
import { startGateway, type RunningGateway } from "../src/http/server.js";
import { createObservability } from "../src/observability/index.js";
import { capturedLog, TEST_SECRET } from "./kit.js";

const BIRTHS = `query Births { region(code: "320722") { name births(first: 3) { edges { node { id mother { id name } registration { id } } } } } }`;

interface Started {
  gateway: RunningGateway;
  lines: Record<string, any>[];
  config: ReturnType<typeof loadConfig>;
  post(query: string, init?: { headers?: Record<string, string>; token?: string; variables?: Record<string, unknown> }): Promise<{ status: number; headers: Headers; body: any }>;
}

async function start(db: Database, env: Record<string, string> = {}): Promise<Started> {
  const { logger, lines } = capturedLog();
  const config = loadConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", JWT_SECRET: TEST_SECRET, ...env });
  const gateway = await startGateway({ config, db, logger });
  return {
    gateway,
    lines,
    config,
    async post(query, init = {}) {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
        body: JSON.stringify({ query, variables: init.variables }),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
  };
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const stop = async (server: Server) => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
};
/** Lets the log stream's last write land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let db: Database;
// One seeded database for the whole file (seeding is the slow part): PostgreSQL when DATABASE_URL is set.
beforeAll(async () => {
  db = await openSeededTestDatabase(testDatabaseTargets().at(-1)!);
}, 300_000);
afterAll(async () => {
  await db?.close();
});

describe("logs, metrics, errors and deadlines", () => {
  let t: Started;

  beforeAll(async () => {
    t = await start(db, { METRICS_TOKEN: "metrics-token-0123456789" });
  });
  afterAll(async () => {
    await t?.gateway.close();
  });

  it("writes one JSON line per GraphQL request: id, operation, duration, principal, codes, upstream calls; never variables or tokens", async () => {
    const token = await signToken(t.config.auth, { subject: "officer-7", role: "OFFICER", jurisdiction: "320722" });
    const response = await t.post(BIRTHS, { token, headers: { "x-request-id": "req-42.a" }, variables: { secret: "110101199003070011" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-42.a");
    await settle();
    const line = t.lines.find((l) => l.requestId === "req-42.a")!;
    expect(line).toMatchObject({
      level: "info",
      msg: "graphql request",
      operationName: "Births",
      operationType: "query",
      status: 200,
      principal: { subject: "officer-7", kind: "staff" },
      errorCodes: [],
    });
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.upstreamCalls).toBeGreaterThan(0);
    const all = JSON.stringify(t.lines);
    expect(all).not.toContain(token);
    expect(all).not.toContain("110101199003070011");
  });

  it("replaces an unfit X-Request-Id, and logs the codes of a refused request", async () => {
    const response = await t.post("{ __typename }", { token: "forged", headers: { "x-request-id": "a b<script>" } });
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await settle();
    expect(t.lines.find((l) => l.requestId === id)).toMatchObject({ errorCodes: ["UNAUTHENTICATED"], principal: null });
  });

  it("serves Prometheus metrics behind METRICS_TOKEN: requests by operation, errors by code, upstream calls, circuits, the pool, the process", async () => {
    const url = t.gateway.url.replace("/graphql", "/metrics");
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: "Bearer metrics-token-0123456789" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/popfam_graphql_request_duration_seconds_count\{operation="Births",type="query",status="200"\} 1/);
    expect(text).toMatch(/popfam_graphql_errors_total\{code="UNAUTHENTICATED"\} 1/);
    expect(text).toMatch(/popfam_upstream_calls_total\{system="POPULATION_REGISTRY",adapter="database",outcome="ok"\} [1-9]/);
    expect(text).toContain("popfam_upstream_call_duration_seconds_bucket");
    expect(text).toMatch(/popfam_db_pool_connections\{state="total",engine="(pglite|postgres)"\} \d/);
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("never shows a caller an upstream's address; the log keeps the detail", async () => {
    const closed = createServer();
    const base = await listen(closed);
    await stop(closed);
    const down = await start(db, { UPSTREAM_POPULATION_REGISTRY_URL: `${base}/population-registry`, UPSTREAM_RETRIES: "0" });
    try {
      const response = await down.post(BIRTHS);
      const errors = response.body.errors as { message: string; extensions: Record<string, unknown> }[];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", system: "POPULATION_REGISTRY" });
        expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
        expect(JSON.stringify(error)).not.toContain(base.replace("http://", ""));
      }
      await settle();
      const warning = down.lines.find((l) => l.level === "warn" && l.system === "POPULATION_REGISTRY");
      expect(warning?.detail).toMatch(/ECONNREFUSED/);
      const line = down.lines.find((l) => l.msg === "graphql request");
      expect(line).toMatchObject({ errorCodes: ["UPSTREAM_UNAVAILABLE"], upstreamErrors: 1 });
      // The warning names the request it happened in.
      expect(warning?.requestId).toBe(line?.requestId);
    } finally {
      await down.gateway.close();
    }
  });

  it("ends every upstream call of a request by the request's deadline, however many wait in the queue", async () => {
    const hanging = createServer(() => {});
    const base = await listen(hanging);
    const slow = await start(db, {
      UPSTREAM_POPULATION_REGISTRY_URL: `${base}/population-registry`,
      UPSTREAM_TIMEOUT_MS: "2000",
      UPSTREAM_RETRIES: "0",
      UPSTREAM_MAX_CONCURRENCY: "1",
      UPSTREAM_MAX_BATCH_SIZE: "1",
      REQUEST_DEADLINE_MS: "500",
    });
    try {
      const started = performance.now();
      // Three mothers, one key per call, one call at a time: 6 s of timeouts without the deadline.
      const response = await slow.post(BIRTHS);
      const elapsed = performance.now() - started;
      expect(response.body.data.region.births.edges).toHaveLength(3);
      expect(new Set(response.body.errors.map((e: any) => e.extensions.code))).toEqual(new Set(["UPSTREAM_TIMEOUT"]));
      expect(elapsed).toBeLessThan(1_500);
    } finally {
      await slow.gateway.close();
      await stop(hanging);
    }
  });

  it("disables Apollo's usage and schema reporting, so nothing leaves even with APOLLO_KEY set", async () => {
    const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: TEST_SECRET });
    const { PortCallCounter, connectSources } = await import("@popfam/sources");
    const observability = createObservability({ config, db, sources: connectSources(db, { birthReportWindowDays: 30 }), portCalls: new PortCallCounter() });
    const plugins = observability.apollo({ typeDefs: "type Query { a: Int }", plugins: [] }).plugins as any[];
    const ids = plugins.map((p) => p.__internal_plugin_id__);
    expect(ids).toEqual(expect.arrayContaining(["UsageReporting", "SchemaReporting"]));
    expect(plugins.filter((p) => p.__is_disabled_plugin__)).toHaveLength(2);

    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: any, init?: any) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    }) as typeof fetch;
    process.env.APOLLO_KEY = "service:popfam:not-a-real-key";
    process.env.APOLLO_GRAPH_REF = "popfam@current";
    try {
      const keyed = await start(db);
      expect((await keyed.post("{ __typename }")).status).toBe(200);
      await keyed.gateway.close();
    } finally {
      delete process.env.APOLLO_KEY;
      delete process.env.APOLLO_GRAPH_REF;
      globalThis.fetch = realFetch;
    }
    expect(calls.filter((url) => !url.startsWith("http://127.0.0.1"))).toEqual([]);
  });
});

describe("traces over OTLP", () => {
  let simulator: RunningSimulator;
  let receiver: Server;
  const batches: any[] = [];
  const traceparents: string[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ db });
    simulator.server.on("request", (request) => {
      const header = request.headers.traceparent;
      if (typeof header === "string") traceparents.push(header);
    });
    receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        if (request.url === "/v1/traces") batches.push(JSON.parse(body));
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
  });
  afterAll(async () => {
    await simulator?.close();
    if (receiver?.listening) await stop(receiver);
  });

  it("exports the HTTP request, the operation, the upstream calls and SQL statements as one trace; the provincial system gets its context", async () => {
    const endpoint = await listen(receiver);
    const t = await start(db, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, UPSTREAM_URL: simulator.url, UPSTREAM_SYSTEMS: "POPULATION_REGISTRY" });
    const response = await t.post(BIRTHS, { headers: { "x-request-id": "traced-1" } });
    expect(response.body.errors).toBeUndefined();
    await t.gateway.close(); // flushes the spans

    const spans = batches.flatMap((batch) => batch.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)));
    const server = spans.find((s: any) => s.name === "POST /graphql" && s.attributes.some((a: any) => a.key === "http.request.id" && a.value.stringValue === "traced-1"));
    expect(server).toBeDefined();
    expect(server.parentSpanId ?? "").toBe("");
    const trace = spans.filter((s: any) => s.traceId === server.traceId);
    const byId = new Map(trace.map((s: any) => [s.spanId, s]));
    const operation = trace.find((s: any) => s.name === "query Births");
    expect(operation.parentSpanId).toBe(server.spanId);
    const call = trace.find((s: any) => s.name === "upstream POPULATION_REGISTRY.personsByIds");
    const attempt = trace.find((s: any) => s.name === "POST POPULATION_REGISTRY.personsByIds");
    expect(attempt.kind).toBe(3); // CLIENT
    expect(attempt.parentSpanId).toBe(call.spanId);
    // Every span of the request descends from the server span.
    const ancestors = (span: any): string[] => (span.parentSpanId && byId.has(span.parentSpanId) ? [span.parentSpanId, ...ancestors(byId.get(span.parentSpanId))] : []);
    expect(ancestors(call)).toContain(operation.spanId);
    const sql = trace.filter((s: any) => s.attributes.some((a: any) => a.key === "db.query.text"));
    expect(sql.length).toBeGreaterThan(0);
    for (const span of sql) expect(ancestors(span)).toContain(server.spanId);
    // The simulator received the attempt's trace context: same trace, the attempt as parent.
    expect(traceparents).toContain(`00-${server.traceId}-${attempt.spanId}-01`);
  });
});
