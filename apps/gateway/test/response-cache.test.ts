// Whole answers kept under the data version: a repeated dashboard is answered without executing
// it, a write is seen by the next request, and an answer is never served to another caller, nor
// kept when it read what the version does not follow, had errors, or was a mutation.
import { statementsSent } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, startTestGateway, writeBirth, type TestGateway } from "./kit.js";

const DASHBOARD = `query Dashboard($code: String!) { region(code: $code) {
  code name indicators(period: "2021") { code value numerator denominator }
  children(first: 100) { totalCount edges { node { code births(period: "2021") { totalCount } } } } } }`;
const PERSONS = `{ region(code: "320722") { persons(first: 5) { edges { node { id sex } } } } }`;

async function answers(t: TestGateway): Promise<{ hit: number; miss: number; skipped: number }> {
  const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
  const count = (result: string) => Number(text.split("\n").find((l) => l.startsWith(`popfam_response_cache_lookups_total{result="${result}"`))?.split(" ").at(-1) ?? 0);
  return { hit: count("hit"), miss: count("miss"), skipped: count("skipped") };
}

/** Hits the HTTP front answered before Apollo ran. */
async function frontAnswers(t: TestGateway): Promise<number> {
  const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
  return Number(text.split("\n").find((l) => l.startsWith("popfam_response_cache_answered_before_execution_total{"))?.split(" ").at(-1) ?? 0);
}

describe.each(testDatabaseTargets())("the answer cache on $name", (target) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ target });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers a repeated dashboard from the cache, reading the version alone", async () => {
    const token = await t.token({ jurisdiction: "320722" });
    const ask = () => t.query(DASHBOARD, { token, variables: { code: "320722" } });
    const first = await ask();
    expect(first.body.errors).toBeUndefined();
    await ask(); // its parts now all come from the result cache: this answer is kept
    const before = await answers(t);
    const statements = statementsSent[t.db.kind];
    const again = await ask();
    expect(again.body).toEqual(first.body);
    expect(statementsSent[t.db.kind] - statements).toBe(1);
    expect(await answers(t)).toEqual({ ...before, hit: before.hit + 1 });
  });

  it("serves the next request after a write with the written data", async () => {
    const token = await t.token({ jurisdiction: "320722" });
    const birthsOf = async () => {
      const region = (await t.query(DASHBOARD, { token, variables: { code: "320722101" } })).body.data!.region as {
        children: { edges: { node: { code: string; births: { totalCount: number } } }[] };
      };
      return region.children.edges.find((e) => e.node.code === "320722101001")!.node.births.totalCount;
    };
    const births = await birthsOf();
    expect(await birthsOf()).toBe(births);
    const hits = (await answers(t)).hit;
    expect(await birthsOf()).toBe(births);
    expect((await answers(t)).hit).toBe(hits + 1);
    const removeBirth = await writeBirth(t.db, "B-answer-1", "2021-05-01", "FEMALE");
    try {
      expect(await birthsOf()).toBe(births + 1);
    } finally {
      await removeBirth();
    }
    expect(await birthsOf()).toBe(births);
  });

  it("sends a kept answer from the HTTP front before Apollo runs, as Apollo sends it", async () => {
    const token = await t.token({ subject: "officer-front", jurisdiction: "320722" });
    const post = async (headers: Record<string, string> = {}) => {
      const response = await fetch(t.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query: DASHBOARD, operationName: "Dashboard", variables: { code: "320722" } }),
      });
      return { type: response.headers.get("content-type"), text: await response.text() };
    };
    const durations = async () => {
      const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
      return Number(/popfam_graphql_request_duration_seconds_count\{[^}]*operation="Dashboard"[^}]*status="200"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    await post();
    const kept = await post(); // executed, and kept: its parts were cached by the first
    const before = { ...(await answers(t)), front: await frontAnswers(t), requests: await durations() };
    const statements = statementsSent[t.db.kind];
    const front = await post();
    expect(front).toEqual(kept);
    expect(front.type).toBe("application/json; charset=utf-8");
    expect(statementsSent[t.db.kind] - statements).toBe(1); // the version
    expect(await frontAnswers(t)).toBe(before.front + 1);
    expect(await answers(t)).toEqual({ hit: before.hit + 1, miss: before.miss, skipped: before.skipped });
    // Its log line and metrics name the operation as Apollo's pipeline would.
    expect(await durations()).toBe(before.requests + 1);

    // An answer asked for as application/graphql-response+json is Apollo's to negotiate: the plugin finds it.
    const negotiated = await post({ accept: "application/graphql-response+json" });
    expect(negotiated.type).toContain("application/graphql-response+json");
    expect(JSON.parse(negotiated.text)).toEqual(JSON.parse(kept.text));
    expect(await frontAnswers(t)).toBe(before.front + 1);
    expect((await answers(t)).hit).toBe(before.hit + 2);
  });

  it("leaves a vendor's repeated query to Apollo's pipeline, where its cost is charged and reported", async () => {
    const vendor = await t.token({ kind: "vendor", role: "VENDOR", subject: "front-vendor", jurisdiction: "320722" });
    const ask = () => t.query(DASHBOARD, { token: vendor, variables: { code: "320722" } });
    await ask();
    await ask();
    const before = { ...(await answers(t)), front: await frontAnswers(t) };
    const again = await ask();
    expect(again.body.errors).toBeUndefined();
    expect((again.body as { extensions?: { cost?: unknown } }).extensions?.cost).toBeDefined();
    expect((await answers(t)).hit).toBe(before.hit + 1);
    expect(await frontAnswers(t)).toBe(before.front);
  });

  it("never serves one caller's answer to another", async () => {
    const inside = await t.token({ subject: "officer-a", jurisdiction: "320722" });
    const colleague = await t.token({ subject: "officer-b", jurisdiction: "320722" });
    const outside = await t.token({ subject: "officer-c", jurisdiction: "320723" });
    for (let i = 0; i < 3; i++) await t.query(DASHBOARD, { token: inside, variables: { code: "320722" } });
    const refused = await t.query(DASHBOARD, { token: outside, variables: { code: "320722" } });
    expect(codesOf(refused)).toContain("FORBIDDEN");
    expect(JSON.stringify(refused.body.data ?? null)).not.toContain("320722001");
    const me = `{ me { subject jurisdiction } }`;
    for (let i = 0; i < 2; i++) {
      expect((await t.query(me, { token: inside })).body.data).toEqual({ me: { subject: "officer-a", jurisdiction: "320722" } });
      expect((await t.query(me, { token: colleague })).body.data).toEqual({ me: { subject: "officer-b", jurisdiction: "320722" } });
    }
  });

  it("keeps no answer that read what the version does not follow, or that had errors", async () => {
    const token = await t.token({ jurisdiction: "320722" });
    await t.query(PERSONS, { token });
    await t.query(PERSONS, { token });
    const before = await answers(t);
    const statements = statementsSent[t.db.kind];
    await t.query(PERSONS, { token });
    // The page is read again (and the version): a page of persons is not kept under the version,
    // and a query whose last answer read one is not even looked up.
    expect(statementsSent[t.db.kind] - statements).toBeGreaterThanOrEqual(2);
    expect(await answers(t)).toEqual({ ...before, skipped: before.skipped + 1 });

    const outside = await t.token({ jurisdiction: "320723" });
    for (let i = 0; i < 2; i++) expect(codesOf(await t.query(DASHBOARD, { token: outside, variables: { code: "320722" } }))).toContain("FORBIDDEN");
    expect((await answers(t)).hit).toBe(before.hit);
  });

  it("looks a query up again, and keeps its answer, once an answer of it reads only what the version follows", async () => {
    const token = await t.token({ jurisdiction: "320722" });
    const query = `query Either($withPersons: Boolean!) { region(code: "320722") { code name persons(first: 3) @include(if: $withPersons) { edges { node { id } } } } }`;
    const ask = async (withPersons: boolean) => {
      const before = await answers(t);
      const answer = await t.query(query, { token, variables: { withPersons } });
      expect(answer.body.errors).toBeUndefined();
      const after = await answers(t);
      return { hit: after.hit - before.hit, miss: after.miss - before.miss, skipped: after.skipped - before.skipped };
    };
    expect(await ask(true)).toEqual({ hit: 0, miss: 1, skipped: 0 }); // read a page of persons
    expect(await ask(true)).toEqual({ hit: 0, miss: 1, skipped: 0 }); // twice in a row: noted
    expect(await ask(true)).toEqual({ hit: 0, miss: 0, skipped: 1 }); // not looked up
    expect(await ask(false)).toEqual({ hit: 0, miss: 0, skipped: 1 }); // not looked up, but read only the region: forgotten
    expect(await ask(false)).toEqual({ hit: 0, miss: 1, skipped: 0 }); // looked up again, and kept
    expect(await ask(false)).toEqual({ hit: 1, miss: 0, skipped: 0 });
    expect(await ask(true)).toEqual({ hit: 0, miss: 1, skipped: 0 });
    expect(await ask(false)).toEqual({ hit: 1, miss: 0, skipped: 0 }); // a kept answer: not an answer of the query's
    expect(await ask(true)).toEqual({ hit: 0, miss: 1, skipped: 0 }); // the second since it was looked up again: noted
    expect(await ask(true)).toEqual({ hit: 0, miss: 0, skipped: 1 });
  });
});

