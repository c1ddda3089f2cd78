// The rollup triggers work per statement (transition tables): a statement of many rows, an update
// moving rows between regions and periods, a delete of many, must leave the rollups exactly as a
// rebuild from the fact tables counts them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client.js";
import { openSeededTestDatabase, testDatabaseTargets } from "../testing/index.js";

type Row = { region_code: string; period: string; measure: string; value: string };

async function snapshot(db: Database): Promise<string[]> {
  const rows = await db.sql.query<Row>(`SELECT region_code, period, measure, value::text AS value FROM region_rollup WHERE value <> 0`);
  return rows.map((r) => `${r.region_code}|${r.period}|${r.measure}|${r.value}`).sort();
}

/** The rollups as the triggers left them equal a rebuild (taken back: the database is not changed). */
async function expectRebuildEqual(db: Database) {
  const incremental = await snapshot(db);
  const rebuilt = await db.sql.transaction(async (tx) => {
    await tx.query(`SELECT rollup_rebuild()`);
    const rows = await tx.query<Row>(`SELECT region_code, period, measure, value::text AS value FROM region_rollup WHERE value <> 0`);
    throw Object.assign(new Error("take the rebuild back"), { rows });
  }).catch((error: { rows?: Row[] }) => {
    if (!error.rows) throw error;
    return error.rows.map((r) => `${r.region_code}|${r.period}|${r.measure}|${r.value}`).sort();
  });
  expect(incremental.length).toBeGreaterThan(0);
  expect(incremental).toEqual(rebuilt);
}

