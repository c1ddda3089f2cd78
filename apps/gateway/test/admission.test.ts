// Admission control of /graphql: a gateway offered more than it can run sheds the excess at once
// (503, Retry-After, OVERLOADED) instead of slowing every request down; the admitted ones are
// served, the probes answer while it is saturated, and no slot or queue place leaks (errors,
// callers that go away while queued or while running).
import type { Database } from "@popfam/db";
import { testDatabaseTargets } from "@popfam/db/testing";
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, defaultConcurrency, loadConfig } from "../src/env.js";
import { AdmissionGate } from "../src/http/admission.js";
import { startGateway, type RunningGateway } from "../src/http/server.js";
import { capturedLog, TEST_SECRET } from "./kit.js";

/** A latch the `hold` field waits on: requests stay running until the test opens it. */
function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
let current = latch();

// A graph of one slow field: `hold` answers once the latch opens (or fails, with fail: true).
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      hold: {
        type: GraphQLBoolean,
        args: { fail: { type: GraphQLBoolean } },
        resolve: async (_root, args: { fail?: boolean | null }) => {
          await current.opened;
          if (args.fail) throw new Error("the held request failed");
          return true;
        },
      },
    },
  }),
});

interface Started {
  gateway: RunningGateway;
  base: string;
  lines: Record<string, any>[];
  post(query: string, signal?: AbortSignal): Promise<{ status: number; headers: Headers; body: any }>;
}

async function start(db: Database, env: Record<string, string>): Promise<Started> {
  const { logger, lines } = capturedLog();
  const config = loadConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", JWT_SECRET: TEST_SECRET, ...env });
  const gateway = await startGateway({ config, db, schema, logger });
  return {
    gateway,
    base: gateway.url.replace(/\/graphql$/, ""),
    lines,
    async post(query, signal) {
      const response = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }), signal });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
  };
}

