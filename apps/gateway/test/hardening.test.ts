// Safe by default in production, and the bounds every deployment has: introspection, GraphiQL and
// "Did you mean" suggestions off in production unless enabled; /healthz details for operators
// only; 413 for an oversized body; graphql-armor's bounds; persisted documents by POST and GET;
// the vendor cost quota, in process and shared through Redis.
import type { Database } from "@popfam/db";
import { testDatabaseTargets } from "@popfam/db/testing";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/http/operations.js";
import { codesOf, startTestGateway, type TestGateway } from "./kit.js";

// Nothing here reads records: a migrated, empty database serves every gateway of this file.
let db: Database;
const gateways: TestGateway[] = [];
const start = async (env: Record<string, string> = {}) => {
  const t = await startTestGateway({ db, env });
  gateways.push(t);
  return t;
};
const dir = mkdtempSync(join(tmpdir(), "popfam-hardening-"));

beforeAll(async () => {
  db = await testDatabaseTargets()[0]!.open();
});
afterAll(async () => {
  for (const t of gateways) await t.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = async (response: Response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any });

describe("production defaults", () => {
  let production: TestGateway;
  let development: TestGateway;
  let token: string;
  beforeAll(async () => {
    production = await start({ NODE_ENV: "production" });
    development = await start();
    token = await production.token({ jurisdiction: "320722" });
  });

  it("refuses introspection and hides field suggestions in production; development keeps both", async () => {
    const introspection = await production.query(`{ __schema { queryType { name } } }`, { token });
    expect(introspection.status).toBe(400);
    expect(introspection.body.data ?? null).toBeNull();
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await production.query(`{ mee { subject } }`, { token });
    expect(codesOf(typo)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean|"me"/);

    const open = await development.query(`{ __schema { queryType { name } } }`);
    expect(open.body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    expect((await development.query(`{ mee { subject } }`)).body.errors?.[0]?.message).toMatch(/Did you mean "me"/);
  });

  it("serves no GraphiQL page or assets in production", async () => {
    const page = await fetch(production.gateway.url, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type") ?? "").not.toContain("text/html");
    await page.body?.cancel();
    expect((await fetch(new URL("/graphiql/graphiql.js", production.gateway.url))).status).toBe(404);
    const local = await fetch(development.gateway.url, { headers: { accept: "text/html" } });
    expect(local.headers.get("content-type")).toContain("text/html");
    await local.body?.cancel();
  });

  it("turns introspection and GraphiQL on in production when configured", async () => {
    const enabled = await start({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true", GRAPHIQL: "true" });
    const response = await enabled.query(`{ __schema { queryType { name } } }`, { token: await enabled.token({ jurisdiction: "320722" }) });
    expect(response.body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    const page = await fetch(enabled.gateway.url, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type")).toContain("text/html");
    await page.body?.cancel();
    expect(enabled.config.introspection && enabled.config.graphiql).toBe(true);
  });

  it("shows /healthz details to operators only: ADMIN staff or the ops:read scope", async () => {
    const healthz = async (t: TestGateway, token?: string) =>
      json(await fetch(new URL("/healthz", t.gateway.url), { headers: token ? { authorization: `Bearer ${token}` } : {} }));
    const anonymous = await healthz(production);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ status: "ok" });
    expect((await healthz(production, token)).body).toEqual({ status: "ok" });
    expect((await healthz(production, "forged")).body).toEqual({ status: "ok" });
    const vendor = await production.token({ kind: "vendor", role: "VENDOR", jurisdiction: "320722" });
    expect((await healthz(production, vendor)).body).toEqual({ status: "ok" });
    for (const operator of [
      await production.token({ role: "ADMIN", jurisdiction: "*" }),
      await production.token({ subject: "monitoring", role: "ANALYST", jurisdiction: "*", scopes: ["ops:read"] }),
    ]) {
      const detailed = await healthz(production, operator);
      expect(detailed.body).toMatchObject({ status: "ok", database: expect.any(String), upstreams: expect.any(Object), upstreamCalls: expect.any(Object) });
    }
    // Locally, without a token, the development principal sees them.
    expect((await healthz(development)).body).toHaveProperty("upstreams");
  });
});

describe("request bounds", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await start({ MAX_BODY_BYTES: "2000", MAX_QUERY_TOKENS: "300", MAX_DIRECTIVES: "3", MAX_QUERY_DEPTH: "4" });
  });

  const bigBody = JSON.stringify({ query: `{ me { subject } }`, variables: { padding: "x".repeat(50_000) } });

  it("answers an oversized body with 413 and a JSON error, with or without a Content-Length", async () => {
    const declared = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: bigBody });
    expect(declared.status).toBe(413);
    expect((await declared.json()) as unknown).toEqual({ errors: [{ message: expect.stringContaining("2000 bytes"), extensions: { code: "PAYLOAD_TOO_LARGE" } }] });

    const chunks = [bigBody.slice(0, 20_000), bigBody.slice(20_000)].map((part) => new TextEncoder().encode(part));
    const stream = new ReadableStream({ pull(controller) { const next = chunks.shift(); if (next) controller.enqueue(next); else controller.close(); } });
    const chunked = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(codesOf({ status: 413, body: (await chunked.json()) as never })).toEqual(["PAYLOAD_TOO_LARGE"]);

    // Far beyond the limit, the answer comes at once and the connection closes.
    const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", "content-length": String(10_000_000) } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");

    const small = await t.query(`{ me { subject } }`);
    expect(small.body.data).toEqual({ me: { subject: "development" } });
  });

  it("refuses too many tokens, directives or levels before anything runs, as QUERY_TOO_COMPLEX naming the bound", async () => {
    const cases: [string, string][] = [
      ["tokens", `{ ${"a ".repeat(400)} }`],
      ["directives", `{ me { subject @include(if: true) kind @include(if: true) jurisdiction @skip(if: false) scopes @skip(if: false) } }`],
      ["depth", `{ region(code: "320722") { parent { parent { parent { parent { code } } } } } }`],
    ];
    for (const [kind, query] of cases) {
      const response = await t.query(query);
      expect(response.status, kind).toBe(400);
      expect(codesOf(response), kind).toEqual(["QUERY_TOO_COMPLEX"]);
      expect(response.body.errors?.[0]?.extensions, kind).toMatchObject({ kind, limit: expect.any(Number) });
    }
    const within = await t.query(`{ me { subject @include(if: true) } }`);
    expect(within.body.data).toEqual({ me: { subject: "development" } });
  });
});

