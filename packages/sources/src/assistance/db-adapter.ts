// 奖励扶助信息系统 from the database: programs and rates in force by the region chain, family
// records, the year's assessments (免申即享: eligible, not decided), decisions, the roster and the
// append-only payment ledger. Every read is one statement however many keys; every write is one
// transaction per command, idempotent by its key.
import {
  ancestorCodesOf,
  AssistanceProgram,
  Beneficiary,
  decisionDateIssues,
  exitDateIssues,
  paymentDateIssues,
  type Clock,
  EligibilityAssessment,
  EligibilityDecision,
  exitEffect,
  FamilyPlanningFamily,
  isDomainError,
  isWithinRegion,
  MAX_LINE_FEN,
  NATIONAL_REGION_CODE,
  PaymentBatch,
  PaymentFen,
  RegistryFacts,
  PaymentLine,
  RateComponent,
} from "@popfam/domain";
import { type models, type SqlClient } from "@popfam/db";
import { randomUUID } from "node:crypto";
import { chinaClock, idempotentCommand, rejectIssues } from "../commands.js";
import { invalidRecord, rejectCommand as reject } from "../errors.js";
import type { PortOf } from "../http/contract.js";
import {
  readByColumn,
  readByIds,
  readListsByKeys,
  readLists,
  readListsWhere,
  readOne,
  readPagesWhere,
  regionRangeParams,
  runCommands,
  type BatchParam,
  type Columns,
  type TableSpec,
} from "../table.js";
import {
  AssessmentSummary,
  PaidTotal,
  RosterGroup,
  type AssessmentQuery,
  type AssistanceListQuery,
  type assistanceContract,
  type assistanceDatabaseOnly,
  type ConfirmEligibilityCommand,
  type RecordExitCommand,
  type RecordPaymentBatchCommand,
  type RegionYearKey,
  type RosterCheckKey,
  type RosterKey,
  type RosterRegistryCheck,
} from "./contract.js";

const SYSTEM = "ASSISTANCE" as const;

export const programTable: TableSpec<AssistanceProgram> = {
  system: SYSTEM,
  table: "assistance_program",
  columns: {
    code: "value", nameZh: "value", nameEn: "value", rule: "value", schedule: "value", parameters: "value", definedBy: "value",
    effectiveFrom: "date", effectiveTo: "date",
  } satisfies Columns<models.AssistanceProgramModel>,
  schema: AssistanceProgram,
};

export const rateTable: TableSpec<RateComponent> = {
  system: SYSTEM,
  table: "rate_component",
  columns: {
    id: "value", programCode: "value", regionCode: "value", fundingSource: "value", amountFen: "value", effectiveFrom: "date", effectiveTo: "date",
  } satisfies Columns<models.RateComponentModel>,
  schema: RateComponent,
};

export const familyTable: TableSpec<FamilyPlanningFamily> = {
  system: SYSTEM,
  table: "fp_family",
  columns: {
    id: "value", regionCode: "value", hukouType: "value", motherPersonId: "value", motherIdNumber: "value", fatherPersonId: "value",
    fatherIdNumber: "value", children: "value", onlyChildCertificate: "value", compliedWithPolicy: "value", fatherRetiredOn: "date",
    motherRetiredOn: "date",
  } satisfies Columns<models.FpFamilyModel>,
  schema: FamilyPlanningFamily,
};

/** `decided` is kept by the database (a trigger on the decisions; see the assistance rollups migration). */
export const assessmentTable: TableSpec<EligibilityAssessment> = {
  system: SYSTEM,
  table: "eligibility_assessment",
  regionColumn: "region_code",
  columns: {
    id: "value", programCode: "value", year: "value", familyId: "value", personId: "value", idNumber: "value", name: "value",
    regionCode: "value", eligible: "value", eligibleFrom: "date", reasons: "value", decided: "value",
  } satisfies Columns<models.EligibilityAssessmentModel>,
  schema: EligibilityAssessment,
};

export const decisionTable: TableSpec<EligibilityDecision> = {
  system: SYSTEM,
  table: "eligibility_decision",
  regionColumn: "region_code",
  columns: {
    id: "value", programCode: "value", year: "value", familyId: "value", personId: "value", idNumber: "value", regionCode: "value",
    status: "value", reasons: "value", eligibleFrom: "date", decidedOn: "date", decidedBy: "value", idempotencyKey: "value",
    requestHash: "omit",
  } satisfies Columns<models.EligibilityDecisionModel>,
  schema: EligibilityDecision,
};

