// The special-family archive's database adapter: families by region and everything done for them
// by family, one statement however many keys; visits and contracts written once per key, a
// visit's holiday set from its date by the domain's windows, a refused command writing nothing.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { holidayOf, holidayWindows, parsePeriod, specialFamilyMeasures, type SpecialFamilyRecords } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specialFamiliesFromDatabase } from "../src/special-families/db-adapter.js";
import type { RecordVisitCommand, SignContractCommand } from "../src/special-families/contract.js";
import { CommandRejected } from "../src/index.js";
import { countingSql, countOf } from "./counting-sql.js";

const TABLES = [
  "special_family", "special_family_member", "contact_person", "family_doctor_contract", "green_channel", "mental_health_service", "visit",
  "family_service",
];

function unwrap<T>(value: T | Error | null | undefined): T {
  if (value instanceof Error) throw value;
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

describe.each(testDatabaseTargets())("the special-families database adapter on $name", (target) => {
  let db: Database;
  let sql: ReturnType<typeof countingSql>;
  let port: ReturnType<typeof specialFamiliesFromDatabase>;
  let familyIds: string[];
  const count = (statement: string, params: readonly (string | number)[] = []) => countOf(db.sql, statement, params);
  const rawIds = async (statement: string, params: readonly (string | number)[] = []) =>
    (await db.sql.query<{ id: string }>(statement, params)).map((r) => r.id);

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    sql = countingSql(db.sql);
    port = specialFamiliesFromDatabase(sql, { clock: () => "2026-11-25" });
    familyIds = await rawIds(`SELECT id FROM special_family ORDER BY id DESC`);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reads a small seed with rows in every table of the archive", async () => {
    for (const table of TABLES) expect(await count(`SELECT count(*) AS n FROM ${table}`), table).toBeGreaterThan(0);
    expect(familyIds.length).toBeGreaterThan(5);
  });

  it("familiesByIds and familiesInRegions: one statement each, order kept, nothing for the unknown, an error for an impossible region", async () => {
    sql.statements = 0;
    const byId = await port.familiesByIds([...familyIds, "SF-unknown"]);
    expect(sql.statements).toBe(1);
    expect(byId.map((f) => (f instanceof Error ? f : f?.id ?? null))).toEqual([...familyIds, null]);
    const regions = ["320722", "320000", "310116", "110101", "000000"];
    sql.statements = 0;
    const inRegions = await port.familiesInRegions(regions.map((regionCode) => ({ regionCode })));
    expect(sql.statements).toBe(1);
    for (const [i, region] of regions.slice(0, 4).entries()) {
      const expected = await rawIds(`SELECT id FROM special_family WHERE region_code LIKE $1 || '%' ORDER BY id COLLATE "C"`, [region.replace(/0+$/, "")]);
      expect(unwrap(inRegions[i]).map((f) => f.id)).toEqual(expected);
    }
    expect(unwrap(inRegions[0]).length).toBeGreaterThan(0);
    expect(inRegions[3]).toEqual([]);
    expect(inRegions[4]).toBeInstanceOf(Error);
  });

  it("reads members, contacts, contracts, green channels, mental-health services, visits and services by family, one statement each", async () => {
    const asked = [...familyIds, "SF-unknown", familyIds[0]!];
    const reads = [
      { read: port.membersByFamilies, table: "special_family_member", order: `role, id COLLATE "C"` },
      { read: port.contactsByFamilies, table: "contact_person", order: `assigned_on, id COLLATE "C"` },
      { read: port.contractsByFamilies, table: "family_doctor_contract", order: `signed_on, id COLLATE "C"` },
      { read: port.greenChannelsByFamilies, table: "green_channel", order: `since, id COLLATE "C"` },
      { read: port.mentalHealthByFamilies, table: "mental_health_service", order: `started_on, id COLLATE "C"` },
      { read: port.visitsByFamilies, table: "visit", order: `visited_on, id COLLATE "C"` },
      { read: port.servicesByFamilies, table: "family_service", order: `served_on, id COLLATE "C"` },
    ];
    for (const { read, table, order } of reads) {
      sql.statements = 0;
      const answers = await read(asked);
      expect(sql.statements, table).toBe(1);
      expect(answers).toHaveLength(asked.length);
      for (const [i, familyId] of asked.entries()) {
        const expected = await rawIds(`SELECT id FROM ${table} WHERE family_id = $1 ORDER BY ${order}`, [familyId]);
        expect(unwrap(answers[i]).map((r) => r.id), `${table} ${familyId}`).toEqual(expected);
      }
      expect(answers[familyIds.length]).toEqual([]);
      expect(answers.at(-1)).toEqual(answers[0]);
    }
    const members = unwrap((await port.membersByFamilies([familyIds[0]!]))[0]);
    expect(members[0]!.role).toBe("MOTHER");
    const visits = (await port.visitsByFamilies(familyIds)).flatMap((v) => unwrap(v));
    expect(visits.some((v) => v.kind === "HOLIDAY")).toBe(true);
    for (const visit of visits) expect(visit.holiday).toBe(visit.kind === "HOLIDAY" ? holidayOf(visit.visitedOn) : null);
  });

  describe("recordVisits", () => {
    let visit: RecordVisitCommand;
    beforeAll(() => {
      const springFestival = holidayWindows(2026)[0]!;
      visit = { idempotencyKey: "visit-test-0001", familyId: familyIds[0]!, visitedOn: springFestival.day, visitor: "李芳", kind: "HOLIDAY", giftFen: 50_000, notes: null };
    });

    it("writes a visit once per key with the holiday from the date; a routine visit has none", async () => {
      const before = await count(`SELECT count(*) AS n FROM visit`);
      const [first, again, routine] = await port.recordVisits([
        visit,
        { ...visit },
        { ...visit, idempotencyKey: "visit-test-0002", kind: "ROUTINE", giftFen: null, notes: "了解近况" },
      ]);
      expect(unwrap(first)).toMatchObject({ familyId: visit.familyId, visitedOn: visit.visitedOn, kind: "HOLIDAY", holiday: "SPRING_FESTIVAL", idempotencyKey: visit.idempotencyKey });
      expect(again).toEqual(first);
      expect(unwrap(routine)).toMatchObject({ kind: "ROUTINE", holiday: null });
      expect(await count(`SELECT count(*) AS n FROM visit`)).toBe(before + 2);
      expect(unwrap((await port.visitsByFamilies([visit.familyId]))[0]).map((v) => v.id)).toContain(unwrap(first).id);
    });

    it("refuses a holiday visit outside every window, an unknown family and a reused key, writing nothing", async () => {
      const before = await count(`SELECT count(*) AS n FROM visit`);
      const results = await port.recordVisits([
        { ...visit, idempotencyKey: "visit-test-0003", visitedOn: "2026-07-01" },
        { ...visit, idempotencyKey: "visit-test-0004", familyId: "SF-unknown" },
        { ...visit, visitor: "王伟" },
      ]);
      expect(results.map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r))).toEqual([
        ["INVALID_INPUT", "visitedOn", "INVALID_VISIT"],
        ["NOT_FOUND", "familyId", "INVALID_VISIT"],
        ["CONFLICT", "idempotencyKey", "IDEMPOTENCY_CONFLICT"],
      ]);
      expect((results[0] as Error).message).toMatch(/^visitedOn 2026-07-01 is in no holiday window/);
      expect(await count(`SELECT count(*) AS n FROM visit`)).toBe(before);
    });
  });

  describe("signContracts", () => {
    it("signs once per key; refuses another family's member, an end before the start and a reused key, writing nothing", async () => {
      const [member, other] = await db.sql.query<{ id: string; family_id: string }>(
        `SELECT DISTINCT ON (family_id) id, family_id FROM special_family_member ORDER BY family_id, id LIMIT 2`,
      );
      const contract: SignContractCommand = {
        idempotencyKey: "contract-test-0001", familyId: member!.family_id, memberId: member!.id, doctorName: "张医生", institution: "石桥镇卫生院",
        signedOn: "2026-01-05", validUntil: "2026-12-31",
      };
      const before = await count(`SELECT count(*) AS n FROM family_doctor_contract`);
      const [first, again] = await port.signContracts([contract, { ...contract }]);
      expect(unwrap(first)).toMatchObject({ familyId: member!.family_id, memberId: member!.id, validUntil: "2026-12-31", idempotencyKey: contract.idempotencyKey });
      expect(again).toEqual(first);
      const results = await port.signContracts([
        { ...contract, idempotencyKey: "contract-test-0002", memberId: other!.id },
        { ...contract, idempotencyKey: "contract-test-0003", validUntil: "2025-12-31" },
        { ...contract, idempotencyKey: "contract-test-0004", memberId: "SM-unknown" },
        { ...contract, doctorName: "李医生" },
      ]);
      expect(results.map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r))).toEqual([
        ["INVALID_INPUT", "memberId", "INVALID_CONTRACT"],
        ["INVALID_INPUT", "validUntil", "DATE_BEFORE_RECORD"],
        ["NOT_FOUND", "memberId", "INVALID_CONTRACT"],
        ["CONFLICT", "idempotencyKey", "IDEMPOTENCY_CONFLICT"],
      ]);
      expect(await count(`SELECT count(*) AS n FROM family_doctor_contract`)).toBe(before + 1);
    });

    it("refuses visits and contracts dated after today (plus the tolerance) or before the family's entry in the archive, naming the field; writes nothing", async () => {
      const [family] = await db.sql.query<{ id: string; registered_on: string; member_id: string }>(
        `SELECT f.id, to_char(f.registered_on, 'YYYY-MM-DD') AS registered_on, m.id AS member_id
         FROM special_family f JOIN special_family_member m ON m.family_id = f.id ORDER BY f.id, m.id LIMIT 1`,
      );
      const dayBefore = new Date(Date.parse(family!.registered_on) - 86_400_000).toISOString().slice(0, 10);
      const before = [await count(`SELECT count(*) AS n FROM visit`), await count(`SELECT count(*) AS n FROM family_doctor_contract`)];
      const visits = await port.recordVisits([
        { idempotencyKey: "visit-dates-1", familyId: family!.id, visitedOn: "2099-01-01", visitor: "李芳", kind: "ROUTINE", giftFen: null, notes: null },
        { idempotencyKey: "visit-dates-2", familyId: family!.id, visitedOn: "1900-01-01", visitor: "李芳", kind: "ROUTINE", giftFen: null, notes: null },
        { idempotencyKey: "visit-dates-3", familyId: family!.id, visitedOn: dayBefore, visitor: "李芳", kind: "ROUTINE", giftFen: null, notes: null },
      ]);
      const contract = { familyId: family!.id, memberId: family!.member_id, doctorName: "张医生", institution: "石桥镇卫生院" };
      const contracts = await port.signContracts([
        { ...contract, idempotencyKey: "contract-dates-1", signedOn: "2099-01-01", validUntil: "2099-12-31" },
        { ...contract, idempotencyKey: "contract-dates-2", signedOn: "1900-01-01", validUntil: "1900-12-31" },
        { ...contract, idempotencyKey: "contract-dates-3", signedOn: "2026-01-05", validUntil: "2099-12-31" },
      ]);
      expect([...visits, ...contracts].map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r))).toEqual([
        ["INVALID_INPUT", "visitedOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "visitedOn", "DATE_BEFORE_RECORD"],
        ["INVALID_INPUT", "visitedOn", "DATE_BEFORE_RECORD"],
        ["INVALID_INPUT", "signedOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "signedOn", "DATE_BEFORE_RECORD"],
        ["INVALID_INPUT", "validUntil", "DATE_RANGE_TOO_LONG"],
      ]);
      expect([await count(`SELECT count(*) AS n FROM visit`), await count(`SELECT count(*) AS n FROM family_doctor_contract`)]).toEqual(before);
    });
  });

  describe("coverage measures from the rollups", () => {
    /** The domain's counts over every family of the region, read through the port's own lists. */
    async function recomputed(regionCode: string, period: string) {
      const [families] = await port.familiesInRegions([{ regionCode }]);
      const ids = unwrap(families).map((f) => f.id);
      const [contacts, contracts, channels, services, visits] = await Promise.all([
        port.contactsByFamilies(ids), port.contractsByFamilies(ids), port.greenChannelsByFamilies(ids), port.mentalHealthByFamilies(ids), port.visitsByFamilies(ids),
      ]);
      const records: SpecialFamilyRecords[] = unwrap(families).map((family, i) => ({
        family, contacts: unwrap(contacts[i]), contracts: unwrap(contracts[i]), greenChannels: unwrap(channels[i]), mentalHealth: unwrap(services[i]), visits: unwrap(visits[i]),
      }));
      return specialFamilyMeasures(records, parsePeriod(period));
    }
    const KEYS = [
      { regionCode: "320722", period: "2025" }, { regionCode: "320722", period: "2021" }, { regionCode: "320722", period: "2024Q1" },
      { regionCode: "320722", period: "2023Q4" }, { regionCode: "320722", period: "2025-10" }, { regionCode: "320722", period: "2024-06" },
      { regionCode: "320722101", period: "2024" }, { regionCode: "320000", period: "2022" }, { regionCode: "360100", period: "2023Q3" },
    ];

    it("equal the domain's counts over the raw records, for years, quarters and months, in one statement", async () => {
      const before = sql.statements;
      const measures = await port.coverageMeasures(KEYS);
      expect(sql.statements - before).toBe(1);
      for (const [i, key] of KEYS.entries()) expect(measures[i], `${key.regionCode} ${key.period}`).toEqual(await recomputed(key.regionCode, key.period));
      expect((measures[0] as { families: number }).families).toBeGreaterThan(0);
    });

    it("follow a visit, a contact's end and a family closed, as the triggers recount the family", async () => {
      const [family] = await db.sql.query<{ id: string; region_code: string }>(
        `SELECT f.id, f.region_code FROM special_family f WHERE f.region_code LIKE '320722%' AND f.closed_on IS NULL
           AND EXISTS (SELECT 1 FROM contact_person c WHERE c.family_id = f.id AND c.ended_on IS NULL) ORDER BY f.id LIMIT 1`,
      );
      const key = { regionCode: family!.region_code.slice(0, 9), period: "2026" };
      await db.sql.query(`UPDATE contact_person SET ended_on = '2026-03-01' WHERE family_id = $1 AND ended_on IS NULL`, [family!.id]);
      await db.sql.query(`INSERT INTO visit (id, family_id, visited_on, visitor, kind, holiday) VALUES ('VS-rollup-1', $1, '2026-02-17', '计生专干', 'HOLIDAY', 'SPRING_FESTIVAL')`, [family!.id]);
      expect((await port.coverageMeasures([key]))[0]).toEqual(await recomputed(key.regionCode, key.period));
      await db.sql.query(`UPDATE special_family SET closed_on = '2026-05-01' WHERE id = $1`, [family!.id]);
      expect((await port.coverageMeasures([key]))[0]).toEqual(await recomputed(key.regionCode, key.period));
      await db.sql.query(`DELETE FROM visit WHERE id = 'VS-rollup-1'`);
      expect((await port.coverageMeasures([key, { regionCode: "320722", period: "2026Q1" }]))).toEqual([
        await recomputed(key.regionCode, key.period), await recomputed("320722", "2026Q1"),
      ]);
    });
  });
});
