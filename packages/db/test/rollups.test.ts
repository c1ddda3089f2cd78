import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client.js";
import { openSeededTestDatabase, testDatabaseTargets } from "../testing/index.js";

type Row = { region_code: string; period: string; measure: string; value: number };

async function rollup(db: Database, regionCode: string, period: string, measure: string): Promise<number> {
  const rows = await db.sql.query<{ value: number }>(
    `SELECT value FROM region_rollup WHERE region_code = $1 AND period = $2 AND measure = $3`,
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

  it("keep the audit log append-only", async () => {
    await db.prisma.auditLog.create({ data: { subject: "t", role: "OFFICER", action: "READ_UNMASKED", entityType: "Person", entityId: "P1", fields: ["name"], reason: "test" } });
    await expect(db.sql.query(`UPDATE audit_log SET reason = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
    expect(rows[0]!.n).toBe(1);
  });
});