export const beneficiaryTable: TableSpec<Beneficiary> = {
  system: SYSTEM,
  table: "beneficiary",
  regionColumn: "region_code",
  columns: {
    id: "value", programCode: "value", familyId: "value", personId: "value", idNumber: "value", name: "value", regionCode: "value",
    eligibleFrom: "date", exitedOn: "date", exitReason: "value", decisionId: "value",
  } satisfies Columns<models.BeneficiaryModel>,
  schema: Beneficiary,
};

export const batchTable: TableSpec<PaymentBatch> = {
  system: SYSTEM,
  table: "payment_batch",
  regionColumn: "region_code",
  columns: {
    id: "value", idempotencyKey: "value", requestHash: "omit", programCode: "value", regionCode: "value", year: "value", paidOn: "date",
    lineCount: "value", totalFen: "bigint", recordedBy: "value", recordedAt: "omit",
  } satisfies Columns<models.PaymentBatchModel>,
  schema: PaymentBatch,
};

export const lineTable: TableSpec<PaymentLine> = {
  system: SYSTEM,
  table: "payment_line",
  columns: { id: "value", batchId: "value", beneficiaryId: "value", amountFen: "value" } satisfies Columns<models.PaymentLineModel>,
  schema: PaymentLine,
};

/** Eligible at some time in the year q.year: from a day up to Dec 31, not exited by Jan 1 (the exit day is the first day without). */
const ELIGIBLE_IN_YEAR = `t.eligible_from <= make_date(q.year, 12, 31) AND (t.exited_on IS NULL OR t.exited_on > make_date(q.year, 1, 1))`;

const BY_ID = `t.id COLLATE "C"`;

/** The regions whose programs and rates apply to a region: the nation, then the region's ancestors root first, then itself. */
function regionChain(regionCode: string): string {
  return [NATIONAL_REGION_CODE, ...ancestorCodesOf(regionCode), regionCode].join(",");
}

const yearParam = <Key extends { year: number }>(): BatchParam<Key> => ({ name: "year", type: "int", value: (key) => key.year });
const listParams: BatchParam<AssistanceListQuery>[] = [
  ...regionRangeParams<AssistanceListQuery>((q) => q.regionCode),
  yearParam<AssistanceListQuery>(),
  { name: "program", type: "text", value: (q) => q.programCode },
];
const rosterParams: BatchParam<RosterKey>[] = [
  ...regionRangeParams<RosterKey>((k) => k.regionCode),
  yearParam<RosterKey>(),
  { name: "program", type: "text", value: (k) => k.programCode },
];
const inRegion = (column: string) => `${column} >= q.low AND ${column} < q.high`;

