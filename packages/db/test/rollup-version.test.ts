// rollup_version(): grows with every committed transaction that changes the rollups, and only then
// (the gateway caches indicator results under it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client.js";
import { openSeededTestDatabase, testDatabaseTargets } from "../testing/index.js";

describe.each(testDatabaseTargets())("rollup_version() on $name", (target) => {
  let db: Database;
  const village = "320722101001";

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  const version = async () => BigInt((await db.sql.query<{ v: string }>(`SELECT rollup_version()::text AS v`))[0]!.v);
  /** The version after `write`, less the version before it. */
  const bumpOf = async (write: () => Promise<unknown>) => {
    const before = await version();
    await write();
    return (await version()) - before;
  };

  it("grows when a birth is written, and once for a transaction of many statements", async () => {
    const mother = (await db.sql.query<{ id: string; id_number: string }>(
      `SELECT id, id_number FROM person WHERE residence_region_code = $1 AND sex = 'FEMALE' LIMIT 1`, [village]))[0]!;
    const birth = (id: string) => ({
      id, motherPersonId: mother.id, motherIdNumber: mother.id_number, sex: "MALE" as const,
      birthDate: new Date("2024-04-15"), birthOrder: 2, regionCode: village, channel: "BIRTH_CERTIFICATE" as const,
      reportedOn: new Date("2024-04-16"), keyItemsChecked: true, keyItemsMatch: true, policyConforming: true,
    });
    expect(await bumpOf(() => db.prisma.birth.create({ data: birth("B-version-1") }))).toBe(1n);
    expect(await bumpOf(() => db.prisma.$transaction([db.prisma.birth.create({ data: birth("B-version-2") }), db.prisma.birth.delete({ where: { id: "B-version-1" } })]))).toBe(1n);
    expect(await bumpOf(() => db.prisma.birth.delete({ where: { id: "B-version-2" } }))).toBe(1n);
  });

  it("grows when a person moves and when a death is written", async () => {
    const person = (await db.sql.query<{ id: string }>(
      `SELECT id FROM person WHERE residence_region_code = $1 AND status = 'REGISTERED' LIMIT 1`, [village]))[0]!;
    expect(await bumpOf(() => db.sql.query(`UPDATE person SET residence_region_code = '320722101002' WHERE id = $1`, [person.id]))).toBe(1n);
    expect(await bumpOf(() => db.prisma.death.create({
      data: { id: "D-version-1", personId: person.id, regionCode: village, deathDate: new Date("2025-03-02"), reportedOn: new Date("2025-03-03") },
    }))).toBe(1n);
  });

  it("grows when an assistance, childcare or special-family write changes a rollup", async () => {
    const open = (await db.sql.query<{ program_code: string; family_id: string; id_number: string; region_code: string }>(
      `SELECT a.program_code, a.family_id, a.id_number, a.region_code FROM eligibility_assessment a
       WHERE a.year = 2024 AND a.eligible AND NOT a.decided AND a.program_code = 'RURAL_REWARD' LIMIT 1`,
    ))[0]!;
    expect(await bumpOf(() => db.sql.query(
      `INSERT INTO eligibility_decision (id, program_code, year, family_id, id_number, region_code, status, reasons, eligible_from, decided_on, decided_by, idempotency_key, request_hash)
       VALUES ('ED-version-1', $1, 2024, $2, $3, $4, 'CONFIRMED', '{}', '2024-01-01', '2024-03-01', 'tester', 'version-decision-1', 'h')`,
      [open.program_code, open.family_id, open.id_number, open.region_code],
    ))).toBe(1n);
    expect(await bumpOf(() => db.sql.query(
      `INSERT INTO childcare_institution (id, name, kind, ownership, legal_form, service_types, region_code, usable_area_m2, lowest_child_floor, highest_child_floor, opened_on)
       VALUES ('CI-version-1', '版本托育园', 'CHILDCARE_INSTITUTION', 'PRIVATE', 'FOR_PROFIT', '{FULL_DAY}', $1, 400, 1, 2, '2024-03-01')`,
      [village],
    ))).toBe(1n);
    expect(await bumpOf(() => db.sql.query(
      `INSERT INTO childcare_class (id, institution_id, type, places, inclusive_places, opened_on) VALUES ('CC-version-1', 'CI-version-1', 'TODDLER', 15, 10, '2024-03-01')`,
    ))).toBe(1n);
    const family = (await db.sql.query<{ id: string }>(`SELECT id FROM special_family WHERE closed_on IS NULL LIMIT 1`))[0]!;
    expect(await bumpOf(() => db.sql.query(`UPDATE special_family SET closed_on = '2025-07-01' WHERE id = $1`, [family.id]))).toBe(1n);
  });

  it("grows when the resident population an indicator divides by changes", async () => {
    expect(await bumpOf(() => db.sql.query(
      `UPDATE population_base SET resident_population = resident_population + 1 WHERE region_code = '320722' AND year = 2021`,
    ))).toBe(1n);
  });

  it("grows with a rebuild, the bulk load's last step", async () => {
    expect(await bumpOf(() => db.sql.transaction(async (tx) => {
      await tx.query(`SELECT set_config('popfam.bulk_load', 'on', true)`);
      await tx.query(`DELETE FROM death WHERE id = 'D-version-1'`);
      await tx.query(`SELECT set_config('popfam.bulk_load', 'off', true)`);
      await tx.query(`SELECT rollup_rebuild()`);
    }))).toBe(1n);
  });

  it("stays when a write changes no rollup", async () => {
    expect(await bumpOf(() => db.prisma.auditLog.create({
      data: { subject: "t", role: "OFFICER", action: "READ_UNMASKED", entityType: "Person", entityId: "P1", fields: ["name"], reason: "test" },
    }))).toBe(0n);
    expect(await bumpOf(() => db.sql.query(
      `INSERT INTO childcare_inspection (id, institution_id, inspected_on, inspector, findings, idempotency_key, request_hash)
       VALUES ('CX-version-1', 'CI-version-1', '2024-06-01', 'tester', '{}', 'version-inspection-1', 'h')`,
    ))).toBe(0n);
    expect(await bumpOf(() => db.sql.transaction(async (tx) => {
      await tx.query(`SELECT set_config('popfam.bulk_load', 'on', true)`);
      await tx.query(`DELETE FROM childcare_class WHERE id = 'CC-version-1'`);
    }))).toBe(0n);
  });

  it("is seen only with the rollups of the transaction that made it", async () => {
    // Taken back: neither the rows nor the version.
    const before = await version();
    await expect(db.sql.transaction(async (tx) => {
      await tx.query(`UPDATE region_rollup SET value = value + 1 WHERE region_code = '320722' AND period = '2024' AND measure = 'BIRTHS'`);
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect(await version()).toBe(before);
  });
});
