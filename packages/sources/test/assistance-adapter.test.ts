// The assistance system's database adapter: reads in one statement however many keys, answers in
// the keys' order, pages that give every row once; writes idempotent by key, refused whole (never
// half-written) with a coded error, and a payment ledger the database keeps append-only.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { LOCAL_PROGRAMS, LOCAL_RATES } from "@popfam/db/seed";
import {
  ancestorCodesOf,
  estimateFunds,
  estimateFundsOfGroups,
  generateIdNumber,
  NATIONAL_PROGRAMS,
  NATIONAL_RATES,
  programEffectiveIn,
  type Beneficiary,
  type EligibilityAssessment,
  type EligibilityDecision,
  type PaymentBatch,
  type RateComponent,
} from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistanceFromDatabase } from "../src/assistance/db-adapter.js";
import type { AssessmentQuery, AssistanceListQuery, ConfirmEligibilityCommand, RecordPaymentBatchCommand } from "../src/assistance/contract.js";
import { CommandRejected, UpstreamError, type Page } from "../src/index.js";
import { countingSql, countOf } from "./counting-sql.js";

const TABLES = [
  "assistance_program", "rate_component", "fp_family", "eligibility_assessment", "eligibility_decision", "beneficiary", "beneficiary_exit",
  "payment_batch", "payment_line", "special_family", "special_family_member", "contact_person", "family_doctor_contract", "green_channel",
  "mental_health_service", "visit", "family_service",
];

/** The adapter's clock in these tests. */
const TODAY = "2026-11-25";

const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

function unwrap<T>(value: T | Error | null | undefined): T {
  if (value instanceof Error) throw value;
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

/** Every page of a list, following the cursor; each page asked for alone. */
async function allPages<Q extends { first: number; after: string | null }, T extends { id: string }>(
  read: (queries: readonly Q[]) => Promise<(Page<T> | Error)[]>,
  query: Q,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = unwrap((await read([{ ...query, after }]))[0]);
    items.push(...page.items);
    if (!page.hasNextPage) return items;
    expect(page.items).toHaveLength(query.first);
    after = page.items.at(-1)!.id;
  }
}

// Decided for the year, or in any year for a one-time program (it is settled once).
const decidedSql = `EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = a.program_code AND d.id_number = a.id_number
  AND (d.year = a.year OR EXISTS (SELECT 1 FROM assistance_program p WHERE p.code = a.program_code AND p.schedule = 'ONE_TIME')))`;