export function assistanceFromDatabase(
  sql: SqlClient,
  options: { clock?: Clock } = {},
): PortOf<typeof assistanceContract> & PortOf<typeof assistanceDatabaseOnly> {
  const clock = options.clock ?? chinaClock;
  return {
    programsByCodes: (codes) => readByColumn(sql, programTable, "code", codes),

    programsInForce: (keys: readonly RegionYearKey[]) =>
      readListsWhere(sql, programTable, keys, {
        params: [{ name: "chain", type: "text", value: (k) => regionChain(k.regionCode) }, yearParam<RegionYearKey>()],
        where: `t.defined_by = ANY(string_to_array(q.chain, ','))
          AND t.effective_from <= make_date(q.year, 12, 31) AND (t.effective_to IS NULL OR t.effective_to >= make_date(q.year, 1, 1))`,
        orderBy: `array_position(string_to_array(q.chain, ','), t.defined_by), t.code COLLATE "C"`,
      }),

    rateComponents: (keys) =>
      readListsWhere(sql, rateTable, keys, {
        params: [
          { name: "program", type: "text", value: (k) => k.programCode },
          { name: "chain", type: "text", value: (k) => regionChain(k.regionCode) },
          { name: "year", type: "int", value: (k) => k.year },
        ],
        where: `t.program_code = q.program AND t.region_code = ANY(string_to_array(q.chain, ','))
          AND t.effective_from <= make_date(q.year, 12, 31) AND (t.effective_to IS NULL OR t.effective_to >= make_date(q.year, 1, 1))`,
        orderBy: `array_position(string_to_array(q.chain, ','), t.region_code), t.effective_from, ${BY_ID}`,
      }),

    familiesByIds: (ids) => readByIds(sql, familyTable, ids),

    assessmentPages: (queries: readonly AssessmentQuery[]) =>
      readPagesWhere(sql, assessmentTable, queries, {
        params: [
          ...regionRangeParams<AssessmentQuery>((q) => q.regionCode),
          yearParam<AssessmentQuery>(),
          { name: "program", type: "text", value: (q) => q.programCode },
          { name: "eligible", type: "boolean", value: (q) => q.eligible },
          { name: "undecided", type: "boolean", value: (q) => q.undecidedOnly },
        ],
        where: `t.year = q.year AND ${inRegion("t.region_code")}
          AND (q.program IS NULL OR t.program_code = q.program)
          AND (q.eligible IS NULL OR t.eligible = q.eligible)
          AND (NOT q.undecided OR NOT t.decided)`,
      }),

    assessmentSummaries: (keys: readonly RegionYearKey[]) =>
      // From the rollups (assessed, eligible, eligible and decided, per program): a few key reads
      // for a county's year instead of its sixteen thousand assessments.
      readLists<AssessmentSummary, RegionYearKey>(
        sql,
        keys,
        [{ name: "code", type: "text", value: (k) => k.regionCode }, yearParam<RegionYearKey>()],
        `SELECT s.program AS "programCode", s.assessed, s.eligible, s."eligibleDecided",
                row_number() OVER (ORDER BY s.program COLLATE "C") AS row_order
         FROM (
           SELECT split_part(r.measure, ':', 2) AS program,
                  sum(r.value) FILTER (WHERE r.measure LIKE 'ASSESSED:%')::int AS assessed,
                  coalesce(sum(r.value) FILTER (WHERE r.measure LIKE 'ELIGIBLE:%'), 0)::int AS eligible,
                  coalesce(sum(r.value) FILTER (WHERE r.measure LIKE 'ELIGIBLE_DECIDED:%'), 0)::int AS "eligibleDecided"
           FROM region_rollup r
           WHERE r.region_code = q.code AND r.period = q.year::text
             AND (r.measure LIKE 'ASSESSED:%' OR r.measure LIKE 'ELIGIBLE:%' OR r.measure LIKE 'ELIGIBLE_DECIDED:%')
           GROUP BY 1
         ) s
         WHERE s.assessed > 0`,
        (fields) => {
          const parsed = AssessmentSummary.safeParse(fields);
          return parsed.success ? parsed.data : invalidRecord(SYSTEM, `assessment summary of ${String(fields.programCode)}`, parsed.error.issues);
        },
      ),

    decisionsByIds: (ids) => readByIds(sql, decisionTable, ids),
    decisionPages: (queries) =>
      readPagesWhere(sql, decisionTable, queries, {
        params: listParams,
        where: `t.year = q.year AND ${inRegion("t.region_code")} AND (q.program IS NULL OR t.program_code = q.program)`,
      }),

    beneficiariesByIds: (ids) => readByIds(sql, beneficiaryTable, ids),
    beneficiaryPages: (queries) =>
      readPagesWhere(sql, beneficiaryTable, queries, {
        params: listParams,
        where: `${inRegion("t.region_code")} AND (q.program IS NULL OR t.program_code = q.program) AND ${ELIGIBLE_IN_YEAR}`,
      }),
    rosters: (keys) =>
      readListsWhere(sql, beneficiaryTable, keys, {
        params: rosterParams,
        where: `t.program_code = q.program AND ${inRegion("t.region_code")} AND ${ELIGIBLE_IN_YEAR}`,
        orderBy: BY_ID,
      }),

    rosterGroups: (keys) =>
      readLists<RosterGroup, RosterKey>(
        sql,
        keys,
        rosterParams,
        // Grouped on the dates themselves, formatted once a group (not once a beneficiary).
        `SELECT g.region_code AS "regionCode", to_char(g.eligible_from, 'YYYY-MM-DD') AS "eligibleFrom",
                to_char(g.exited_on, 'YYYY-MM-DD') AS "exitedOn", g.beneficiaries,
                row_number() OVER (ORDER BY g.region_code COLLATE "C", g.eligible_from, g.exited_on NULLS FIRST) AS row_order
         FROM (
           SELECT t.region_code,
                  greatest(t.eligible_from, make_date(q.year - 1, 12, 31)) AS eligible_from,
                  CASE WHEN t.exited_on IS NULL THEN NULL ELSE least(t.exited_on, make_date(q.year + 1, 1, 1)) END AS exited_on,
                  count(*)::int AS beneficiaries
           FROM beneficiary t
           WHERE t.program_code = q.program AND ${inRegion("t.region_code")} AND ${ELIGIBLE_IN_YEAR}
           GROUP BY 1, 2, 3
         ) g`,
        (fields) => {
          const parsed = RosterGroup.safeParse(fields);
          return parsed.success ? parsed.data : invalidRecord(SYSTEM, `roster group of ${String(fields.regionCode)}`, parsed.error.issues);
        },
      ),

    paymentBatchesByIds: (ids) => readByIds(sql, batchTable, ids),
    paymentBatchPages: (queries) =>
      readPagesWhere(sql, batchTable, queries, {
        params: listParams,
        where: `t.year = q.year AND ${inRegion("t.region_code")} AND (q.program IS NULL OR t.program_code = q.program)`,
      }),
    paymentLinesByBatches: (batchIds) => readListsByKeys(sql, lineTable, "batch_id", batchIds, BY_ID),
    paymentLinesOfRosters: (keys) =>
      readListsWhere(sql, lineTable, keys, {
        params: rosterParams,
        // From the program's batches of the year, their lines, each line's beneficiary in the region.
        from: `payment_batch b JOIN payment_line t ON t.batch_id = b.id JOIN beneficiary r ON r.id = t.beneficiary_id`,
        where: `b.program_code = q.program AND b.year = q.year AND ${inRegion("r.region_code")}`,
        orderBy: BY_ID,
      }),
    paidTotalsOfRosters: async (keys) => {
      // The lines of paymentLinesOfRosters as the rollups count them: amount and beneficiaries.
      const lists = await readLists<PaidTotal, RosterKey>(
        sql,
        keys,
        [{ name: "code", type: "text", value: (k) => k.regionCode }, yearParam<RosterKey>(), { name: "program", type: "text", value: (k) => k.programCode }],
        `SELECT coalesce(sum(r.value) FILTER (WHERE r.measure = 'PAID_BENEFICIARIES:' || q.program), 0)::int AS beneficiaries,
                coalesce(sum(r.value) FILTER (WHERE r.measure = 'PAID_FEN:' || q.program), 0)::text AS "amountFen", 1 AS row_order
         FROM region_rollup r
         WHERE r.region_code = q.code AND r.period = q.year::text
           AND r.measure IN ('PAID_BENEFICIARIES:' || q.program, 'PAID_FEN:' || q.program)`,
        (fields) => {
          const amount = Number(fields.amountFen);
          const parsed = PaidTotal.safeParse({ ...fields, amountFen: Number.isSafeInteger(amount) ? amount : fields.amountFen });
          return parsed.success ? parsed.data : invalidRecord(SYSTEM, `paid total of ${String(fields.beneficiaries)} beneficiaries`, parsed.error.issues);
        },
      );
      return lists.map((list) => (list instanceof Error ? list : list[0] ?? { beneficiaries: 0, amountFen: 0 }));
    },

    rosterRegistryChecks: (keys) =>
      // The roster as of the day, each entry joined to the registry's person of its ID number:
      // one JSON array per key (ten thousand entries of a county read as one value, not as ten
      // thousand rows), and no second lookup for the entries that disagree.
      readLists<RosterRegistryCheck[], RosterCheckKey>(
        sql,
        keys,
        [...rosterParams, { name: "as_of", type: "date", value: (k) => k.asOf }],
        `SELECT coalesce(json_agg(json_build_array(t.id, t.id_number, t.name, t.region_code,
                  p.id, p.name, p.sex, p.hukou_region_code, p.status, to_char(p.exited_on, 'YYYY-MM-DD'))
                  ORDER BY t.id COLLATE "C"), '[]'::json) AS entries, 1 AS row_order
         FROM beneficiary t
         LEFT JOIN person p ON p.id_number = t.id_number
         WHERE t.program_code = q.program AND ${inRegion("t.region_code")} AND ${ELIGIBLE_IN_YEAR}
           AND (t.exited_on IS NULL OR t.exited_on > q.as_of)`,
        (fields) => rosterChecksOf(fields.entries),
      ).then((lists) => lists.map((list) => (list instanceof Error ? list : (list[0] ?? [])))),

    confirmEligibility: (commands) => runCommands(sql, commands, (tx, command) => confirmOne(tx, command, clock())),
    recordPaymentBatches: (commands) => runCommands(sql, commands, (tx, command) => recordBatch(tx, command, clock())),
    recordExits: (commands) => runCommands(sql, commands, (tx, command) => recordExit(tx, command, clock())),
  };
}


