// The indicator result cache: a repeated dashboard is served from it, a write that changes a
// rollup is seen by the very next request, replicas share it through Redis, and Redis away costs
// misses, never answers.
import { statementsSent } from "@popfam/db";
import { idNumberCheckCharacter } from "@popfam/domain";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LruMap } from "../src/cache/lru.js";
import { MemoryResultStore, VersionReads } from "../src/cache/result-cache.js";
import { startTestGateway, writeBirth, type TestGateway } from "./kit.js";

const DASHBOARD = `{ region(code: "320722") {
  indicators(period: "2021") { code value numerator denominator }
  children(first: 100) { edges { node { code indicators(period: "2021", codes: [BIRTH_REGISTRATION_RATE, CHILDCARE_PLACES_PER_THOUSAND]) { code value numerator } } } } } }`;

const BIRTHS_2021 = `{ region(code: "320722101") { indicators(period: "2021", codes: [BIRTH_REGISTRATION_RATE]) { numerator denominator } births(period: "2021") { totalCount } } }`;

async function metric(t: TestGateway, result: "hit" | "miss"): Promise<number> {
  const text = await (await fetch(new URL("/metrics", t.gateway.url))).text();
  const line = text.split("\n").find((l) => l.startsWith(`popfam_result_cache_lookups_total{result="${result}"`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe.each(testDatabaseTargets())("the indicator result cache on $name", (target) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ target });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers a repeated dashboard from the cache with the same data and fewer statements", async () => {
    const engine = t.db.kind;
    const before = statementsSent[engine];
    const first = await t.query(DASHBOARD);
    const firstStatements = statementsSent[engine] - before;
    expect(first.body.errors).toBeUndefined();
    const misses = await metric(t, "miss");
    expect(misses).toBeGreaterThanOrEqual(20);

    const again = statementsSent[engine];
    const second = await t.query(DASHBOARD);
    const secondStatements = statementsSent[engine] - again;
    expect(second.body).toEqual(first.body);
    expect(await metric(t, "miss")).toBe(misses);
    expect(await metric(t, "hit")).toBeGreaterThanOrEqual(misses);
    // The version alone: the region, its children and the measures are all kept under it.
    expect(secondStatements).toBeLessThan(firstStatements);
    expect(secondStatements).toBe(1);
  });

  it("serves the next request after a write with the written data, never the cached", async () => {
    const read = async () => {
      const region = (await t.query(BIRTHS_2021)).body.data!.region;
      return { ...(region.indicators[0] as { numerator: number; denominator: number }), births: region.births.totalCount as number };
    };
    const cached = await read();
    const engine = t.db.kind;
    const before = statementsSent[engine];
    expect(await read()).toEqual(cached);
    // The version alone: the region, the indicator's measures and the count are kept under it.
    expect(statementsSent[engine] - before).toBe(1);
    const removeBirth = await writeBirth(t.db, "B-cache-1", "2021-06-01", "FEMALE");
    const written = await read();
    expect(written.denominator).toBe(cached.denominator + 1);
    expect(written.births).toBe(cached.births + 1);
    await removeBirth();
    expect(await read()).toEqual(cached);
  });

  it("serves requests that arrive together, sharing version reads, with the writes made before they arrived", async () => {
    const engine = t.db.kind;
    const before = statementsSent[engine];
    const answers = await Promise.all(Array.from({ length: 16 }, () => t.query(BIRTHS_2021)));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    expect(statementsSent[engine] - before).toBeLessThanOrEqual(16);
    const births = (answers[0]!.body.data!.region as { births: { totalCount: number } }).births.totalCount;
    const removeBirth = await writeBirth(t.db, "B-cache-2", "2021-07-01", "MALE");
    try {
      const after = await Promise.all(Array.from({ length: 16 }, () => t.query(BIRTHS_2021)));
      for (const answer of after) expect((answer.body.data!.region as { births: { totalCount: number } }).births.totalCount).toBe(births + 1);
    } finally {
      await removeBirth();
    }
  });

  it("serves a changed target with the next request: targets are cached under the same version", async () => {
    const TARGET = `{ region(code: "320722") { indicators(period: "2021", codes: [BIRTH_REGISTRATION_RATE]) { target { threshold } attainment { attained } } } }`;
    const threshold = async () => (await t.query(TARGET)).body.data!.region.indicators[0].target.threshold as number;
    const before = await threshold();
    expect(await threshold()).toBe(before);
    const hits = await metric(t, "hit");
    expect(hits).toBeGreaterThan(0);
    await t.db.sql.query(`UPDATE target SET threshold = threshold - 1 WHERE region_code = '320722' AND year = 2021 AND indicator_code = 'BIRTH_REGISTRATION_RATE'`);
    expect(await threshold()).toBe(before - 1);
    await t.db.sql.query(`UPDATE target SET threshold = threshold + 1 WHERE region_code = '320722' AND year = 2021 AND indicator_code = 'BIRTH_REGISTRATION_RATE'`);
    expect(await threshold()).toBe(before);
  });
  it("serves a renamed or added region with the next request: the region directory is cached under the same version", async () => {
    const REGIONS = `{ region(code: "320722") { name children(first: 100) { totalCount edges { node { code name } } } } }`;
    const read = async () => (await t.query(REGIONS)).body.data!.region as { name: string; children: { totalCount: number; edges: { node: { code: string; name: string } }[] } };
    const first = await read();
    const engine = t.db.kind;
    const before = statementsSent[engine];
    expect(await read()).toEqual(first);
    expect(statementsSent[engine] - before).toBe(1);

    await t.db.sql.query(`UPDATE region SET name = name || '（新）' WHERE code = '320722'`);
    expect((await read()).name).toBe(`${first.name}（新）`);
    await t.db.sql.query(`INSERT INTO region (code, name, level, parent_code) VALUES ('320722999', '试点镇', 'TOWNSHIP', '320722')`);
    const added = await read();
    expect(added.children.totalCount).toBe(first.children.totalCount + 1);
    expect(added.children.edges.map((e) => e.node.code)).toContain("320722999");
    await t.db.sql.query(`DELETE FROM region WHERE code = '320722999'`);
    await t.db.sql.query(`UPDATE region SET name = $1 WHERE code = '320722'`, [first.name]);
    expect(await read()).toEqual(first);
  });

  it("answers the regions of a page's records from the kept regions, and a renamed region with the next request", async () => {
    const PAGE = `{ region(code: "320722101") { persons(first: 20) { edges { node { residenceRegion { code name } hukouRegion { code } } } } } }`;
    type Page = { persons: { edges: { node: { residenceRegion: { code: string; name: string }; hukouRegion: { code: string } } }[] } };
    const read = async () => {
      const answer = await t.query(PAGE);
      expect(answer.body.errors).toBeUndefined();
      return (answer.body.data!.region as Page).persons.edges.map((e) => e.node);
    };
    const first = await read();
    const hits = await metric(t, "hit");
    expect(await read()).toEqual(first);
    // The second page's regions were all kept: each record's region a hit (and one for the township asked).
    expect((await metric(t, "hit")) - hits).toBeGreaterThanOrEqual(first.length);
    const village = first[0]!.residenceRegion;
    await t.db.sql.query(`UPDATE region SET name = name || '（新）' WHERE code = $1`, [village.code]);
    try {
      const renamed = await read();
      expect(renamed.filter((n) => n.residenceRegion.code === village.code).every((n) => n.residenceRegion.name === `${village.name}（新）`)).toBe(true);
      expect(await read()).toEqual(renamed);
    } finally {
      await t.db.sql.query(`UPDATE region SET name = $1 WHERE code = $2`, [village.name, village.code]);
    }
    expect(await read()).toEqual(first);
  });

  it("reads nothing from the cache, and keeps nothing in it, for a mutation: its payload shows what it wrote", async () => {
    const [institution] = await t.db.sql.query<{ id: string }>(
      `SELECT id FROM childcare_institution WHERE region_code LIKE '320722%' AND closed_on IS NULL ORDER BY id LIMIT 1`,
    );
    const globalId = Buffer.from(`ChildcareInstitution:${institution!.id}`).toString("base64");
    const staff = await t.token({ jurisdiction: "320722", scopes: ["childcare:write"] });
    await t.query(`{ region(code: "320722") { name } }`);
    const hits = await metric(t, "hit");
    const misses = await metric(t, "miss");
    const key = `cache-incident-${randomBytes(6).toString("hex")}`;
    const response = await t.query(
      `mutation { recordChildcareIncident(input: { idempotencyKey: "${key}", institutionId: "${globalId}",
        occurredOn: "2025-11-02", kind: INJURY, severity: MINOR, major: false, description: "擦伤" }) { id institution { region { code name } } } }`,
      { token: staff },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.recordChildcareIncident.institution.region.code).toMatch(/^320722/);
    expect(await metric(t, "hit")).toBe(hits);
    expect(await metric(t, "miss")).toBe(misses);
    await t.db.sql.query(`DELETE FROM childcare_incident WHERE idempotency_key = $1`, [key]);
  });

  it("serves a county's linkage summary from the cache until a channel record, a registration or a person changes", async () => {
    const LINKAGE = `{ region(code: "320722") { birthLinkage(period: "2024") { births registryCoverage { numerator denominator } findingCounts { kind count } } } }`;
    const read = async () => (await t.query(LINKAGE)).body.data!.region.birthLinkage as { births: number; registryCoverage: { numerator: number; denominator: number } };
    const first = await read();
    expect(first.births).toBeGreaterThan(0);
    const engine = t.db.kind;
    const before = statementsSent[engine];
    const hits = await metric(t, "hit");
    expect(await read()).toEqual(first);
    // The version alone: the region, the records, registrations and persons are not read again.
    expect(statementsSent[engine] - before).toBe(1);
    // The region and the linkage measures.
    expect(await metric(t, "hit")).toBe(hits + 2);

    // A new birth reported by one channel: the next request links it.
    await t.db.prisma.birthChannelRecord.create({
      data: { id: "BCR-cache-1", channel: "HOUSEHOLD_REGISTRATION", motherIdNumber: "320722199001011230", sex: "MALE", birthDate: new Date("2024-03-01"), regionCode: "320722101001", reportedOn: new Date("2024-03-05") },
    });
    const written = await read();
    expect(written.births).toBe(first.births + 1);
    // The channel records the child's ID number, one the registry holds: coverage is recounted.
    const coverage = written.registryCoverage;
    const person = (await t.db.sql.query<{ id: string; id_number: string }>(`SELECT id, id_number FROM person WHERE residence_region_code LIKE '320722%' ORDER BY id LIMIT 1`))[0]!;
    await t.db.sql.query(`UPDATE birth_channel_record SET child_id_number = $1 WHERE id = 'BCR-cache-1'`, [person.id_number]);
    expect((await read()).registryCoverage.numerator).toBe(coverage.numerator + 1);
    // The registry corrects that person's ID number (same place, date and sex): the child is no longer found.
    const corrected = person.id_number.slice(0, 14) + String((Number(person.id_number[14]) + 1) % 10) + person.id_number.slice(15, 17);
    await t.db.sql.query(`UPDATE person SET id_number = $2 WHERE id = $1`, [person.id, corrected + idNumberCheckCharacter(corrected)]);
    expect((await read()).registryCoverage.numerator).toBe(coverage.numerator);
    // A name corrected changes no linkage measure: the version holds and the answer is a hit.
    const hitsBefore = await metric(t, "hit");
    await t.db.sql.query(`UPDATE person SET name = name WHERE id = $1`, [person.id]);
    await read();
    expect(await metric(t, "hit")).toBe(hitsBefore + 2);
    await t.db.sql.query(`UPDATE person SET id_number = $2 WHERE id = $1`, [person.id, person.id_number]);
    await t.db.sql.query(`DELETE FROM birth_channel_record WHERE id = 'BCR-cache-1'`);
    expect(await read()).toEqual(first);
  });
});