describe.each(testDatabaseTargets())("rollups kept per statement on $name", (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  const version = async () => (await db.sql.query<{ v: string }>(`SELECT rollup_version()::text AS v`))[0]!.v;

  it("computes a fact's period keys inline, from immutable date parts, as the calendar names them", async () => {
    // Built on to_char (STABLE), the key functions could not be inlined: each call ran through the
    // SQL-function executor, several per birth written and one per group of a rebuild.
    const plan = (await db.sql.query<Record<string, string>>(
      `EXPLAIN (VERBOSE) SELECT rollup_keys_of(m, d), rollup_period_keys(d) FROM unnest(ARRAY['BIRTHS', 'X:MONTH'], ARRAY['2021-06-01'::date, '2024-12-31'::date]) AS v(m, d)`,
    )).map((row) => Object.values(row)[0]).join("\n");
    expect(plan).toContain("EXTRACT(year FROM d)");
    expect(plan).not.toMatch(/rollup_keys_of\(|rollup_period_keys\(/);
    const differing = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM generate_series('1999-01-01'::date, '2031-12-31'::date, '1 day') g, (VALUES ('X'), ('X:YEAR'), ('X:QUARTER'), ('X:MONTH')) m(m)
        WHERE rollup_keys_of(m.m, g::date) IS DISTINCT FROM (CASE
          WHEN m.m LIKE '%:YEAR' THEN ARRAY[to_char(g, 'YYYY')]
          WHEN m.m LIKE '%:QUARTER' THEN ARRAY[to_char(g, 'YYYY') || 'Q' || to_char(g, 'Q')]
          WHEN m.m LIKE '%:MONTH' THEN ARRAY[to_char(g, 'YYYY-MM')]
          ELSE ARRAY[to_char(g, 'YYYY'), to_char(g, 'YYYY-MM')] END)`,
    );
    expect(differing[0]!.n).toBe(0);
  });

  it("upserts a statement's rollup keys with one generic plan, not one planned afresh for each call", async () => {
    // Left to choose, the plan cache judged each call's custom plan (for the arrays' sizes) the
    // cheaper and planned the upsert at every write: a third of a single birth's database time.
    const config = await db.sql.query<{ config: string[] | null }>(`SELECT proconfig AS config FROM pg_proc WHERE proname = 'rollup_apply'`);
    expect(config.map((row) => row.config)).toEqual([["plan_cache_mode=force_generic_plan"]]);
  });

  it("keeps a count's year and month keys only: a quarter is read as its three months", async () => {
    // A quarter key of its own was a third of the rows every fact written upserts.
    const quarterRows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM region_rollup WHERE length(period) = 6 AND measure NOT LIKE '%:QUARTER'`);
    expect(quarterRows[0]!.n).toBe(0);
    const keys = await db.sql.query<{ k: string[] }>(
      `SELECT rollup_flow_keys(p) AS k FROM unnest(ARRAY['2024', '2024Q1', '2024Q4', '2024-07']) WITH ORDINALITY AS u(p, i) ORDER BY i`,
    );
    expect(keys.map((row) => row.k)).toEqual([["2024"], ["2024-01", "2024-02", "2024-03"], ["2024-10", "2024-11", "2024-12"], ["2024-07"]]);
    // Inlined into the reading statement, its `period = ANY(...)` an index condition.
    const plan = (await db.sql.query<Record<string, string>>(
      `EXPLAIN SELECT sum(r.value) FROM (VALUES ('320722', '2024Q2')) q(code, period), region_rollup r
        WHERE r.region_code = q.code AND r.period = ANY(rollup_flow_keys(q.period)) AND r.measure = 'BIRTHS'`,
    )).map((row) => Object.values(row)[0]).join("\n");
    expect(plan).not.toContain("rollup_flow_keys");
    expect(plan).toMatch(/Index (Only )?Scan/);
  });

  it("count one INSERT of many births as a rebuild does", async () => {
    // 500 births copied from existing ones, a month later, some of them twice in one region and month.
    await db.sql.query(
      `INSERT INTO birth (id, mother_id_number, sex, birth_date, birth_order, region_code, channel, reported_on,
                          key_items_checked, key_items_match, registration_id, policy_conforming)
       SELECT 'B-stmt-' || n || '-' || g, b.mother_id_number, b.sex, b.birth_date + 31, b.birth_order, b.region_code, b.channel, b.reported_on + 31 + (n % 40)::int,
              b.key_items_checked, b.key_items_match, b.registration_id, b.policy_conforming
       FROM (SELECT b.*, row_number() OVER (ORDER BY b.id) AS n FROM birth b ORDER BY b.id LIMIT 250) b, generate_series(0, 1) g`,
    );
    expect((await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM birth WHERE id LIKE 'B-stmt-%'`))[0]!.n).toBe(500);
    await expectRebuildEqual(db);
  });

  it("count an UPDATE moving persons between regions, and changing births' measures, as a rebuild does", async () => {
    // Persons of one township move to another county; some leave the registry; children's dates shift.
    await db.sql.query(
      `UPDATE person SET residence_region_code = '3207231' || right(residence_region_code, 5)
       WHERE residence_region_code LIKE '320722101%'`,
    );
    await db.sql.query(
      `UPDATE person SET status = 'MOVED_OUT', exited_on = registered_on + 500
       WHERE id IN (SELECT id FROM person WHERE status = 'REGISTERED' ORDER BY id LIMIT 300)`,
    );
    await db.sql.query(`UPDATE person SET birth_date = birth_date - 200, registered_on = registered_on - 200 WHERE birth_date > '2022-01-01'`);
    await db.sql.query(
      `UPDATE birth SET registration_id = CASE WHEN registration_id IS NULL THEN 'R-' || id END, key_items_match = NOT coalesce(key_items_match, false),
                        region_code = CASE WHEN region_code LIKE '3207%' THEN '320722101001' ELSE region_code END
       WHERE id LIKE 'B-stmt-%' OR id IN (SELECT id FROM birth ORDER BY id DESC LIMIT 200)`,
    );
    await expectRebuildEqual(db);
  });

  it("count DELETEs of many rows, and writes mixed in one transaction, as a rebuild does", async () => {
    await db.sql.query(`DELETE FROM birth WHERE id LIKE 'B-stmt-%-1'`);
    await db.sql.query(`DELETE FROM death WHERE id IN (SELECT id FROM death ORDER BY id LIMIT 150)`);
    await db.sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM person WHERE id IN (SELECT id FROM person WHERE birth_date > '2021-06-01' ORDER BY id LIMIT 100)`);
      await tx.query(`INSERT INTO death (id, person_id, region_code, death_date, reported_on)
                      SELECT 'D-stmt-' || id, id, residence_region_code, '2025-05-05', '2025-05-06' FROM person WHERE status = 'REGISTERED' ORDER BY id LIMIT 120`);
      await tx.query(`UPDATE death SET death_date = death_date + 40 WHERE id LIKE 'D-stmt-%'`);
    });
    await expectRebuildEqual(db);
  });

  it("write no rollup row, and keep the version, for a statement that moves no count", async () => {
    const before = await version();
    const rows = await db.sql.query<{ n: number }>(`WITH u AS (UPDATE person SET name = name || '' WHERE residence_region_code LIKE '3207%' RETURNING 1) SELECT count(*)::int AS n FROM u`);
    expect(rows[0]!.n).toBeGreaterThan(10);
    await db.sql.query(`UPDATE birth SET channel = channel WHERE id LIKE 'B-stmt-%'`);
    await db.sql.query(`DELETE FROM birth WHERE false`);
    expect(await version()).toBe(before);
    await expectRebuildEqual(db);
  });
});