type CheckRow = [
  id: string, idNumber: string, name: string, regionCode: string,
  personId: string | null, personName: string | null, sex: string | null, hukouRegionCode: string | null, status: string | null, exitedOn: string | null,
];

/** The entries of rosterRegistryChecks from their JSON rows; the registry's facts checked by the Person schema. */
function rosterChecksOf(entries: unknown): RosterRegistryCheck[] | Error {
  const rows = typeof entries === "string" ? (JSON.parse(entries) as unknown) : entries;
  if (!Array.isArray(rows)) return invalidRecord(SYSTEM, "roster check", [{ path: ["entries"], message: "is not a list" }]);
  const checks: RosterRegistryCheck[] = [];
  for (const [entryId, idNumber, name, code, personId, personName, sex, hukouRegionCode, status, exitedOn] of rows as CheckRow[]) {
    // The roster's region column, which the Beneficiary schema reads as a region code.
    const entry = { entryId, idNumber, name, sex: null, regionCode: code as Beneficiary["regionCode"] };
    if (personId === null) {
      checks.push({ entry, registered: null });
      continue;
    }
    const registered = RegistryFacts.safeParse({ id: personId, name: personName, sex, hukouRegionCode, status, exitedOn });
    if (!registered.success) return invalidRecord("POPULATION_REGISTRY", `id ${personId}`, registered.error.issues);
    checks.push({ entry, registered: registered.data });
  }
  return checks;
}