/** Waits until `condition` holds (polling), or fails after `ms`. */
async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let db: Database;
beforeAll(async () => {
  // The graph here is the test's own: an empty, migrated database is enough (the probes read it).
  db = await testDatabaseTargets()[0]!.open();
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe("admission control over HTTP", () => {
  it("runs N, queues M, sheds the rest at once with 503, Retry-After and OVERLOADED; probes and bad tokens answer while saturated; the queue drains", async () => {
    current = latch();
    const t = await start(db, { MAX_CONCURRENT_REQUESTS: "2", MAX_QUEUED_REQUESTS: "3", REQUEST_QUEUE_TIMEOUT_MS: "4000" });
    try {
      let answered = 0;
      const flood = Array.from({ length: 10 }, () => t.post("{ hold }").finally(() => answered++));
      // The excess is answered while the admitted ones still run: nothing waits on the latch for that.
      await until(() => answered === 5);
      expect(t.gateway.admission.executing).toBe(2);
      expect(t.gateway.admission.queued).toBe(3);

      // A request without a valid token is refused at once, taking neither a slot nor a place.
      const forged = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer forged" }, body: JSON.stringify({ query: "{ hold }" }) });
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");

      // The probes and /metrics never queue.
      expect((await fetch(`${t.base}/livez`)).status).toBe(200);
      expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
      expect((await fetch(`${t.base}/healthz`)).status).toBe(200);
      const saturated = await (await fetch(`${t.base}/metrics`)).text();
      expect(saturated).toMatch(/^popfam_graphql_requests_executing 2$/m);
      expect(saturated).toMatch(/^popfam_graphql_requests_queued 3$/m);
      expect(saturated).toMatch(/^popfam_graphql_requests_shed_total\{reason="queue_full"\} 5$/m);
      expect(saturated).toMatch(/^popfam_graphql_admission_limit\{kind="executing"\} 2$/m);

      current.open();
      const responses = await Promise.all(flood);
      const refused = responses.filter((r) => r.status === 503);
      const served = responses.filter((r) => r.status === 200);
      expect(refused).toHaveLength(5);
      expect(served).toHaveLength(5);
      for (const r of served) expect(r.body).toEqual({ data: { hold: true } });
      for (const r of refused) {
        expect(r.headers.get("retry-after")).toBe("4");
        expect(r.headers.get("content-type")).toContain("application/json");
        expect(r.body.errors).toHaveLength(1);
        expect(r.body.errors[0]).toMatchObject({ extensions: { code: "OVERLOADED", reason: "queue_full", retryAfter: 4 } });
        expect(r.body.errors[0].message).toMatch(/at capacity/);
      }

      await until(() => t.gateway.admission.executing === 0 && t.gateway.admission.queued === 0);
      const after = await (await fetch(`${t.base}/metrics`)).text();
      expect(after).toMatch(/^popfam_graphql_errors_total\{code="OVERLOADED"\} 5$/m);
      expect(after).toMatch(/^popfam_graphql_queue_wait_seconds_count 10$/m);

      await settle();
      const requestLines = t.lines.filter((l) => l.msg === "graphql request");
      const shed = requestLines.filter((l) => l.shed);
      expect(shed).toHaveLength(5);
      for (const line of shed) expect(line).toMatchObject({ level: "warn", status: 503, shed: "queue_full", errorCodes: ["OVERLOADED"] });
      // Three of the served ones waited their turn, and their lines say how long.
      expect(requestLines.filter((l) => l.status === 200 && l.queuedMs > 0).length).toBeGreaterThanOrEqual(3);
    } finally {
      current.open();
      await t.gateway.close();
    }
  });

  it("refuses a request that waited longer than the queue timeout", async () => {
    current = latch();
    const t = await start(db, { MAX_CONCURRENT_REQUESTS: "1", MAX_QUEUED_REQUESTS: "5", REQUEST_QUEUE_TIMEOUT_MS: "300" });
    try {
      const running = t.post("{ hold }");
      await until(() => t.gateway.admission.executing === 1);
      const started = performance.now();
      const late = await t.post("{ hold }");
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(late.status).toBe(503);
      expect(late.headers.get("retry-after")).toBe("1");
      expect(late.body.errors[0]).toMatchObject({ extensions: { code: "OVERLOADED", reason: "queue_timeout" } });
      expect(t.gateway.admission.queued).toBe(0);
      current.open();
      expect((await running).body).toEqual({ data: { hold: true } });
      const metrics = await (await fetch(`${t.base}/metrics`)).text();
      expect(metrics).toMatch(/^popfam_graphql_requests_shed_total\{reason="queue_timeout"\} 1$/m);
      await settle();
      expect(t.lines.find((l) => l.shed)).toMatchObject({ shed: "queue_timeout", status: 503 });
    } finally {
      current.open();
      await t.gateway.close();
    }
  });

  it("leaks no slot or place: a caller gone while queued frees its place, one gone while running frees its slot when the work ends, a failed request frees its slot", async () => {
    current = latch();
    const t = await start(db, { MAX_CONCURRENT_REQUESTS: "1", MAX_QUEUED_REQUESTS: "1", REQUEST_QUEUE_TIMEOUT_MS: "4000" });
    const gate = t.gateway.admission;
    try {
      // One running (its caller will go away), one queued whose caller goes away.
      const runningCaller = new AbortController();
      const running = t.post("{ hold }", runningCaller.signal).catch((error: unknown) => error);
      await until(() => gate.executing === 1);
      const queuedCaller = new AbortController();
      const queued = t.post("{ hold }", queuedCaller.signal).catch((error: unknown) => error);
      await until(() => gate.queued === 1);
      queuedCaller.abort();
      expect(await queued).toBeInstanceOf(Error);
      await until(() => gate.queued === 0);

      // Its place is free again: the next request queues instead of being refused.
      const next = t.post("{ hold(fail: true) }");
      await until(() => gate.queued === 1);
      runningCaller.abort();
      expect(await running).toBeInstanceOf(Error);
      // The running request's work goes on until its resolver ends: the slot is still held.
      await settle();
      expect(gate.executing).toBe(1);
      current.open();
      const failed = await next;
      expect(failed.status).toBe(200);
      expect(failed.body.errors[0].message).toMatch(/failed/);
      await until(() => gate.executing === 0 && gate.queued === 0);

      // Every slot and place is free: a burst of exactly N + M is served in full.
      const burst = await Promise.all([t.post("{ hold }"), t.post("{ hold }")]);
      expect(burst.map((r) => r.status)).toEqual([200, 200]);
      await settle();
      expect(t.lines.filter((l) => l.msg === "graphql request" && l.aborted).length).toBe(2);
    } finally {
      current.open();
      await t.gateway.close();
    }
  });
});

describe("the admission gate", () => {
  it("admits in arrival order, refuses past the queue, and gives back a place on abort or timeout", async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 2, queueTimeoutMs: 60_000 });
    const first = await gate.acquire();
    expect(first).toMatchObject({ admitted: true });
    const order: number[] = [];
    const second = gate.acquire().then((a) => (order.push(2), a));
    const third = gate.acquire().then((a) => (order.push(3), a));
    expect(await gate.acquire()).toMatchObject({ admitted: false, reason: "queue_full" });
    expect(gate.queued).toBe(2);
    if (first.admitted) {
      first.release();
      first.release(); // a second release changes nothing
    }
    const s = await second;
    expect(gate.executing).toBe(1);
    if (s.admitted) s.release();
    const th = await third;
    if (th.admitted) th.release();
    expect(order).toEqual([2, 3]);
    expect(gate.executing).toBe(0);

    const holder = await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    controller.abort();
    expect(await aborted).toMatchObject({ admitted: false, reason: "aborted" });
    expect(gate.queued).toBe(0);
    const quick = new AdmissionGate({ maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 20 });
    await quick.acquire();
    expect(await quick.acquire()).toMatchObject({ admitted: false, reason: "queue_timeout" });
    expect(quick.queued).toBe(0);
    if (holder.admitted) holder.release();
    expect(gate.executing).toBe(0);
  });

  it("is configured from the environment: sixteen per core, four per pool connection at most, by default, checked against the request deadline", () => {
    const base = { NODE_ENV: "test", JWT_SECRET: TEST_SECRET };
    expect(loadConfig(base).admission).toEqual({ maxConcurrent: defaultConcurrency(10), maxQueued: 100, queueTimeoutMs: 2_500 });
    expect(defaultConcurrency(10, 2)).toBe(32);
    expect(defaultConcurrency(10, 4)).toBe(40);
    expect(defaultConcurrency(2, 1)).toBe(8);
    expect(loadConfig({ ...base, DATABASE_POOL_SIZE: "2" }).admission.maxConcurrent).toBe(Math.min(8, defaultConcurrency(10)));
    expect(loadConfig({ ...base, MAX_CONCURRENT_REQUESTS: "3", MAX_QUEUED_REQUESTS: "0", REQUEST_QUEUE_TIMEOUT_MS: "500" }).admission).toEqual({
      maxConcurrent: 3,
      maxQueued: 0,
      queueTimeoutMs: 500,
    });
    expect(() => loadConfig({ ...base, MAX_CONCURRENT_REQUESTS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, REQUEST_QUEUE_TIMEOUT_MS: "5000" })).toThrow(/REQUEST_QUEUE_TIMEOUT_MS: 5000 is not below REQUEST_DEADLINE_MS/);
    // Unset, it follows a short deadline: half of it.
    expect(loadConfig({ ...base, REQUEST_DEADLINE_MS: "500" }).admission.queueTimeoutMs).toBe(250);
  });
});