describe("the answer cache in Redis", () => {
  it("is shared by two gateways: what one kept, the other answers without executing", async () => {
    const db = await openSeededTestDatabase(testDatabaseTargets()[0]!);
    const env = { REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `popfam-test:${randomBytes(6).toString("hex")}:` };
    const a = await startTestGateway({ db, env });
    const b = await startTestGateway({ db, env });
    try {
      const token = await a.token({ jurisdiction: "320722" });
      const ask = (t: TestGateway) => t.query(DASHBOARD, { token, variables: { code: "320722" } });
      const first = await ask(a);
      await ask(a);
      const statements = statementsSent[db.kind];
      expect((await ask(b)).body).toEqual(first.body);
      expect(await answers(b)).toEqual({ hit: 1, miss: 0, skipped: 0 });
      expect(statementsSent[db.kind] - statements).toBe(1);
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });
});

describe("the answer cache switched off", () => {
  it("is off with RESPONSE_CACHE_MB=0: the dashboard executes every time", async () => {
    const t = await startTestGateway({ env: { RESPONSE_CACHE_MB: "0" } });
    try {
      for (let i = 0; i < 3; i++) expect((await t.query(DASHBOARD, { variables: { code: "320722" } })).body.errors).toBeUndefined();
      const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
      expect(text).not.toContain("popfam_response_cache_lookups_total{");
    } finally {
      await t.close();
    }
  });
});