/** The programs excluding `programCode` (both directions of program_exclusion), as SQL over the parameter `$program`. */
const EXCLUDING = (program: string) => `SELECT x.excludes_code FROM program_exclusion x WHERE x.program_code = ${program}
  UNION SELECT x.program_code FROM program_exclusion x WHERE x.excludes_code = ${program}`;

function confirmOne(tx: SqlClient, command: ConfirmEligibilityCommand, today: string): Promise<EligibilityDecision> {
  return idempotentCommand(tx, "confirmEligibility", command, decisionTable, (hash) => writeDecision(tx, command, hash, today));
}

async function writeDecision(tx: SqlClient, command: ConfirmEligibilityCommand, hash: string, today: string): Promise<string> {
  rejectIssues(decisionDateIssues(command, today));
  const program = await tx.query<{ code: string; schedule: string }>(`SELECT code, schedule FROM assistance_program WHERE code = $1`, [command.programCode]);
  if (program.length === 0) throw reject("NOT_FOUND", "INVALID_DECISION", `programCode ${command.programCode} is not a program`, "programCode");
  const families = await tx.query<{ region_code: string; mother_id_number: string; mother_person_id: string | null; father_id_number: string | null; father_person_id: string | null }>(
    `SELECT region_code, mother_id_number, mother_person_id, father_id_number, father_person_id FROM fp_family WHERE id = $1`,
    [command.familyId],
  );
  const family = families[0];
  if (!family) throw reject("NOT_FOUND", "INVALID_DECISION", `familyId ${command.familyId} is not a family-planning family`, "familyId");
  const personId =
    command.idNumber === family.mother_id_number ? family.mother_person_id : command.idNumber === family.father_id_number ? family.father_person_id : undefined;
  if (personId === undefined) {
    throw reject("INVALID_INPUT", "INVALID_DECISION", `idNumber is not a parent of family ${command.familyId}`, "idNumber");
  }
  if (command.status === "CONFIRMED" && command.eligibleFrom === null) {
    throw reject("INVALID_INPUT", "INVALID_DECISION", `eligibleFrom is required to confirm eligibility`, "eligibleFrom");
  }
  const births = await tx.query<{ birth_date: string }>(`SELECT birth_date::text FROM person WHERE id_number = $1`, [command.idNumber]);
  rejectIssues(decisionDateIssues(command, today, { applicantBirthDate: births[0]?.birth_date ?? null }));
  const earlier = await tx.query<{ id: string }>(
    `SELECT id FROM eligibility_decision WHERE program_code = $1 AND year = $2 AND id_number = $3`,
    [command.programCode, command.year, command.idNumber],
  );
  if (earlier[0]) {
    throw reject("CONFLICT", "ALREADY_DECIDED", `${command.programCode} ${command.year} was already decided for this person (with another idempotency key)`, "idNumber");
  }
  if (command.status === "CONFIRMED") {
    // A one-time program is confirmed once in a lifetime, and never beside a program that excludes it.
    if (program[0]!.schedule === "ONE_TIME") {
      const once = await tx.query<{ year: number }>(
        `SELECT year FROM eligibility_decision WHERE program_code = $1 AND id_number = $2 AND status = 'CONFIRMED' ORDER BY year LIMIT 1`,
        [command.programCode, command.idNumber],
      );
      if (once[0]) {
        throw reject("CONFLICT", "ONE_TIME_ALREADY_CONFIRMED", `${command.programCode} is paid once and was already confirmed for this person (${once[0].year})`, "programCode");
      }
    }
    const excluded = await tx.query<{ program_code: string }>(
      `SELECT DISTINCT d.program_code FROM eligibility_decision d
       WHERE d.id_number = $2 AND d.status = 'CONFIRMED' AND d.program_code IN (${EXCLUDING("$1")})
       UNION SELECT DISTINCT b.program_code FROM beneficiary b WHERE b.id_number = $2 AND b.program_code IN (${EXCLUDING("$1")})
       ORDER BY 1 LIMIT 1`,
      [command.programCode, command.idNumber],
    );
    if (excluded[0]) {
      throw reject(
        "INVALID_INPUT",
        "EXCLUDED_PROGRAM",
        `${command.programCode} excludes ${excluded[0].program_code}, for which this person is already confirmed`,
        "programCode",
      );
    }
  }
  const id = `ED-${randomUUID()}`;
  await tx.query(
    `INSERT INTO eligibility_decision (id, program_code, year, family_id, person_id, id_number, region_code, status, reasons,
       eligible_from, decided_on, decided_by, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"DecisionStatus", $9::text[], $10::date, $11::date, $12, $13, $14)`,
    [id, command.programCode, command.year, command.familyId, personId, command.idNumber, family.region_code, command.status,
      command.reasons, command.eligibleFrom, command.decidedOn, command.decidedBy, command.idempotencyKey, hash],
  );
  if (command.status === "CONFIRMED") {
    // A new roster entry unless the person already has an active one for the program (a later year's confirmation).
    await tx.query(
      `INSERT INTO beneficiary (id, program_code, family_id, person_id, id_number, name, region_code, eligible_from, decision_id)
       SELECT $1, $2, $3, $4, $5,
              coalesce((SELECT p.name FROM person p WHERE p.id_number = $5),
                       (SELECT a.name FROM eligibility_assessment a WHERE a.program_code = $2 AND a.id_number = $5 ORDER BY a.year DESC LIMIT 1)),
              $6, $7::date, $8
       WHERE NOT EXISTS (SELECT 1 FROM beneficiary b WHERE b.program_code = $2 AND b.id_number = $5 AND b.exited_on IS NULL)`,
      [`BF-${randomUUID()}`, command.programCode, command.familyId, personId, command.idNumber, family.region_code, command.eligibleFrom, id],
    ).catch((error: unknown) => {
      // name is NOT NULL: neither the registry nor an assessment knows the person's name.
      if ((error as { code?: string }).code === "23502") {
        throw reject("INVALID_INPUT", "INVALID_DECISION", `no name is on record for idNumber (not in the registry nor assessed)`, "idNumber");
      }
      throw error;
    });
  }
  return id;
}