describe("persisted documents (GraphQL Code Generator's manifest) by POST and GET", () => {
  const me = `query Me { me { subject kind } }`;
  const confirm = `mutation Confirm { confirmEligibility(input: { idempotencyKey: "hardening-0001", programCode: "RURAL_REWARD", year: 2025,
    familyId: "FF00000001", idNumber: "320722194705117938", status: CONFIRMED, decidedOn: "2025-03-01" }) { id } }`;
  // The client preset names each document by a hash of its own; the manifest maps it to the text.
  const meId = "c0ffee" + sha256(me).slice(6);
  const confirmId = sha256(confirm);
  let t: TestGateway;
  let vendor: string;
  beforeAll(async () => {
    const file = join(dir, "persisted-documents.json");
    writeFileSync(file, JSON.stringify({ [meId]: me, [confirmId]: confirm }));
    t = await start({ OPERATIONS_FILE: file });
    vendor = await t.token({ kind: "vendor", role: "VENDOR", subject: "app-1", jurisdiction: "320722" });
  });
  const auth = () => ({ authorization: `Bearer ${vendor}` });
  const get = (search: Record<string, string>, headers: Record<string, string> = auth()) =>
    fetch(`${t.gateway.url}?${new URLSearchParams(search)}`, { headers }).then(json);

  it("runs a document by its manifest id or its SHA-256, by POST", async () => {
    for (const body of [{ documentId: meId }, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(me) } } }]) {
      const response = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify(body) }).then(json);
      expect(response.body).toMatchObject({ data: { me: { subject: "app-1", kind: "vendor" } } });
    }
    const unknown = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify({ documentId: "f".repeat(64) }) }).then(json);
    expect(unknown.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("runs a persisted query by GET, in both forms, with a header no other origin can send unasked", async () => {
    const byId = await get({ documentId: meId });
    expect(byId.status).toBe(200);
    expect(byId.body.data).toEqual({ me: { subject: "app-1", kind: "vendor" } });
    const apq = await get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(me) } }) });
    expect(apq.body.data).toEqual({ me: { subject: "app-1", kind: "vendor" } });
    // No such header (a plain link or image): Apollo's CSRF prevention refuses it.
    const bare = await get({ documentId: meId }, {});
    expect(bare.status).toBe(400);
    expect(JSON.stringify(bare.body)).toMatch(/Cross-Site Request Forgery/);
  });

  it("never runs a mutation sent by GET", async () => {
    const before = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    const response = await fetch(`${t.gateway.url}?${new URLSearchParams({ documentId: confirmId })}`, { headers: auth() });
    expect(response.status).toBe(405);
    await response.body?.cancel();
    const after = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("holds a VENDOR token to the registered operations whatever its kind claim", async () => {
    const staffKind = await t.token({ kind: "staff", role: "VENDOR", subject: "app-2", jurisdiction: "320722" });
    const response = await t.query(`{ me { subject } }`, { token: staffKind });
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe("OPERATION_NOT_REGISTERED");
    const registered = await fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${staffKind}` }, body: JSON.stringify({ documentId: meId }) }).then(json);
    expect(registered.body.data.me.subject).toBe("app-2");
  });
});

describe("the vendor cost quota", () => {
  // `{ me { subject kind } }` costs 3; a budget of 10 that refills at 0.01 a second lets three through.
  const quotaEnv = { MAX_QUERY_COMPLEXITY: "10", VENDOR_COST_BUDGET: "10", VENDOR_COST_REFILL_PER_SECOND: "0.01" };
  const ask = async (t: TestGateway, token: string) =>
    fetch(t.gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: `{ me { subject kind } }` }) }).then(json);

  async function drawDown(first: TestGateway, second: TestGateway, subject: string) {
    const token = await first.token({ kind: "vendor", role: "VENDOR", subject, jurisdiction: "320722" });
    const answers = [await ask(first, token), await ask(second, token), await ask(first, token), await ask(second, token)];
    return answers;
  }

  it("charges each vendor request its cost, reports it, and refuses with 429 and Retry-After when spent (in process)", async () => {
    const t = await start(quotaEnv);
    const [a, b, c, d] = await drawDown(t, t, "quota-memory");
    expect(a!.body.extensions.cost).toEqual({ requestedQueryCost: 3, actualQueryCost: 3, throttleStatus: { maximumAvailable: 10, currentlyAvailable: 7, restoreRate: 0.01 } });
    expect(a!.headers.get("ratelimit-limit")).toBe("10");
    expect(a!.headers.get("ratelimit-remaining")).toBe("7");
    expect(Number(a!.headers.get("ratelimit-reset"))).toBe(300);
    expect([b, c].map((r) => r!.body.extensions.cost.throttleStatus.currentlyAvailable)).toEqual([4, 1]);
    expect(d!.status).toBe(429);
    expect(codesOf(d as never)).toEqual(["RATE_LIMITED"]);
    expect(Number(d!.headers.get("retry-after"))).toBeGreaterThan(100);
    expect(d!.headers.get("ratelimit-remaining")).toBe("1");
    expect(d!.body.extensions.cost).toMatchObject({ requestedQueryCost: 3, actualQueryCost: 0 });
    expect(d!.body.data ?? null).toBeNull();
    // Staff are not metered; another vendor has its own budget.
    const staff = await ask(t, await t.token({ jurisdiction: "320722" }));
    expect(staff.status).toBe(200);
    expect(staff.headers.get("ratelimit-limit")).toBeNull();
    expect((await ask(t, await t.token({ kind: "vendor", role: "VENDOR", subject: "quota-other", jurisdiction: "320722" }))).status).toBe(200);
  });

  it("keeps one budget per gateway without Redis", async () => {
    const [first, second] = [await start(quotaEnv), await start(quotaEnv)];
    const answers = await drawDown(first, second, "quota-local");
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((r) => r.body.extensions.cost.throttleStatus.currentlyAvailable)).toEqual([7, 7, 4, 4]);
  });

  it("shares one budget between two gateways through Redis", async () => {
    const env = { ...quotaEnv, REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `popfam-test:${randomBytes(6).toString("hex")}:` };
    const [first, second] = [await start(env), await start(env)];
    const answers = await drawDown(first, second, "quota-shared");
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((r) => r.body.extensions.cost.throttleStatus.currentlyAvailable)).toEqual([7, 4, 1, 1]);
    expect(Number(answers[3]!.headers.get("retry-after"))).toBeGreaterThan(100);
  });

  it("lets a vendor's request through, uncounted, when Redis cannot be reached", async () => {
    const t = await start({ ...quotaEnv, REDIS_URL: "redis://127.0.0.1:1" });
    const answer = await ask(t, await t.token({ kind: "vendor", role: "VENDOR", subject: "quota-no-redis", jurisdiction: "320722" }));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ me: { subject: "quota-no-redis", kind: "vendor" } });
    expect(answer.headers.get("ratelimit-limit")).toBeNull();
  });
});