describe("the indicator result cache in Redis", () => {
  const target = testDatabaseTargets()[0]!;
  const env = { REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `popfam-test:${randomBytes(6).toString("hex")}:` };

  it("is shared by two gateways: what one counted, the other serves", async () => {
    const db = await openSeededTestDatabase(target);
    const a = await startTestGateway({ db, env });
    const b = await startTestGateway({ db, env });
    try {
      const fromA = await a.query(DASHBOARD);
      expect(fromA.body.errors).toBeUndefined();
      const fromB = await b.query(DASHBOARD);
      expect(fromB.body).toEqual(fromA.body);
      expect(await metric(b, "miss")).toBe(0);
      expect(await metric(b, "hit")).toBeGreaterThanOrEqual(20);
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });

  it("unreachable, costs misses and the queries still answer", async () => {
    const t = await startTestGateway({ target, env: { REDIS_URL: "redis://127.0.0.1:1" } });
    try {
      const response = await t.query(DASHBOARD);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.region.indicators.length).toBeGreaterThan(0);
      expect(await metric(t, "hit")).toBe(0);
    } finally {
      await t.close();
    }
  });

  it("is off with INDICATOR_CACHE=off: every request counts afresh", async () => {
    const t = await startTestGateway({ target, env: { INDICATOR_CACHE: "off" } });
    try {
      await t.query(BIRTHS_2021);
      await t.query(BIRTHS_2021);
      expect(await metric(t, "hit")).toBe(0);
      expect(await metric(t, "miss")).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe("the shared version reads", () => {
  /** A SQL client whose statements answer when the test says. */
  function pendingSql() {
    const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
    const sql = {
      query: () => new Promise<{ v: string }[]>((resolve, reject) => pending.push({ resolve: (v) => resolve([{ v }]), reject })),
    };
    return { sql: sql as never, pending };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it("gives each caller a read sent after it asked, one in flight at a time, shared by whoever asked meanwhile", async () => {
    const { sql, pending } = pendingSql();
    const versions = new VersionReads(sql);
    const first = versions.read();
    expect(pending).toHaveLength(1);
    // Asked while the first read is in flight: it may predate their asking, so they wait for the next.
    const second = versions.read();
    const third = versions.read();
    await turn();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve("1");
    expect(await first).toBe("1");
    await turn();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve("2");
    expect(await Promise.all([second, third])).toEqual(["2", "2"]);
    // Nothing in flight: a caller alone waits for no one.
    const fourth = versions.read();
    expect(pending).toHaveLength(3);
    pending[2]!.resolve("3");
    expect(await fourth).toBe("3");
  });

  it("fails the callers of a failed read only; the next read is still sent", async () => {
    const { sql, pending } = pendingSql();
    const versions = new VersionReads(sql);
    const first = versions.read();
    const second = versions.read();
    pending[0]!.reject(new Error("connection lost"));
    await expect(first).rejects.toThrow("connection lost");
    await turn();
    pending[1]!.resolve("7");
    expect(await second).toBe("7");
  });
});

describe("the in-process store", () => {
  it("bounds entries by their weight when they have one (whole answers by their size)", () => {
    const answers = new LruMap<string>(10);
    answers.set("a", "first", 4);
    answers.set("b", "second", 4);
    expect(answers.get("a")).toBe("first");
    answers.set("c", "third", 4);
    expect([answers.get("a"), answers.get("b"), answers.get("c")]).toEqual(["first", undefined, "third"]);
    answers.set("d", "too big", 11);
    expect(answers.get("d")).toBeUndefined();
  });

  it("hands out a kept value itself, parsed once and frozen, to whoever peeks at it", async () => {
    const store = new MemoryResultStore(4);
    await store.set([["region", JSON.stringify({ code: "320722", name: "东海县", parentCode: "320700" })]]);
    const value = store.peek("region") as { name: string };
    expect(value).toEqual({ code: "320722", name: "东海县", parentCode: "320700" });
    expect(store.peek("region")).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(store.peek("absent")).toBeUndefined();
    // Set again (a later version's value under the same key): the new one is handed out.
    await store.set([["region", JSON.stringify({ code: "320722", name: "东海县（新）", parentCode: "320700" })]]);
    expect((store.peek("region") as { name: string }).name).toBe("东海县（新）");
    expect(await store.get(["region"])).toEqual([JSON.stringify({ code: "320722", name: "东海县（新）", parentCode: "320700" })]);
  });

  it("keeps the most recently used entries up to its capacity", async () => {
    const store = new MemoryResultStore(2);
    await store.set([["a", "1"], ["b", "2"]]);
    expect(await store.get(["a"])).toEqual(["1"]);
    await store.set([["c", "3"]]);
    expect(await store.get(["a", "b", "c"])).toEqual(["1", null, "3"]);
  });
});