function recordBatch(tx: SqlClient, command: RecordPaymentBatchCommand, today: string): Promise<PaymentBatch> {
  return idempotentCommand(tx, "recordPaymentBatch", command, batchTable, (hash) => writeBatch(tx, command, hash, today));
}

async function writeBatch(tx: SqlClient, command: RecordPaymentBatchCommand, hash: string, today: string): Promise<string> {
  rejectIssues(paymentDateIssues(command, today));
  const invalid = (message: string, field: string) => reject("INVALID_INPUT", "INVALID_PAYMENT", message, field);
  const program = await tx.query<{ code: string; schedule: string }>(`SELECT code, schedule FROM assistance_program WHERE code = $1`, [command.programCode]);
  if (program.length === 0) throw reject("NOT_FOUND", "INVALID_PAYMENT", `programCode ${command.programCode} is not a program`, "programCode");
  const seen = new Map<string, number>();
  let total = 0n;
  for (const [n, line] of command.lines.entries()) {
    const field = `lines.${n}.beneficiaryId`;
    const first = seen.get(line.beneficiaryId);
    if (first !== undefined) throw invalid(`${field} ${line.beneficiaryId} is paid twice in the batch (also lines.${first})`, field);
    seen.set(line.beneficiaryId, n);
    if (!PaymentFen.safeParse(line.amountFen).success) {
      throw invalid(`lines.${n}.amountFen ${line.amountFen} is not an amount a line can pay (1 to ${MAX_LINE_FEN} fen)`, `lines.${n}.amountFen`);
    }
    total += BigInt(line.amountFen);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`the batch total ${total} fen is too large`, "lines");
  // Batches of one program and year are written one at a time, so that what was paid before is
  // read after any batch racing this one has committed: two batches can never both pay what is due.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`payment|${command.programCode}|${command.year}`]);
  const paidBefore = await tx.query<{ beneficiary_id: string; paid: string | number }>(
    `SELECT l.beneficiary_id, sum(l.amount_fen) AS paid FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id
     WHERE b.program_code = $1 AND b.year = $2 AND l.beneficiary_id = ANY($3::text[]) GROUP BY l.beneficiary_id`,
    [command.programCode, command.year, command.lines.map((l) => l.beneficiaryId)],
  );
  const paid = new Map(paidBefore.map((row) => [row.beneficiary_id, Number(row.paid)]));
  for (const [n, line] of command.lines.entries()) {
    if (line.dueFen === undefined) continue;
    const left = line.dueFen - (paid.get(line.beneficiaryId) ?? 0);
    if (line.amountFen > left) {
      throw invalid(`lines.${n}.amountFen ${line.amountFen} exceeds what is still due for ${command.year} (${Math.max(0, left)} fen)`, `lines.${n}.amountFen`);
    }
  }
  // Every line's beneficiary in one statement, in line order.
  const found = await tx.query<{ n: string | number; id: string | null; program_code: string | null; region_code: string | null }>(
    `SELECT q.n, b.id, b.program_code, b.region_code
     FROM unnest($1::text[]) WITH ORDINALITY AS q(beneficiary_id, n) LEFT JOIN beneficiary b ON b.id = q.beneficiary_id
     ORDER BY q.n`,
    [command.lines.map((l) => l.beneficiaryId)],
  );
  for (const row of found) {
    const n = Number(row.n) - 1;
    const field = `lines.${n}.beneficiaryId`;
    const beneficiaryId = command.lines[n]!.beneficiaryId;
    if (row.id === null) throw invalid(`${field} ${beneficiaryId} is not a beneficiary`, field);
    if (row.program_code !== command.programCode) {
      throw invalid(`${field} ${beneficiaryId} is a beneficiary of ${row.program_code}, not of ${command.programCode}`, field);
    }
    if (!isWithinRegion(row.region_code!, command.regionCode)) {
      throw invalid(`${field} ${beneficiaryId} lives outside the batch's region ${command.regionCode}`, field);
    }
  }
  // A one-time program is paid once in a lifetime (any year, any roster entry of the person), and
  // nobody is paid by two programs that exclude each other.
  const paidElsewhere = await tx.query<{ n: string | number; once: boolean; excluded: string | null }>(
    `SELECT q.n,
       EXISTS (SELECT 1 FROM beneficiary o JOIN payment_line l ON l.beneficiary_id = o.id JOIN payment_batch pb ON pb.id = l.batch_id
               WHERE o.id_number = b.id_number AND o.program_code = b.program_code AND l.amount_fen > 0 AND pb.year <> $3) AS once,
       (SELECT min(o.program_code) FROM beneficiary o JOIN payment_line l ON l.beneficiary_id = o.id
        WHERE o.id_number = b.id_number AND l.amount_fen > 0 AND o.program_code IN (${EXCLUDING("$2")})) AS excluded
     FROM unnest($1::text[]) WITH ORDINALITY AS q(beneficiary_id, n) JOIN beneficiary b ON b.id = q.beneficiary_id
     ORDER BY q.n`,
    [command.lines.map((l) => l.beneficiaryId), command.programCode, command.year],
  );
  for (const row of paidElsewhere) {
    const n = Number(row.n) - 1;
    const field = `lines.${n}.beneficiaryId`;
    if (command.lines[n]!.amountFen === 0) continue;
    if (row.once && program[0]!.schedule === "ONE_TIME") {
      throw reject("INVALID_INPUT", "ONE_TIME_ALREADY_PAID", `${field}: ${command.programCode} is paid once and this person was already paid it in another year`, field);
    }
    if (row.excluded) {
      throw reject("INVALID_INPUT", "EXCLUDED_PROGRAM", `${field}: this person was already paid ${row.excluded}, which excludes ${command.programCode}`, field);
    }
  }
  const id = `PB-${randomUUID()}`;
  await tx.query(
    `INSERT INTO payment_batch (id, idempotency_key, request_hash, program_code, region_code, year, paid_on, line_count, total_fen, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9::bigint, $10)`,
    [id, command.idempotencyKey, hash, command.programCode, command.regionCode, command.year, command.paidOn, command.lines.length, total.toString(), command.recordedBy],
  );
  // All the lines in one statement: the batch and its lines commit together or not at all.
  await tx.query(
    `INSERT INTO payment_line (id, batch_id, beneficiary_id, amount_fen)
     SELECT $1 || '-L' || lpad(q.n::text, 4, '0'), $1, q.beneficiary_id, q.amount_fen
     FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS q(beneficiary_id, amount_fen, n)`,
    [id, command.lines.map((l) => l.beneficiaryId), command.lines.map((l) => l.amountFen)],
  );
  return id;
}