describe.each(testDatabaseTargets())("the assistance database adapter on $name", (target) => {
  let db: Database;
  let sql: ReturnType<typeof countingSql>;
  let port: ReturnType<typeof assistanceFromDatabase>;
  const count = (statement: string, params: readonly (string | number)[] = []) => countOf(db.sql, statement, params);
  const rawIds = async (statement: string, params: readonly (string | number)[] = []) =>
    (await db.sql.query<{ id: string }>(statement, params)).map((r) => r.id);

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    sql = countingSql(db.sql);
    port = assistanceFromDatabase(sql, { clock: () => TODAY });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("reads a small seed with rows in every table of both areas", async () => {
    for (const table of TABLES) expect(await count(`SELECT count(*) AS n FROM ${table}`), table).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM special_family`)).toBeGreaterThan(5);
    expect(await count(`SELECT count(*) AS n FROM beneficiary`)).toBeGreaterThan(200);
  });

  describe("reads", () => {
    it("programsByCodes: one statement, in the order asked, null for an unknown code", async () => {
      const asked = ["SH_ONLY_CHILD_OLD_AGE_REWARD", "RURAL_REWARD", "NO_SUCH_PROGRAM", "DH_BEREAVED_FAMILY_CARE", "RURAL_REWARD"];
      sql.statements = 0;
      const answers = await port.programsByCodes(asked);
      expect(sql.statements).toBe(1);
      expect(answers.map((p) => (p instanceof Error ? p : p?.code ?? null))).toEqual([asked[0], asked[1], null, asked[3], asked[4]]);
      expect(answers[1]).toEqual(NATIONAL_PROGRAMS.find((p) => p.code === "RURAL_REWARD"));
      expect(answers[0]).toEqual(LOCAL_PROGRAMS.find((p) => p.code === "SH_ONLY_CHILD_OLD_AGE_REWARD"));
      sql.statements = 0;
      expect(await port.programsByCodes([])).toEqual([]);
      expect(sql.statements).toBe(0);
    });

    it("programsInForce: the nation's and those of the region and its ancestors, in force in the year, in one statement", async () => {
      const keys = [
        { regionCode: "320722101201", year: 2024 },
        { regionCode: "310116", year: 2025 },
        { regionCode: "450103", year: 2023 },
        { regionCode: "320404", year: 2024 },
        { regionCode: "000000", year: 2024 },
      ];
      sql.statements = 0;
      const answers = await port.programsInForce(keys);
      expect(sql.statements).toBe(1);
      keys.slice(0, 4).forEach((key, i) => {
        const chain = ["100000", ...ancestorCodesOf(key.regionCode), key.regionCode];
        const expected = [...NATIONAL_PROGRAMS, ...LOCAL_PROGRAMS]
          .filter((p) => chain.includes(p.definedBy) && programEffectiveIn(p, key.year))
          .map((p) => p.code)
          .sort();
        expect(unwrap(answers[i]).map((p) => p.code).sort(), key.regionCode).toEqual(expected);
        // The nation's first, then down the tree.
        const order = unwrap(answers[i]).map((p) => chain.indexOf(p.definedBy));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      });
      expect(unwrap(answers[0]).map((p) => p.code)).toContain("DH_BEREAVED_FAMILY_CARE");
      expect(unwrap(answers[3]).map((p) => p.code)).not.toContain("DH_BEREAVED_FAMILY_CARE");
      expect(unwrap(answers[1]).map((p) => p.code)).toContain("CHILDCARE_SUBSIDY");
      expect(unwrap(answers[2]).map((p) => p.code)).not.toContain("CHILDCARE_SUBSIDY");
      // An impossible region code is that key's error only.
      expect(answers[4]).toBeInstanceOf(Error);
    });

    it("rateComponents: the program's components of the nation and the region's chain overlapping the year", async () => {
      const keys = [
        { programCode: "RURAL_REWARD", regionCode: "320722101201", year: 2024 },
        { programCode: "RURAL_REWARD", regionCode: "360121", year: 2021 },
        { programCode: "SPECIAL_ASSISTANCE_DEATH", regionCode: "320722", year: 2023 },
        { programCode: "NO_SUCH_PROGRAM", regionCode: "320722", year: 2023 },
      ];
      sql.statements = 0;
      const answers = await port.rateComponents(keys);
      expect(sql.statements).toBe(1);
      keys.forEach((key, i) => {
        const chain = ["100000", ...ancestorCodesOf(key.regionCode), key.regionCode];
        const expected = [...NATIONAL_RATES, ...LOCAL_RATES].filter(
          (r) => r.programCode === key.programCode && chain.includes(r.regionCode) && r.effectiveFrom <= `${key.year}-12-31` && (r.effectiveTo ?? "9999") >= `${key.year}-01-01`,
        );
        expect(unwrap(answers[i]).map((r) => `${r.regionCode}:${r.amountFen}:${r.effectiveFrom}`).sort(), key.programCode).toEqual(
          expected.map((r) => `${r.regionCode}:${r.amountFen}:${r.effectiveFrom}`).sort(),
        );
      });
      // 2024: the national standard changed on 1 January, 江苏's top-up on 1 July.
      expect(unwrap(answers[0]).map((r) => r.regionCode)).toEqual(["100000", "320000", "320000"]);
      expect(answers[3]).toEqual([]);
    });

    it("familiesByIds: one statement, order kept, null for an unknown id, the children as the domain's objects", async () => {
      const known = await rawIds(`SELECT id FROM fp_family ORDER BY id DESC LIMIT 30`);
      const asked = [...known, "FF-unknown", known[0]!];
      sql.statements = 0;
      const answers = await port.familiesByIds(asked);
      expect(sql.statements).toBe(1);
      expect(answers.map((f) => (f instanceof Error ? f : f?.id ?? null))).toEqual([...known, null, known[0]]);
      const family = unwrap(answers[0]);
      expect(Array.isArray(family.children)).toBe(true);
      expect(family.children.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.birthDate))).toBe(true);
    });

    it("assessmentPages: many queries in one statement, every row once over the pages, with the filters and `decided` computed", async () => {
      const queries: AssessmentQuery[] = [
        { regionCode: "320722", year: 2024, programCode: null, eligible: null, undecidedOnly: false, first: 5, after: null },
        { regionCode: "320722", year: 2024, programCode: "RURAL_REWARD", eligible: true, undecidedOnly: true, first: 5, after: null },
        { regionCode: "310116", year: 2025, programCode: null, eligible: false, undecidedOnly: false, first: 5, after: null },
        { regionCode: "110101", year: 2024, programCode: null, eligible: null, undecidedOnly: false, first: 5, after: null },
      ];
      sql.statements = 0;
      const first = await port.assessmentPages(queries);
      expect(sql.statements).toBe(1);
      expect(unwrap(first[3])).toEqual({ items: [], hasNextPage: false });
      const expected = [
        await rawIds(`SELECT id FROM eligibility_assessment a WHERE year = 2024 AND region_code LIKE '320722%' ORDER BY region_code, id`),
        await rawIds(
          `SELECT id FROM eligibility_assessment a WHERE year = 2024 AND region_code LIKE '320722%' AND program_code = 'RURAL_REWARD' AND eligible AND NOT ${decidedSql} ORDER BY region_code, id`,
        ),
        await rawIds(`SELECT id FROM eligibility_assessment a WHERE year = 2025 AND region_code LIKE '310116%' AND NOT eligible ORDER BY region_code, id`),
      ];
      for (const [i, query] of queries.slice(0, 3).entries()) {
        const all = await allPages((q) => port.assessmentPages(q), query);
        expect(ids(all)).toEqual(expected[i]);
        expect(ids(unwrap(first[i]).items)).toEqual(expected[i]!.slice(0, 5));
      }
      expect(expected[0]!.length).toBeGreaterThan(10);
      expect(expected[1]!.length).toBeGreaterThan(0);
      const undecided = await allPages((q) => port.assessmentPages(q), queries[1]!);
      expect(undecided.every((a) => a.eligible && !a.decided)).toBe(true);
      const all = await allPages((q) => port.assessmentPages(q), queries[0]!);
      const decidedIds = new Set(await rawIds(`SELECT id FROM eligibility_assessment a WHERE year = 2024 AND ${decidedSql}`));
      expect(all.every((a) => a.decided === decidedIds.has(a.id))).toBe(true);
      expect(all.some((a) => a.decided) && all.some((a) => !a.decided)).toBe(true);
      expect(all[0]!.reasons.every((r) => typeof r.code === "string" && typeof r.met === "boolean" && r.detail.length > 0)).toBe(true);
    });

    it("assessmentSummaries: counts by program per region and year, in one statement", async () => {
      const keys = [{ regionCode: "320722", year: 2024 }, { regionCode: "320000", year: 2025 }, { regionCode: "110101", year: 2024 }];
      sql.statements = 0;
      const answers = await port.assessmentSummaries(keys);
      expect(sql.statements).toBe(1);
      for (const [i, key] of keys.entries()) {
        const raw = await db.sql.query<{ programCode: string; assessed: number; eligible: number; eligibleDecided: number }>(
          `SELECT program_code AS "programCode", count(*)::int AS assessed, count(*) FILTER (WHERE eligible)::int AS eligible,
                  count(*) FILTER (WHERE eligible AND ${decidedSql})::int AS "eligibleDecided"
           FROM eligibility_assessment a WHERE year = $1 AND region_code LIKE $2 || '%' GROUP BY program_code ORDER BY program_code COLLATE "C"`,
          [key.year, key.regionCode.replace(/0+$/, "")],
        );
        expect(unwrap(answers[i])).toEqual(raw);
      }
      expect(unwrap(answers[0]).length).toBeGreaterThan(0);
      expect(answers[2]).toEqual([]);
    });

    it("decision, beneficiary and batch pages: many queries in one statement each, every row once", async () => {
      const queries: AssistanceListQuery[] = [
        { regionCode: "320722", year: 2024, programCode: null, first: 7, after: null },
        { regionCode: "360000", year: 2023, programCode: "RURAL_REWARD", first: 7, after: null },
        { regionCode: "320722101", year: 2025, programCode: null, first: 7, after: null },
      ];
      const cases = [
        {
          read: (q: readonly AssistanceListQuery[]) => port.decisionPages(q),
          raw: (q: AssistanceListQuery) =>
            rawIds(`SELECT id FROM eligibility_decision WHERE year = $1 AND region_code LIKE $2 || '%' AND ($3::text IS NULL OR program_code = $3) ORDER BY region_code, id`, [q.year, q.regionCode.replace(/0+$/, ""), q.programCode as string]),
        },
        {
          read: (q: readonly AssistanceListQuery[]) => port.beneficiaryPages(q),
          raw: (q: AssistanceListQuery) =>
            rawIds(
              `SELECT id FROM beneficiary WHERE region_code LIKE $2 || '%' AND ($3::text IS NULL OR program_code = $3)
                 AND eligible_from <= make_date($1, 12, 31) AND (exited_on IS NULL OR exited_on > make_date($1, 1, 1)) ORDER BY region_code, id`,
              [q.year, q.regionCode.replace(/0+$/, ""), q.programCode as string],
            ),
        },
        {
          read: (q: readonly AssistanceListQuery[]) => port.paymentBatchPages(q),
          raw: (q: AssistanceListQuery) =>
            rawIds(`SELECT id FROM payment_batch WHERE year = $1 AND region_code LIKE $2 || '%' AND ($3::text IS NULL OR program_code = $3) ORDER BY region_code, id`, [q.year, q.regionCode.replace(/0+$/, ""), q.programCode as string]),
        },
      ];
      for (const { read, raw } of cases) {
        sql.statements = 0;
        const firstPages = await read(queries);
        expect(sql.statements).toBe(1);
        for (const [i, query] of queries.entries()) {
          const expected = await raw(query);
          expect(ids(unwrap(firstPages[i]).items)).toEqual(expected.slice(0, 7));
          expect(ids(await allPages(read as never, query))).toEqual(expected);
        }
      }
      expect(ids(await allPages((q) => port.decisionPages(q), queries[0]!)).length).toBeGreaterThan(7);
    });

    it("rosters: the program's beneficiaries of the region eligible at some time in the year, in one statement", async () => {
      const keys = [
        { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024 },
        { regionCode: "320722", programCode: "RURAL_REWARD", year: 2025 },
        { regionCode: "360000", programCode: "RURAL_REWARD", year: 2023 },
        { regionCode: "320722", programCode: "NO_SUCH_PROGRAM", year: 2024 },
      ];
      sql.statements = 0;
      const answers = await port.rosters(keys);
      expect(sql.statements).toBe(1);
      for (const [i, key] of keys.entries()) {
        const expected = await rawIds(
          `SELECT id FROM beneficiary WHERE program_code = $1 AND region_code LIKE $2 || '%'
             AND eligible_from <= make_date($3, 12, 31) AND (exited_on IS NULL OR exited_on > make_date($3, 1, 1)) ORDER BY id COLLATE "C"`,
          [key.programCode, key.regionCode.replace(/0+$/, ""), key.year],
        );
        expect(ids(unwrap(answers[i]))).toEqual(expected);
      }
      expect(unwrap(answers[0]).length).toBeGreaterThan(10);
      // Someone who exited during 2024 is on 2024's roster, not on 2025's.
      const exited2024 = unwrap(answers[0]).filter((b) => b.exitedOn !== null && b.exitedOn > "2024-01-01" && b.exitedOn <= "2025-01-01");
      for (const b of exited2024) expect(ids(unwrap(answers[1]))).not.toContain(b.id);
      expect(answers[3]).toEqual([]);
    });

    it("payment batches by id with their totals as numbers, lines by batch and by roster in one statement each", async () => {
      const batchIds = await rawIds(`SELECT id FROM payment_batch ORDER BY line_count DESC, id LIMIT 6`);
      sql.statements = 0;
      const batches = await port.paymentBatchesByIds([...batchIds, "PB-unknown"]);
      expect(sql.statements).toBe(1);
      expect(batches.at(-1)).toBeNull();
      sql.statements = 0;
      const lines = await port.paymentLinesByBatches([...batchIds, "PB-unknown"]);
      expect(sql.statements).toBe(1);
      for (const [i, id] of batchIds.entries()) {
        const batch = unwrap(batches[i]) as PaymentBatch;
        expect(batch.id).toBe(id);
        expect(typeof batch.totalFen).toBe("number");
        const batchLines = unwrap(lines[i]);
        expect(batchLines).toHaveLength(batch.lineCount);
        expect(batchLines.reduce((s, l) => s + l.amountFen, 0)).toBe(batch.totalFen);
        expect(ids(batchLines)).toEqual(await rawIds(`SELECT id FROM payment_line WHERE batch_id = $1 ORDER BY id COLLATE "C"`, [id]));
      }
      expect(lines.at(-1)).toEqual([]);
      const keys = [
        { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024 },
        { regionCode: "320722101", programCode: "RURAL_REWARD", year: 2024 },
        { regionCode: "310116", programCode: "RURAL_REWARD", year: 2025 },
      ];
      sql.statements = 0;
      const ofRosters = await port.paymentLinesOfRosters(keys);
      expect(sql.statements).toBe(1);
      for (const [i, key] of keys.entries()) {
        const expected = await rawIds(
          `SELECT l.id FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id JOIN beneficiary r ON r.id = l.beneficiary_id
           WHERE b.program_code = $1 AND b.year = $2 AND r.region_code LIKE $3 || '%' ORDER BY l.id COLLATE "C"`,
          [key.programCode, key.year, key.regionCode.replace(/0+$/, "")],
        );
        expect(ids(unwrap(ofRosters[i]))).toEqual(expected);
      }
      expect(unwrap(ofRosters[0]).length).toBeGreaterThan(unwrap(ofRosters[1]).length);
      // 上海's 2025 is not paid yet.
      expect(ofRosters[2]).toEqual([]);
    });

    it("counts each roster by region and dates in one statement: the fund estimate over the groups is the one over every beneficiary", async () => {
      const cases = [
        { regionCode: "320722", year: 2024 },
        { regionCode: "320722", year: 2025 },
        { regionCode: "320722101", year: 2023 },
        { regionCode: "360100", year: 2024 },
        { regionCode: "310116", year: 2025 },
      ];
      let compared = 0;
      for (const { regionCode, year } of cases) {
        const programs = unwrap((await port.programsInForce([{ regionCode, year }]))[0]).filter((p) => p.rule !== "CHILDCARE_SUBSIDY");
        const keys = programs.map((p) => ({ regionCode, programCode: p.code, year }));
        sql.statements = 0;
        const groupLists = await port.rosterGroups(keys);
        expect(sql.statements).toBe(keys.length > 0 ? 1 : 0);
        const rosters = (await port.rosters(keys)).map((r) => unwrap(r));
        const beneficiaries = rosters.flat();
        const counties = [...new Set(beneficiaries.map((b) => b.regionCode.slice(0, 6)))];
        const componentKeys = programs.flatMap((p) => counties.map((county) => ({ programCode: p.code, regionCode: county, year })));
        const seen = new Map<string, RateComponent>();
        for (const list of await port.rateComponents(componentKeys)) for (const c of unwrap(list)) seen.set(`${c.programCode}|${c.regionCode}|${c.fundingSource}|${c.effectiveFrom}`, c);
        const components = [...seen.values()];
        const groups = groupLists.flatMap((list, i) =>
          unwrap(list).map((g, n) => ({ id: `${keys[i]!.programCode}#${n}`, programCode: keys[i]!.programCode, regionCode: g.regionCode, eligibleFrom: g.eligibleFrom, exitedOn: g.exitedOn, count: g.beneficiaries })),
        );
        expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(beneficiaries.length);
        expect(groups.length).toBeLessThanOrEqual(beneficiaries.length);
        const expected = estimateFunds(programs, beneficiaries, components, year);
        expect(estimateFundsOfGroups(programs, groups, components, year)).toEqual(expected);
        compared += expected.length;
      }
      expect(compared).toBeGreaterThan(0);
    });

    it("sums each roster's lines in one statement: beneficiaries paid and the amount, as the lines themselves add up", async () => {
      const keys = [
        { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024 },
        { regionCode: "320722101", programCode: "RURAL_REWARD", year: 2024 },
        { regionCode: "320722", programCode: "SPECIAL_ASSISTANCE_DEATH", year: 2024 },
        { regionCode: "310116", programCode: "RURAL_REWARD", year: 2025 },
      ];
      sql.statements = 0;
      const totals = await port.paidTotalsOfRosters(keys);
      expect(sql.statements).toBe(1);
      const lines = await port.paymentLinesOfRosters(keys);
      for (const [i] of keys.entries()) {
        const list = unwrap(lines[i]);
        expect(unwrap(totals[i])).toEqual({
          beneficiaries: new Set(list.map((l) => l.beneficiaryId)).size,
          amountFen: list.reduce((sum, l) => sum + l.amountFen, 0),
        });
      }
      expect(unwrap(totals[0]).amountFen).toBeGreaterThan(0);
      expect(totals[3]).toEqual({ beneficiaries: 0, amountFen: 0 });
    });

    it("fails only the key of an invalid record: a batch total past the safe integers", async () => {
      const good = (await rawIds(`SELECT id FROM payment_batch ORDER BY id LIMIT 1`))[0]!;
      await db.sql.query(
        `INSERT INTO payment_batch (id, idempotency_key, request_hash, program_code, region_code, year, paid_on, line_count, total_fen, recorded_by)
         VALUES ('PB-huge', 'huge-batch-key', 'x', 'RURAL_REWARD', '110101', 2030, '2030-06-01', 1, 9007199254740993, 'test')`,
      );
      const [huge, fine] = await port.paymentBatchesByIds(["PB-huge", good]);
      expect(huge).toBeInstanceOf(UpstreamError);
      expect((huge as Error).message).toMatch(/totalFen/);
      expect(unwrap(fine).id).toBe(good);
    });
  });

  describe("writes", () => {
    const command = (overrides: Partial<ConfirmEligibilityCommand>, base: ConfirmEligibilityCommand) => ({ ...base, ...overrides });
    let candidate: EligibilityAssessment;
    let confirm: ConfirmEligibilityCommand;

    beforeAll(async () => {
      // A 免申即享 candidate: eligible in 2025, not decided, not on the roster.
      const [row] = await db.sql.query<{ id: string; region_code: string }>(
        `SELECT a.id, a.region_code FROM eligibility_assessment a
         WHERE a.year = 2025 AND a.eligible AND a.program_code = 'RURAL_REWARD'
           AND NOT EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = a.program_code AND d.year = a.year AND d.id_number = a.id_number)
           AND NOT EXISTS (SELECT 1 FROM beneficiary b WHERE b.program_code = a.program_code AND b.id_number = a.id_number)
         ORDER BY a.id LIMIT 1`,
      );
      const undecided = await allPages((q) => port.assessmentPages(q), {
        regionCode: row!.region_code, year: 2025, programCode: "RURAL_REWARD", eligible: true, undecidedOnly: true, first: 50, after: null,
      });
      candidate = undecided.find((a) => a.id === row!.id)!;
      expect(candidate).toBeDefined();
      confirm = {
        idempotencyKey: "confirm-test-0001",
        programCode: "RURAL_REWARD",
        year: 2025,
        familyId: candidate.familyId,
        idNumber: candidate.idNumber,
        status: "CONFIRMED",
        reasons: candidate.reasons.map((r) => r.code),
        eligibleFrom: candidate.eligibleFrom,
        decidedOn: "2025-11-20",
        decidedBy: "test-officer",
      };
    });

    it("confirmEligibility: writes the decision and the roster entry once per key; the same key answers the same", async () => {
      const before = await count(`SELECT count(*) AS n FROM eligibility_decision`);
      const [first] = await port.confirmEligibility([confirm]);
      const decision = unwrap(first) as EligibilityDecision;
      expect(decision).toMatchObject({ programCode: "RURAL_REWARD", year: 2025, idNumber: candidate.idNumber, status: "CONFIRMED", idempotencyKey: confirm.idempotencyKey });
      expect(decision.personId).toBe(candidate.personId);
      expect(decision.regionCode).toBe(candidate.regionCode);
      const [again] = await port.confirmEligibility([{ ...confirm }]);
      expect(again).toEqual(decision);
      expect(await count(`SELECT count(*) AS n FROM eligibility_decision`)).toBe(before + 1);
      const roster = await db.sql.query<{ id: string; name: string; eligible_from: string; decision_id: string }>(
        `SELECT id, name, to_char(eligible_from, 'YYYY-MM-DD') AS eligible_from, decision_id FROM beneficiary WHERE program_code = 'RURAL_REWARD' AND id_number = $1`,
        [candidate.idNumber],
      );
      expect(roster).toHaveLength(1);
      expect(roster[0]).toMatchObject({ name: candidate.name, eligible_from: candidate.eligibleFrom, decision_id: decision.id });
      // No longer a 免申即享 candidate.
      const page = unwrap((await port.assessmentPages([{ regionCode: candidate.regionCode, year: 2025, programCode: "RURAL_REWARD", eligible: true, undecidedOnly: true, first: 100, after: null }]))[0]);
      expect(ids(page.items)).not.toContain(candidate.id);
      expect(unwrap(await port.decisionsByIds([decision.id]))[0]).toEqual(decision);
    });

    it("confirmEligibility: the same key with another command, a second decision, an unknown family, a non-parent: refused, nothing written", async () => {
      const decisions = await count(`SELECT count(*) AS n FROM eligibility_decision`);
      const beneficiaries = await count(`SELECT count(*) AS n FROM beneficiary`);
      const otherFamily = (await db.sql.query<{ id: string; mother_id_number: string }>(`SELECT id, mother_id_number FROM fp_family WHERE id <> $1 ORDER BY id LIMIT 1`, [candidate.familyId]))[0]!;
      const results = await port.confirmEligibility([
        command({ decidedBy: "someone-else" }, confirm),
        command({ idempotencyKey: "confirm-test-0002" }, confirm),
        command({ idempotencyKey: "confirm-test-0003", familyId: "FF-unknown" }, confirm),
        command({ idempotencyKey: "confirm-test-0004", familyId: otherFamily.id }, confirm),
        command({ idempotencyKey: "confirm-test-0005", programCode: "NO_SUCH_PROGRAM" }, confirm),
      ]);
      const rejected = results.map((r) => (r instanceof CommandRejected ? [r.code, r.reason, r.field] : r));
      expect(rejected).toEqual([
        ["CONFLICT", "IDEMPOTENCY_CONFLICT", "idempotencyKey"],
        ["CONFLICT", "ALREADY_DECIDED", "idNumber"],
        ["NOT_FOUND", "INVALID_DECISION", "familyId"],
        ["INVALID_INPUT", "INVALID_DECISION", "idNumber"],
        ["NOT_FOUND", "INVALID_DECISION", "programCode"],
      ]);
      expect((results[0] as Error).message).toBe("the idempotency key confirm-test-0001 was already used for another command");
      expect(await count(`SELECT count(*) AS n FROM eligibility_decision`)).toBe(decisions);
      expect(await count(`SELECT count(*) AS n FROM beneficiary`)).toBe(beneficiaries);
    });

    it("confirmEligibility: a failure after the decision is inserted (no name on record for the roster) rolls the decision back", async () => {
      const mother = generateIdNumber({ regionCode: "110101", birthDate: "1960-03-03", sequence: 8, sex: "FEMALE" });
      await db.sql.query(
        `INSERT INTO fp_family (id, region_code, hukou_type, mother_person_id, mother_id_number, children, only_child_certificate, complied_with_policy)
         VALUES ('FF-nameless', '320722101201', 'RURAL', NULL, $1, '[]', false, true)`,
        [mother],
      );
      const decisions = await count(`SELECT count(*) AS n FROM eligibility_decision`);
      const [result] = await port.confirmEligibility([{ ...confirm, idempotencyKey: "confirm-test-0009", familyId: "FF-nameless", idNumber: mother }]);
      expect(result).toBeInstanceOf(CommandRejected);
      expect((result as CommandRejected).message).toMatch(/^no name is on record/);
      expect((result as CommandRejected).reason).toBe("INVALID_DECISION");
      expect(await count(`SELECT count(*) AS n FROM eligibility_decision`)).toBe(decisions);
      expect(await count(`SELECT count(*) AS n FROM eligibility_decision WHERE idempotency_key = 'confirm-test-0009'`)).toBe(0);
    });

    it("confirmEligibility: a REJECTED decision writes no roster entry; a seeded decision replayed with its key answers itself", async () => {
      const [row] = await db.sql.query<{ family_id: string; id_number: string }>(
        `SELECT a.family_id, a.id_number FROM eligibility_assessment a WHERE a.year = 2024 AND NOT a.eligible
           AND NOT EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = a.program_code AND d.year = 2024 AND d.id_number = a.id_number)
           AND a.program_code = 'RURAL_REWARD' ORDER BY a.id LIMIT 1`,
      );
      const beneficiaries = await count(`SELECT count(*) AS n FROM beneficiary`);
      const [rejected] = await port.confirmEligibility([
        { ...confirm, idempotencyKey: "reject-test-0001", year: 2024, familyId: row!.family_id, idNumber: row!.id_number, status: "REJECTED", eligibleFrom: null, reasons: ["APPLICANT_AGE_REACHED"] },
      ]);
      expect(unwrap(rejected)).toMatchObject({ status: "REJECTED", eligibleFrom: null });
      expect(await count(`SELECT count(*) AS n FROM beneficiary`)).toBe(beneficiaries);
      // The generator stores the same request hash the adapter computes.
      const seeded = unwrap((await port.decisionsByIds([(await rawIds(`SELECT id FROM eligibility_decision WHERE idempotency_key LIKE 'seed-%' ORDER BY id LIMIT 1`))[0]!]))[0]);
      const { id: _, personId: __, regionCode: ___, ...replay } = seeded;
      expect((await port.confirmEligibility([replay]))[0]).toEqual(seeded);
    });

    describe("recordPaymentBatches", () => {
      let batchCommand: RecordPaymentBatchCommand;
      const ledger = async () => [await count(`SELECT count(*) AS n FROM payment_batch`), await count(`SELECT count(*) AS n FROM payment_line`)];

      beforeAll(async () => {
        const roster = unwrap((await port.rosters([{ regionCode: "320722", programCode: "RURAL_REWARD", year: 2025 }]))[0]) as Beneficiary[];
        batchCommand = {
          idempotencyKey: "batch-test-0001",
          programCode: "RURAL_REWARD",
          regionCode: "320722",
          year: 2025,
          paidOn: "2025-12-01",
          recordedBy: "test-finance",
          lines: roster.slice(0, 3).map((b, i) => ({ beneficiaryId: b.id, amountFen: 10_000 + i })),
        };
      });

      it("writes a batch and its lines once per key, in one transaction", async () => {
        const [before, linesBefore] = await ledger();
        const [written] = await port.recordPaymentBatches([batchCommand]);
        const batch = unwrap(written) as PaymentBatch;
        expect(batch).toMatchObject({ programCode: "RURAL_REWARD", regionCode: "320722", year: 2025, lineCount: 3, totalFen: 30_003, idempotencyKey: batchCommand.idempotencyKey });
        const [again] = await port.recordPaymentBatches([{ ...batchCommand, lines: batchCommand.lines.map((l) => ({ ...l })) }]);
        expect(again).toEqual(batch);
        expect(await ledger()).toEqual([before! + 1, linesBefore! + 3]);
        const lines = unwrap((await port.paymentLinesByBatches([batch.id]))[0]);
        expect(lines.map((l) => [l.beneficiaryId, l.amountFen])).toEqual(batchCommand.lines.map((l) => [l.beneficiaryId, l.amountFen]));
      });

      it("refuses a batch with one bad line whole, naming the line; and the same key with other lines", async () => {
        const [before, linesBefore] = await ledger();
        const otherProgram = (await rawIds(`SELECT id FROM beneficiary WHERE program_code <> 'RURAL_REWARD' AND region_code LIKE '320722%' ORDER BY id LIMIT 1`))[0]!;
        const elsewhere = (await rawIds(`SELECT id FROM beneficiary WHERE program_code = 'RURAL_REWARD' AND region_code NOT LIKE '320722%' ORDER BY id LIMIT 1`))[0]!;
        const good = batchCommand.lines;
        const results = await port.recordPaymentBatches([
          { ...batchCommand, idempotencyKey: "batch-test-0002", lines: [good[0]!, { beneficiaryId: "BF-unknown", amountFen: 100 }, good[1]!] },
          { ...batchCommand, idempotencyKey: "batch-test-0003", lines: [good[0]!, good[1]!, { beneficiaryId: otherProgram, amountFen: 100 }] },
          { ...batchCommand, idempotencyKey: "batch-test-0004", lines: [{ beneficiaryId: elsewhere, amountFen: 100 }] },
          { ...batchCommand, idempotencyKey: "batch-test-0005", lines: [good[0]!, good[1]!, good[0]!] },
          { ...batchCommand, lines: good.slice(0, 2) },
        ]);
        const refused = results.map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r));
        expect(refused).toEqual([
          ["INVALID_INPUT", "lines.1.beneficiaryId", "INVALID_PAYMENT"],
          ["INVALID_INPUT", "lines.2.beneficiaryId", "INVALID_PAYMENT"],
          ["INVALID_INPUT", "lines.0.beneficiaryId", "INVALID_PAYMENT"],
          ["INVALID_INPUT", "lines.2.beneficiaryId", "INVALID_PAYMENT"],
          ["CONFLICT", "idempotencyKey", "IDEMPOTENCY_CONFLICT"],
        ]);
        expect((results[0] as Error).message).toMatch(/^lines\.1\.beneficiaryId BF-unknown is not a beneficiary/);
        expect(await ledger()).toEqual([before, linesBefore]);
      });

      it("keeps the ledger append-only: UPDATE, DELETE and TRUNCATE are refused by the database", async () => {
        await expect(db.sql.query(`UPDATE payment_batch SET recorded_by = 'x'`)).rejects.toThrow(/append-only/);
        await expect(db.sql.query(`UPDATE payment_line SET amount_fen = 0 WHERE id = (SELECT min(id) FROM payment_line)`)).rejects.toThrow(/append-only/);
        await expect(db.sql.query(`DELETE FROM payment_line`)).rejects.toThrow(/append-only/);
        await expect(db.sql.query(`DELETE FROM payment_batch WHERE id = 'PB-huge'`)).rejects.toThrow(/append-only/);
        await expect(db.sql.query(`TRUNCATE payment_batch, payment_line`)).rejects.toThrow(/append-only/);
        expect(await count(`SELECT count(*) AS n FROM payment_line`)).toBeGreaterThan(0);
      });
    });

    describe("recordExits", () => {
      it("exits a beneficiary once per key; refuses an exit before eligibility, a second exit and a reused key, writing nothing", async () => {
        const [row] = await db.sql.query<{ id: string; eligible_from: string }>(
          `SELECT id, to_char(eligible_from, 'YYYY-MM-DD') AS eligible_from FROM beneficiary WHERE exited_on IS NULL AND eligible_from < '2025-01-01' ORDER BY id LIMIT 1`,
        );
        const exit = { idempotencyKey: "exit-test-0001", beneficiaryId: row!.id, exitedOn: "2025-10-15", reason: "DEATH" as const };
        const exits = await count(`SELECT count(*) AS n FROM beneficiary_exit`);
        const refusedEarly = (await port.recordExits([{ ...exit, idempotencyKey: "exit-test-0000", exitedOn: "2000-01-01" }]))[0];
        expect(refusedEarly).toBeInstanceOf(CommandRejected);
        expect((refusedEarly as CommandRejected).reason).toBe("DATE_BEFORE_RECORD");
        expect((refusedEarly as CommandRejected).field).toBe("exitedOn");
        expect(await count(`SELECT count(*) AS n FROM beneficiary_exit`)).toBe(exits);
        const [first, again] = await port.recordExits([exit, { ...exit }]);
        expect(unwrap(first)).toMatchObject({ id: row!.id, exitedOn: "2025-10-15", exitReason: "DEATH" });
        expect(again).toEqual(first);
        const [conflict, second, unknown] = await port.recordExits([
          { ...exit, reason: "MOVED_AWAY" },
          { ...exit, idempotencyKey: "exit-test-0002", exitedOn: "2025-11-01" },
          { ...exit, idempotencyKey: "exit-test-0003", beneficiaryId: "BF-unknown" },
        ]);
        expect([conflict, second, unknown].map((r) => (r instanceof CommandRejected ? [r.code, r.reason] : r))).toEqual([
          ["CONFLICT", "IDEMPOTENCY_CONFLICT"],
          ["CONFLICT", "ALREADY_EXITED"],
          ["NOT_FOUND", "INVALID_EXIT"],
        ]);
        expect(await count(`SELECT count(*) AS n FROM beneficiary_exit`)).toBe(exits + 1);
        expect(unwrap((await port.beneficiariesByIds([row!.id]))[0])).toEqual(first);
      });
    });

    it("refuses a date after today (plus the tolerance), a payment before its program year and a decision long before its year, naming the field; writes nothing", async () => {
      const tables = async () => [
        await count(`SELECT count(*) AS n FROM eligibility_decision`),
        await count(`SELECT count(*) AS n FROM payment_batch`),
        await count(`SELECT count(*) AS n FROM beneficiary_exit`),
        await count(`SELECT count(*) AS n FROM idempotent_command`),
      ];
      const before = await tables();
      const [active] = await db.sql.query<{ id: string; region_code: string }>(
        `SELECT id, region_code FROM beneficiary WHERE exited_on IS NULL AND program_code = 'RURAL_REWARD' ORDER BY id LIMIT 1`,
      );
      const batch: RecordPaymentBatchCommand = {
        idempotencyKey: "dates-test-batch", programCode: "RURAL_REWARD", regionCode: active!.region_code.slice(0, 6), year: 2025, paidOn: "2025-12-01",
        recordedBy: "test-finance", lines: [{ beneficiaryId: active!.id, amountFen: 1 }],
      };
      const decisions = await port.confirmEligibility([
        { ...confirm, idempotencyKey: "dates-test-decision-1", decidedOn: "2099-01-01" },
        { ...confirm, idempotencyKey: "dates-test-decision-2", decidedOn: "1900-01-01" },
        // Today plus two days: past the one day of tolerance.
        { ...confirm, idempotencyKey: "dates-test-decision-3", decidedOn: "2026-11-27" },
      ]);
      const batches = await port.recordPaymentBatches([
        { ...batch, idempotencyKey: "dates-test-batch-1", paidOn: "2099-01-01" },
        { ...batch, idempotencyKey: "dates-test-batch-2", paidOn: "2019-06-01" },
      ]);
      const exits = await port.recordExits([
        { idempotencyKey: "dates-test-exit-1", beneficiaryId: active!.id, exitedOn: "2099-01-01", reason: "DEATH" },
        { idempotencyKey: "dates-test-exit-2", beneficiaryId: active!.id, exitedOn: "1900-01-01", reason: "DEATH" },
      ]);
      const shape = (r: unknown) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r);
      expect([...decisions, ...batches, ...exits].map(shape)).toEqual([
        ["INVALID_INPUT", "decidedOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "decidedOn", "DATE_BEFORE_PROGRAM_YEAR"],
        ["INVALID_INPUT", "decidedOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "paidOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "paidOn", "DATE_BEFORE_PROGRAM_YEAR"],
        ["INVALID_INPUT", "exitedOn", "DATE_IN_FUTURE"],
        ["INVALID_INPUT", "exitedOn", "DATE_BEFORE_RECORD"],
      ]);
      // The sub-code is in `reason`, never a prefix of the message.
      for (const r of [...decisions, ...batches, ...exits]) expect((r as Error).message).not.toMatch(/^[A-Z_]+:/);
      expect(await tables()).toEqual(before);
    });

    it("an idempotency key names one command across every mutation: the same key on another mutation is CONFLICT, naming no record", async () => {
      const [active] = await db.sql.query<{ id: string }>(`SELECT id FROM beneficiary WHERE exited_on IS NULL ORDER BY id DESC LIMIT 1`);
      const [seededBatch] = await db.sql.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM payment_batch ORDER BY id LIMIT 1`);
      const exitsBefore = await count(`SELECT count(*) AS n FROM beneficiary_exit`);
      // confirm-test-0001 wrote a decision above; a seeded batch's key was registered by the bulk load.
      const results = await port.recordExits([
        { idempotencyKey: "confirm-test-0001", beneficiaryId: active!.id, exitedOn: "2025-10-15", reason: "DEATH" },
        { idempotencyKey: seededBatch!.idempotency_key, beneficiaryId: active!.id, exitedOn: "2025-10-15", reason: "DEATH" },
      ]);
      expect(results.map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r))).toEqual([
        ["CONFLICT", "idempotencyKey", "IDEMPOTENCY_CONFLICT"],
        ["CONFLICT", "idempotencyKey", "IDEMPOTENCY_CONFLICT"],
      ]);
      expect((results[0] as Error).message).toBe("the idempotency key confirm-test-0001 was already used for another mutation");
      expect(await count(`SELECT count(*) AS n FROM beneficiary_exit`)).toBe(exitsBefore);
      // The database itself refuses a key twice across tables.
      const [batch] = await db.sql.query<{ id: string }>(`SELECT id FROM payment_batch ORDER BY id LIMIT 1`);
      await expect(
        db.sql.query(`INSERT INTO beneficiary_exit (idempotency_key, beneficiary_id, exited_on, reason, request_hash) VALUES ($1, $2, '2025-01-01', 'DEATH', 'x')`, [
          seededBatch!.idempotency_key, batch!.id,
        ]),
      ).rejects.toThrow(/idempotent_command_pkey|duplicate key/);
    });

    it("programs that exclude each other, and a one-time program paid twice, are refused on confirmation and on payment", async () => {
      const [exclusion] = await db.sql.query<{ program_code: string; excludes_code: string }>(
        `SELECT program_code, excludes_code FROM program_exclusion WHERE program_code = 'RETIREE_ONE_TIME_REWARD' AND excludes_code = 'ONLY_CHILD_PARENT_OLD_AGE_REWARD'`,
      );
      expect(exclusion).toBeDefined();
      // A person paid the retirees' one-time reward, in some year.
      const [paid] = await db.sql.query<{ id: string; family_id: string; id_number: string; region_code: string; year: number; eligible_from: string }>(
        `SELECT b.id, b.family_id, b.id_number, b.region_code, pb.year, to_char(b.eligible_from, 'YYYY-MM-DD') AS eligible_from
         FROM beneficiary b JOIN payment_line l ON l.beneficiary_id = b.id JOIN payment_batch pb ON pb.id = l.batch_id
         WHERE b.program_code = 'RETIREE_ONE_TIME_REWARD' AND l.amount_fen > 0 AND pb.year < 2025 ORDER BY b.id LIMIT 1`,
      );
      expect(paid).toBeDefined();
      const before = [await count(`SELECT count(*) AS n FROM eligibility_decision`), await count(`SELECT count(*) AS n FROM payment_batch`)];
      const [excluded, again] = await port.confirmEligibility([
        {
          ...confirm, idempotencyKey: "exclusion-test-1", programCode: "ONLY_CHILD_PARENT_OLD_AGE_REWARD", year: 2025, familyId: paid!.family_id,
          idNumber: paid!.id_number, eligibleFrom: "2025-01-01",
        },
        { ...confirm, idempotencyKey: "exclusion-test-2", programCode: "RETIREE_ONE_TIME_REWARD", year: 2025, familyId: paid!.family_id, idNumber: paid!.id_number, eligibleFrom: "2025-01-01" },
      ]);
      expect([excluded, again].map((r) => (r instanceof CommandRejected ? [r.code, r.field, r.reason] : r))).toEqual([
        ["INVALID_INPUT", "programCode", "EXCLUDED_PROGRAM"],
        ["CONFLICT", "programCode", "ONE_TIME_ALREADY_CONFIRMED"],
      ]);
      // Paid once already: a later year's batch for the same one-time program is refused.
      const [twice] = await port.recordPaymentBatches([
        {
          idempotencyKey: "exclusion-test-3", programCode: "RETIREE_ONE_TIME_REWARD", regionCode: paid!.region_code.slice(0, 6), year: 2025, paidOn: "2025-12-01",
          recordedBy: "test-finance", lines: [{ beneficiaryId: paid!.id, amountFen: 300_000 }],
        },
      ]);
      expect(twice instanceof CommandRejected ? [twice.code, twice.field, twice.reason] : twice).toEqual([
        "INVALID_INPUT", "lines.0.beneficiaryId", "ONE_TIME_ALREADY_PAID",
      ]);
      // A roster entry of the excluded program for the same person (as data written by hand could hold): its payment is refused.
      await db.sql.query(
        `INSERT INTO beneficiary (id, program_code, family_id, person_id, id_number, name, region_code, eligible_from)
         SELECT 'BF-exclusion-test', 'ONLY_CHILD_PARENT_OLD_AGE_REWARD', family_id, person_id, id_number, name, region_code, '2025-01-01' FROM beneficiary WHERE id = $1`,
        [paid!.id],
      );
      const [both] = await port.recordPaymentBatches([
        {
          idempotencyKey: "exclusion-test-4", programCode: "ONLY_CHILD_PARENT_OLD_AGE_REWARD", regionCode: paid!.region_code.slice(0, 6), year: 2025, paidOn: "2025-12-01",
          recordedBy: "test-finance", lines: [{ beneficiaryId: "BF-exclusion-test", amountFen: 100 }],
        },
      ]);
      expect(both instanceof CommandRejected ? [both.code, both.field, both.reason] : both).toEqual(["INVALID_INPUT", "lines.0.beneficiaryId", "EXCLUDED_PROGRAM"]);
      expect([await count(`SELECT count(*) AS n FROM eligibility_decision`), await count(`SELECT count(*) AS n FROM payment_batch`)]).toEqual(before);
    });
  });
});
