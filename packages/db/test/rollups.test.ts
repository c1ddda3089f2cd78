import { HOLIDAY_DATES, holidayWindows } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client.js";
import { openSeededTestDatabase, testDatabaseTargets } from "../testing/index.js";

type Row = { region_code: string; period: string; measure: string; value: number };

/** A measure's flow over a period, as the readers sum it: a year's or a month's row, a quarter's three months'. */
async function rollup(db: Database, regionCode: string, period: string, measure: string): Promise<number> {
  const rows = await db.sql.query<{ value: number }>(
    `SELECT sum(value) AS value FROM region_rollup WHERE region_code = $1 AND period = ANY(rollup_flow_keys($2)) AND measure = $3`,
    [regionCode, period, measure],
  );
  return Number(rows[0]?.value ?? 0);
}

async function snapshot(db: Database): Promise<string[]> {
  const rows = await db.sql.query<Row>(`SELECT region_code, period, measure, value FROM region_rollup WHERE value <> 0`);
  return rows.map((r) => `${r.region_code}|${r.period}|${r.measure}|${r.value}`).sort();
}

describe.each(testDatabaseTargets())("rollups on $name", (target) => {
  let db: Database;
  const village = "320722101001";
  const chain = ["320000", "320700", "320722", "320722101", village];

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("read the holiday windows the domain's table gives, year by year", async () => {
    const rows = await db.sql.query<{ holiday: string; day: string; start: string; end: string }>(
      `SELECT holiday::text AS holiday, to_char(day, 'YYYY-MM-DD') AS day, to_char(window_start, 'YYYY-MM-DD') AS start, to_char(window_end, 'YYYY-MM-DD') AS end
       FROM holiday_window ORDER BY day`,
    );
    expect(rows).toEqual(Object.keys(HOLIDAY_DATES).map(Number).sort().flatMap((year) => holidayWindows(year)));
  });

  it("count the same as the raw rows after the bulk load", async () => {
    const raw = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM birth WHERE region_code LIKE '320722%' AND birth_date BETWEEN '2021-01-01' AND '2021-12-31'`,
    );
    expect(await rollup(db, "320722", "2021", "BIRTHS")).toBe(raw[0]!.n);
    const deaths = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM death WHERE region_code LIKE '32%' AND death_date BETWEEN '2023-04-01' AND '2023-06-30'`);
    expect(await rollup(db, "320000", "2023Q2", "DEATHS")).toBe(deaths[0]!.n);
  });

  it("stay current when a birth is written, changed and removed, at every level and period", async () => {
    const before = await Promise.all(chain.map((code) => rollup(db, code, "2024-03", "BIRTHS")));
    const registeredBefore = await rollup(db, "320722", "2024", "BIRTHS_REGISTERED");
    const mother = (await db.sql.query<{ id: string; id_number: string }>(`SELECT id, id_number FROM person WHERE residence_region_code = $1 AND sex = 'FEMALE' LIMIT 1`, [village]))[0]!;
    await db.prisma.birth.create({
      data: {
        id: "B-test-1", motherPersonId: mother.id, motherIdNumber: mother.id_number, sex: "FEMALE",
        birthDate: new Date("2024-03-15"), birthOrder: 1, regionCode: village, channel: "BIRTH_CERTIFICATE",
        reportedOn: new Date("2024-03-16"), keyItemsChecked: true, keyItemsMatch: true, policyConforming: true,
      },
    });
    const after = await Promise.all(chain.map((code) => rollup(db, code, "2024-03", "BIRTHS")));
    expect(after).toEqual(before.map((n) => n + 1));
    expect(await rollup(db, "320722101", "2024Q1", "BIRTHS_FEMALE")).toBeGreaterThan(0);
    expect(await rollup(db, "320722", "2024", "BIRTHS_REGISTERED")).toBe(registeredBefore);

    await db.prisma.birth.update({ where: { id: "B-test-1" }, data: { registrationId: "R-test-1" } });
    expect(await rollup(db, "320722", "2024", "BIRTHS_REGISTERED")).toBe(registeredBefore + 1);

    await db.prisma.birth.delete({ where: { id: "B-test-1" } });
    expect(await Promise.all(chain.map((code) => rollup(db, code, "2024-03", "BIRTHS")))).toEqual(before);
    expect(await rollup(db, "320722", "2024", "BIRTHS_REGISTERED")).toBe(registeredBefore);
  });

  it("kept by the triggers equal a full rebuild after a mix of writes", async () => {
    const person = (await db.sql.query<{ id: string }>(`SELECT id FROM person WHERE residence_region_code = $1 AND status = 'REGISTERED' LIMIT 1`, [village]))[0]!;
    await db.prisma.death.create({ data: { id: "D-test-1", personId: person.id, regionCode: village, deathDate: new Date("2025-02-02"), reportedOn: new Date("2025-02-03") } });
    await db.prisma.person.update({ where: { id: person.id }, data: { status: "DECEASED", exitedOn: new Date("2025-02-02") } });
    const incremental = await snapshot(db);
    await db.sql.query(`SELECT rollup_rebuild()`);
    expect(await snapshot(db)).toEqual(incremental);
  });

  it("count the target population and what was paid as the raw rows do, and follow decisions and payments", async () => {
    // The target population of a county's year, computed from the raw rows as the adapter once did.
    const raw = async () =>
      db.sql.query<{ program: string; assessed: number; eligible: number; decided: number }>(
        `SELECT t.program_code AS program, count(*)::int AS assessed, count(*) FILTER (WHERE t.eligible)::int AS eligible,
                count(*) FILTER (WHERE t.eligible AND (
                  EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = t.program_code AND d.year = t.year AND d.id_number = t.id_number)
                  OR (t.program_code IN (SELECT code FROM assistance_program WHERE schedule = 'ONE_TIME')
                      AND EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = t.program_code AND d.id_number = t.id_number))))::int AS decided
         FROM eligibility_assessment t WHERE t.year = 2024 AND t.region_code LIKE '320722%' GROUP BY 1 ORDER BY 1`,
      );
    const rolled = async () =>
      Promise.all(
        (await raw()).map(async (r) => ({
          program: r.program,
          assessed: await rollup(db, "320722", "2024", `ASSESSED:${r.program}`),
          eligible: await rollup(db, "320722", "2024", `ELIGIBLE:${r.program}`),
          decided: await rollup(db, "320722", "2024", `ELIGIBLE_DECIDED:${r.program}`),
        })),
      );
    expect((await raw()).length).toBeGreaterThan(2);
    expect(await rolled()).toEqual(await raw());

    // A decision for an eligible, undecided assessment decides it, up the region chain; removing it undoes that.
    const open = (await db.sql.query<{ program_code: string; family_id: string; id_number: string; region_code: string }>(
      `SELECT a.program_code, a.family_id, a.id_number, a.region_code FROM eligibility_assessment a
       WHERE a.year = 2024 AND a.eligible AND NOT a.decided AND a.region_code LIKE '320722%' AND a.program_code = 'RURAL_REWARD' LIMIT 1`,
    ))[0]!;
    const chainOf = (code: string) => ["320000", "320700", "320722", code.slice(0, 9), code];
    const decidedAlong = () => Promise.all(chainOf(open.region_code).map((c) => rollup(db, c, "2024", "ELIGIBLE_DECIDED:RURAL_REWARD")));
    const before = await decidedAlong();
    await db.sql.query(
      `INSERT INTO eligibility_decision (id, program_code, year, family_id, id_number, region_code, status, reasons, eligible_from, decided_on, decided_by, idempotency_key, request_hash)
       VALUES ('ED-test-1', $1, 2024, $2, $3, $4, 'CONFIRMED', '{}', '2024-01-01', '2024-03-01', 'tester', 'rollup-test-decision-1', 'h')`,
      [open.program_code, open.family_id, open.id_number, open.region_code],
    );
    expect(await decidedAlong()).toEqual(before.map((n) => n + 1));
    expect(await rolled()).toEqual(await raw());
    await db.sql.query(`DELETE FROM eligibility_decision WHERE id = 'ED-test-1'`);
    expect(await decidedAlong()).toEqual(before);

    // A one-time program decided in one year is decided in every year's assessment.
    const oneTime = (await db.sql.query<{ program_code: string; family_id: string; id_number: string; region_code: string; year: number }>(
      `SELECT a.program_code, a.family_id, a.id_number, a.region_code, a.year FROM eligibility_assessment a
       JOIN assistance_program p ON p.code = a.program_code AND p.schedule = 'ONE_TIME'
       WHERE a.eligible AND NOT a.decided AND a.region_code LIKE '320722%' LIMIT 1`,
    ))[0];
    if (oneTime) {
      const measure = `ELIGIBLE_DECIDED:${oneTime.program_code}`;
      const atYear = await rollup(db, "320722", String(oneTime.year), measure);
      await db.sql.query(
        `INSERT INTO eligibility_decision (id, program_code, year, family_id, id_number, region_code, status, reasons, eligible_from, decided_on, decided_by, idempotency_key, request_hash)
         VALUES ('ED-test-2', $1, $2, $3, $4, $5, 'CONFIRMED', '{}', '2019-01-01', '2019-03-01', 'tester', 'rollup-test-decision-2', 'h')`,
        [oneTime.program_code, oneTime.year - 5, oneTime.family_id, oneTime.id_number, oneTime.region_code],
      );
      expect(await rollup(db, "320722", String(oneTime.year), measure)).toBe(atYear + 1);
    }

    // Payments: the amount, and each beneficiary once a program year however many lines.
    const paid = async () => [await rollup(db, "320722", "2024", "PAID_FEN:RURAL_REWARD"), await rollup(db, "320722", "2024", "PAID_BENEFICIARIES:RURAL_REWARD")];
    const rawPaid = await db.sql.query<{ fen: string; people: number }>(
      `SELECT coalesce(sum(l.amount_fen), 0)::text AS fen, count(DISTINCT l.beneficiary_id)::int AS people
       FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id JOIN beneficiary r ON r.id = l.beneficiary_id
       WHERE b.program_code = 'RURAL_REWARD' AND b.year = 2024 AND r.region_code LIKE '320722%'`,
    );
    expect(await paid()).toEqual([Number(rawPaid[0]!.fen), rawPaid[0]!.people]);
    const [fen, people] = await paid();
    const unpaid = (await db.sql.query<{ id: string; paid: boolean }>(
      `SELECT r.id, EXISTS (SELECT 1 FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id
                            WHERE l.beneficiary_id = r.id AND b.program_code = 'RURAL_REWARD' AND b.year = 2024) AS paid
       FROM beneficiary r WHERE r.program_code = 'RURAL_REWARD' AND r.region_code LIKE '320722%' ORDER BY paid LIMIT 1`,
    ))[0]!;
    const batch = (n: number) =>
      db.sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO payment_batch (id, idempotency_key, request_hash, program_code, region_code, year, paid_on, line_count, total_fen, recorded_by)
           VALUES ($1, $2, 'h', 'RURAL_REWARD', '320722', 2024, '2024-12-01', 1, 50000, 'tester')`,
          [`PB-test-${n}`, `rollup-test-batch-${n}`],
        );
        await tx.query(`INSERT INTO payment_line (id, batch_id, beneficiary_id, amount_fen) VALUES ($1, $2, $3, 50000)`, [`PB-test-${n}-L1`, `PB-test-${n}`, unpaid.id]);
      });
    await batch(1);
    await batch(2);
    expect(await paid()).toEqual([fen! + 100000, people! + (unpaid.paid ? 0 : 1)]);

    // And the triggers' counts are what a rebuild counts.
    const incremental = await snapshot(db);
    await db.sql.query(`SELECT rollup_rebuild()`);
    expect(await snapshot(db)).toEqual(incremental);
  });

  it("count childcare institutions, places and what was new in them, and take a change back exactly", async () => {
    const county = "320722";
    const count = (period: string, measure: string) => rollup(db, county, period, measure);
    const before = {
      opened: await count("2024-03", "CHILDCARE_INSTITUTIONS_IN"),
      places: await count("2024-03", "CHILDCARE_PLACES_IN"),
      inclusive: await count("2024-05", "CHILDCARE_INCLUSIVE_PLACES_IN"),
      filed: await count("2024-03", "CHILDCARE_FILED_IN"),
      fresh: await count("2024", "CHILDCARE_NEW_OR_EXPANDED"),
      designated: await count("2024", "CHILDCARE_DESIGNATED:CITY_PILOT"),
    };
    await db.sql.query(
      `INSERT INTO childcare_institution (id, name, kind, ownership, legal_form, service_types, region_code, usable_area_m2, lowest_child_floor, highest_child_floor, opened_on)
       VALUES ('CI-test-1', '测试托育园', 'CHILDCARE_INSTITUTION', 'PRIVATE', 'FOR_PROFIT', '{FULL_DAY}', $1, 400, 1, 2, '2024-03-01')`,
      [village],
    );
    await db.sql.query(`INSERT INTO childcare_class (id, institution_id, type, places, inclusive_places, opened_on) VALUES ('CC-test-1', 'CI-test-1', 'TODDLER', 15, 10, '2024-03-01')`);
    await db.sql.query(`INSERT INTO childcare_filing (id, institution_id, kind, submitted_on, attachments, recorded_on) VALUES ('CF-test-1', 'CI-test-1', 'INITIAL', '2024-03-04', '{}', '2024-03-08')`);
    expect(await count("2024-03", "CHILDCARE_INSTITUTIONS_IN")).toBe(before.opened + 1);
    expect(await count("2024-03", "CHILDCARE_PLACES_IN")).toBe(before.places + 15);
    expect(await count("2024-03", "CHILDCARE_FILED_IN")).toBe(before.filed + 1);
    expect(await count("2024", "CHILDCARE_NEW_OR_EXPANDED")).toBe(before.fresh + 1);
    // 普惠 places count from the recognition, in the month it came.
    await db.sql.query(
      `INSERT INTO inclusive_recognition (id, institution_id, basis, recognised_by, recognised_on, fee_list) VALUES ('IR-test-1', 'CI-test-1', 'SOCIAL_INCLUSIVE', $1, '2024-05-20', '[]')`,
      [county],
    );
    expect(await count("2024-05", "CHILDCARE_INCLUSIVE_PLACES_IN")).toBe(before.inclusive + 10);
    expect(await rollup(db, village, "2024Q2", "CHILDCARE_NEW_INCLUSIVE")).toBe(1);
    // A class in a later year expands the institution; a designation counts by kind.
    await db.sql.query(`INSERT INTO childcare_class (id, institution_id, type, places, inclusive_places, opened_on) VALUES ('CC-test-2', 'CI-test-1', 'INFANT', 10, 0, '2025-02-01')`);
    expect(await rollup(db, village, "2025", "CHILDCARE_NEW_OR_EXPANDED")).toBe(1);
    await db.sql.query(`INSERT INTO childcare_designation (id, institution_id, kind, designated_by, designated_on) VALUES ('CD-test-1', 'CI-test-1', 'CITY_PILOT', '320700', '2024-09-01')`);
    expect(await count("2024", "CHILDCARE_DESIGNATED:CITY_PILOT")).toBe(before.designated + 1);
    // Closing the institution closes its places and its filed span on that day.
    await db.sql.query(`UPDATE childcare_institution SET closed_on = '2025-06-30' WHERE id = 'CI-test-1'`);
    expect(await rollup(db, village, "2025-06", "CHILDCARE_PLACES_OUT")).toBe(25);
    expect(await rollup(db, village, "2025-06", "CHILDCARE_INSTITUTIONS_OUT")).toBe(1);
    // Enrolment counts in its month where the institution is.
    const child = (await db.sql.query<{ id_number: string }>(`SELECT id_number FROM person WHERE birth_date > '2022-06-01' LIMIT 1`))[0]!;
    await db.sql.query(
      `INSERT INTO childcare_enrolment (id, institution_id, class_id, month, child_id_number, age_months) VALUES ('CE-test-1', 'CI-test-1', 'CC-test-1', '2024-06', $1, 20)`,
      [child.id_number],
    );
    expect(await rollup(db, village, "2024-06", "CHILDCARE_ENROLLED")).toBe(1);
    // What the triggers kept is what a rebuild counts; removing the institution takes it all back.
    const incremental = await snapshot(db);
    await db.sql.query(`SELECT rollup_rebuild()`);
    expect(await snapshot(db)).toEqual(incremental);
    await db.sql.query(`DELETE FROM childcare_designation WHERE institution_id = 'CI-test-1'`);
    await db.sql.query(`DELETE FROM childcare_enrolment WHERE institution_id = 'CI-test-1'`);
    await db.sql.query(`DELETE FROM inclusive_recognition WHERE institution_id = 'CI-test-1'`);
    await db.sql.query(`DELETE FROM childcare_filing WHERE institution_id = 'CI-test-1'`);
    await db.sql.query(`DELETE FROM childcare_class WHERE institution_id = 'CI-test-1'`);
    await db.sql.query(`DELETE FROM childcare_institution WHERE id = 'CI-test-1'`);
    expect(await rollup(db, village, "2024", "CHILDCARE_NEW_OR_EXPANDED")).toBe(0);
    expect(await count("2024-03", "CHILDCARE_PLACES_IN")).toBe(before.places);
    const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollup_contribution WHERE source_id = 'CI-test-1'`);
    expect(rows[0]!.n).toBe(0);
  });

  it("count the registry's children under three as in minus out up to a day, as the raw rows do", async () => {
    const raw = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM person
       WHERE residence_region_code LIKE '320722%' AND greatest(birth_date, registered_on) <= '2024-12-31'
         AND (birth_date + interval '3 years')::date > '2024-12-31'
         AND (status = 'REGISTERED' OR exited_on > '2024-12-31')`,
    );
    const rows = await db.sql.query<{ n: string }>(
      `SELECT coalesce(sum(CASE WHEN measure = 'CHILDREN_UNDER3_IN' THEN value ELSE -value END), 0)::text AS n
       FROM region_rollup WHERE region_code = '320722' AND length(period) = 4 AND period <= '2024'
         AND measure IN ('CHILDREN_UNDER3_IN', 'CHILDREN_UNDER3_OUT')`,
    );
    expect(raw[0]!.n).toBeGreaterThan(0);
    expect(Number(rows[0]!.n)).toBe(raw[0]!.n);
  });

  it("keep the audit log append-only", async () => {
    await db.prisma.auditLog.create({ data: { subject: "t", role: "OFFICER", action: "READ_UNMASKED", entityType: "Person", entityId: "P1", fields: ["name"], reason: "test" } });
    await expect(db.sql.query(`UPDATE audit_log SET reason = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(rows[0]!.n).toBe(1);
  });
});