function recordExit(tx: SqlClient, command: RecordExitCommand, today: string): Promise<Beneficiary> {
  return idempotentCommand(tx, "recordBeneficiaryExit", command, beneficiaryTable, (hash) => writeExit(tx, command, hash, today));
}

async function writeExit(tx: SqlClient, command: RecordExitCommand, hash: string, today: string): Promise<string> {
  rejectIssues(exitDateIssues(command, today));
  const found = await readOne(tx, beneficiaryTable, `t.id = $1`, [command.beneficiaryId], true);
  if (!found) throw reject("NOT_FOUND", "INVALID_EXIT", `beneficiaryId ${command.beneficiaryId} is not a beneficiary`, "beneficiaryId");
  const beneficiary = found.record;
  if (beneficiary.exitedOn === null) {
    const births = await tx.query<{ birth_date: string }>(`SELECT birth_date::text FROM person WHERE id_number = $1`, [beneficiary.idNumber]);
    rejectIssues(exitDateIssues(command, today, { eligibleFrom: beneficiary.eligibleFrom, birthDate: births[0]?.birth_date ?? null }));
  }
  try {
    // The domain's rule: no exit before eligibility started, no second exit.
    exitEffect(beneficiary, { exitedOn: command.exitedOn, reason: command.reason });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const field = error.field ?? "exitedOn";
    throw reject(
      beneficiary.exitedOn !== null ? "CONFLICT" : "INVALID_INPUT",
      beneficiary.exitedOn !== null ? "ALREADY_EXITED" : field === "exitedOn" ? "DATE_BEFORE_RECORD" : "INVALID_EXIT",
      `${field}: ${error.message}`,
      field,
    );
  }
  await tx.query(`UPDATE beneficiary SET exited_on = $2::date, exit_reason = $3::"ExitReason" WHERE id = $1`, [beneficiary.id, command.exitedOn, command.reason]);
  await tx.query(
    `INSERT INTO beneficiary_exit (idempotency_key, beneficiary_id, exited_on, reason, request_hash) VALUES ($1, $2, $3::date, $4::"ExitReason", $5)`,
    [command.idempotencyKey, beneficiary.id, command.exitedOn, command.reason, hash],
  );
  return beneficiary.id;
}
