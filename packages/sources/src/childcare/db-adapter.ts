// 托育机构备案信息系统 from the database: institutions by region and everything about them by
// institution, one statement per call however many; the childcare counts from the rollups; the
// writes each under its idempotency key, their rules (the domain's) run inside the transaction.
import {
  changeFilingIssues,
  ChildcareClass,
  ChildcareInstitution,
  ClassLoad,
  Designation,
  Enrolment,
  EnrolmentReport,
  enrolmentReportIssues,
  Filing,
  filingDecisionIssues,
  incidentIssues,
  InclusiveRecognition,
  Inspection,
  institutionFilingIssues,
  parsePeriod,
  recognitionIssues,
  SafetyIncident,
  StaffMember,
  supervisionDateIssues,
  type ChildcareMeasures,
  type Clock,
  type Premises,
} from "@popfam/domain";
import { type models, type SqlClient, type SqlValue } from "@popfam/db";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { chinaClock, idempotentCommand, registerCommand, rejectIssues } from "../commands.js";
import { rejectCommand as reject } from "../errors.js";
import type { PortOf } from "../http/contract.js";
import { periodRange } from "../paging.js";
import { flowsInPeriod, jsonCounts, ROLLUP_KEYS, rollupKeyParams, stockMeasures, stocksAtPeriodEnd } from "../rollups.js";
import {
  parseRecord,
  readByIds,
  readLists,
  readListsByKeys,
  readListsWhere,
  readOne,
  readPagesWhere,
  regionRangeParams,
  runCommands,
  type Columns,
  type TableSpec,
} from "../table.js";
import type {
  childcareContract,
  DecideFilingCommand,
  FileChangeCommand,
  FileInstitutionCommand,
  InstitutionsQuery,
  RecogniseInclusiveCommand,
  RecordIncidentCommand,
  RecordInspectionCommand,
  RegionMonthKey,
  RegionPeriodKey,
  ReportEnrolmentCommand,
} from "./contract.js";

const SYSTEM = "CHILDCARE" as const;

/** The premises are columns of the institution's row: nested here as the entity has them. */
const InstitutionRow = z.preprocess((row) => {
  const { usableAreaM2, lowestChildFloor, highestChildFloor, leaseStartsOn, leaseEndsOn, ...rest } = row as Record<string, unknown>;
  return { ...rest, premises: { usableAreaM2, lowestChildFloor, highestChildFloor, leaseStartsOn, leaseEndsOn } };
}, ChildcareInstitution) as z.ZodType<ChildcareInstitution>;

export const institutionTable: TableSpec<ChildcareInstitution> = {
  system: SYSTEM,
  table: "childcare_institution",
  columns: {
    id: "value", name: "value", kind: "value", ownership: "value", legalForm: "value", serviceTypes: "value", regionCode: "value",
    usableAreaM2: "value", lowestChildFloor: "value", highestChildFloor: "value", leaseStartsOn: "date", leaseEndsOn: "date",
    operatorId: "value", openedOn: "date", closedOn: "date", idempotencyKey: "omit", requestHash: "omit",
  } satisfies Columns<models.ChildcareInstitutionModel>,
  schema: InstitutionRow,
  regionColumn: "region_code",
};

const filingTable: TableSpec<Filing> = {
  system: SYSTEM,
  table: "childcare_filing",
  columns: {
    id: "value", institutionId: "value", kind: "value", submittedOn: "date", attachments: "value", recordedOn: "date", receiptNumber: "value",
    nonComplianceNoticeOn: "date", idempotencyKey: "value", requestHash: "omit",
  } satisfies Columns<models.ChildcareFilingModel>,
  schema: Filing,
};

const recognitionTable: TableSpec<InclusiveRecognition> = {
  system: SYSTEM,
  table: "inclusive_recognition",
  columns: {
    id: "value", institutionId: "value", basis: "value", recognisedBy: "value", recognisedOn: "date", withdrawnOn: "date", feeList: "value",
    idempotencyKey: "value", requestHash: "omit",
  } satisfies Columns<models.InclusiveRecognitionModel>,
  schema: InclusiveRecognition,
};

const classTable: TableSpec<ChildcareClass> = {
  system: SYSTEM,
  table: "childcare_class",
  columns: { id: "value", institutionId: "value", type: "value", places: "value", inclusivePlaces: "value", openedOn: "date", closedOn: "date" } satisfies Columns<models.ChildcareClassModel>,
  schema: ChildcareClass,
};

const staffTable: TableSpec<StaffMember> = {
  system: SYSTEM,
  table: "childcare_staff",
  columns: {
    id: "value", institutionId: "value", classId: "value", role: "value", name: "value", fullTime: "value", qualifications: "value",
    healthCertificateUntil: "date", backgroundCheckedOn: "date", startedOn: "date", leftOn: "date",
  } satisfies Columns<models.ChildcareStaffModel>,
  schema: StaffMember,
};

const inspectionTable: TableSpec<Inspection> = {
  system: SYSTEM,
  table: "childcare_inspection",
  columns: { id: "value", institutionId: "value", inspectedOn: "date", inspector: "value", findings: "value", idempotencyKey: "value", requestHash: "omit" } satisfies Columns<models.ChildcareInspectionModel>,
  schema: Inspection,
};

const incidentTable: TableSpec<SafetyIncident> = {
  system: SYSTEM,
  table: "childcare_incident",
  columns: {
    id: "value", institutionId: "value", occurredOn: "date", kind: "value", severity: "value", major: "value", description: "value",
    idempotencyKey: "value", requestHash: "omit",
  } satisfies Columns<models.ChildcareIncidentModel>,
  schema: SafetyIncident,
};

const designationTable: TableSpec<Designation> = {
  system: SYSTEM,
  table: "childcare_designation",
  columns: { id: "value", institutionId: "value", kind: "value", designatedBy: "value", designatedOn: "date" } satisfies Columns<models.ChildcareDesignationModel>,
  schema: Designation,
};

const enrolmentTable: TableSpec<Enrolment> = {
  system: SYSTEM,
  table: "childcare_enrolment",
  columns: {
    id: "value", institutionId: "value", classId: "value", month: "value", childIdNumber: "value", childPersonId: "value", ageMonths: "value", reportKey: "omit",
  } satisfies Columns<models.ChildcareEnrolmentModel>,
  schema: Enrolment,
};

const reportTable: TableSpec<EnrolmentReport> = {
  system: SYSTEM,
  table: "childcare_enrolment_report",
  columns: { id: "value", institutionId: "value", month: "value", children: "value", idempotencyKey: "value", requestHash: "omit", submittedAt: "omit" } satisfies Columns<models.ChildcareEnrolmentReportModel>,
  schema: EnrolmentReport,
};

const BY_ID = `t.id COLLATE "C"`;
const lastDay = (month: string) => parsePeriod(month).end;

/** The stocks kept as _IN / _OUT flows (see the childcare migration), by the measure they make. */
const STOCKS = ["CHILDCARE_INSTITUTIONS", "CHILDCARE_FILED", "CHILDCARE_PLACES", "CHILDCARE_INCLUSIVE_PLACES", "CHILDREN_UNDER3"] as const;

export function childcareFromDatabase(sql: SqlClient, options: { clock?: Clock } = {}): PortOf<typeof childcareContract> {
  const clock = options.clock ?? chinaClock;
  const byInstitution = <E>(spec: TableSpec<E>, orderBy: string) => (ids: readonly string[]) => readListsByKeys(sql, spec, "institution_id", ids, `${orderBy}, ${BY_ID}`);
  return {
    institutionsByIds: (ids) => readByIds(sql, institutionTable, ids),
    institutionPages: (queries: readonly InstitutionsQuery[]) =>
      readPagesWhere(sql, institutionTable, queries, {
        params: [
          ...regionRangeParams<InstitutionsQuery>((q) => q.regionCode),
          { name: "on_day", type: "date", value: (q) => q.on },
          { name: "unfiled", type: "boolean", value: (q) => q.unfiledOnly },
          { name: "operator", type: "text", value: (q) => q.operatorId },
        ],
        // 未备案: no first filing recorded by the day (submitted and pending, refused, or never submitted).
        where: `t.region_code >= q.low AND t.region_code < q.high AND t.opened_on <= q.on_day AND (t.closed_on IS NULL OR t.closed_on > q.on_day)
          AND (q.operator IS NULL OR t.operator_id = q.operator)
          AND (NOT q.unfiled OR NOT EXISTS (
            SELECT 1 FROM childcare_filing f WHERE f.institution_id = t.id AND f.kind = 'INITIAL' AND f.recorded_on <= q.on_day))`,
      }),
    filingsByInstitutions: byInstitution(filingTable, "t.submitted_on"),
    recognitionsByInstitutions: byInstitution(recognitionTable, "t.recognised_on"),
    classesByInstitutions: byInstitution(classTable, "t.opened_on"),
    staffByInstitutions: byInstitution(staffTable, "t.role, t.started_on"),
    inspectionsByInstitutions: byInstitution(inspectionTable, "t.inspected_on"),
    incidentsByInstitutions: byInstitution(incidentTable, "t.occurred_on"),
    designationsByInstitutions: byInstitution(designationTable, "t.designated_on"),
    enrolmentsByClassMonths: (keys) =>
      readListsWhere(sql, enrolmentTable, keys, {
        params: [
          { name: "class", type: "text", value: (k) => k.classId },
          { name: "month", type: "text", value: (k) => k.month },
        ],
        where: `t.class_id = q.class AND t.month = q.month`,
        orderBy: `t.age_months, ${BY_ID}`,
      }),
    classLoads: (keys: readonly RegionMonthKey[]) =>
      readLists(
        sql,
        keys,
        [
          ...regionRangeParams<RegionMonthKey>((k) => k.regionCode),
          { name: "month", type: "text", value: (k) => k.month },
          { name: "month_end", type: "date", value: (k) => lastDay(k.month) },
        ],
        // The classes open at the month's end in institutions operating then; the children the
        // month's report put in each, and the caregivers working in it at the month's end.
        `SELECT c.id AS "classId", c.institution_id AS "institutionId", i.region_code AS "regionCode", q.month AS month, c.type::text AS type, c.places,
           coalesce((SELECT array_agg(e.age_months ORDER BY e.age_months) FROM childcare_enrolment e WHERE e.class_id = c.id AND e.month = q.month), '{}') AS "childAgesInMonths",
           (SELECT count(*) FROM childcare_staff s
             WHERE s.class_id = c.id AND s.role = 'CAREGIVER' AND s.started_on <= q.month_end AND (s.left_on IS NULL OR s.left_on > q.month_end))::int AS caregivers,
           row_number() OVER (ORDER BY i.region_code, c.id COLLATE "C") AS row_order
         FROM childcare_institution i JOIN childcare_class c ON c.institution_id = i.id
         WHERE i.region_code >= q.low AND i.region_code < q.high
           AND i.opened_on <= q.month_end AND (i.closed_on IS NULL OR i.closed_on > q.month_end)
           AND c.opened_on <= q.month_end AND (c.closed_on IS NULL OR c.closed_on > q.month_end)`,
        (fields) => {
          const parsed = ClassLoad.safeParse(fields);
          return parsed.success ? parsed.data : parseRecord({ ...classTable, schema: ClassLoad } as unknown as TableSpec<ClassLoad>, fields, `class ${String(fields.classId)}`);
        },
      ),
    incidentsInRegions: (keys: readonly RegionPeriodKey[]) =>
      readListsWhere(sql, incidentTable, keys, {
        params: [
          ...regionRangeParams<RegionPeriodKey>((k) => k.regionCode),
          { name: "start_day", type: "date", value: (k) => periodRange(k.period)[0] },
          { name: "end_day", type: "date", value: (k) => periodRange(k.period)[1] },
        ],
        from: `childcare_incident t JOIN childcare_institution i ON i.id = t.institution_id`,
        where: `i.region_code >= q.low AND i.region_code < q.high AND t.occurred_on BETWEEN q.start_day AND q.end_day`,
        orderBy: `t.occurred_on, ${BY_ID}`,
      }),
    measures: (keys) => readMeasures(sql, keys),
    fileInstitutions: (commands) => runCommands(sql, commands, (tx, command) => fileInstitution(tx, command, clock())),
    fileChanges: (commands) => runCommands(sql, commands, (tx, command) => fileChange(tx, command, clock())),
    decideFilings: (commands) => runCommands(sql, commands, (tx, command) => decideFiling(tx, command, clock())),
    reportEnrolments: (commands) => runCommands(sql, commands, (tx, command) => reportEnrolment(tx, command, clock())),
    recordIncidents: (commands) => runCommands(sql, commands, (tx, command) => recordIncident(tx, command, clock())),
    recordInspections: (commands) => runCommands(sql, commands, (tx, command) => recordInspection(tx, command, clock())),
    recogniseInclusive: (commands) => runCommands(sql, commands, (tx, command) => recognise(tx, command, clock())),
  };
}

/**
 * The childcare measures of each region and period in one statement: the stocks at the period's
 * end (flows summed over the years before and the year's months up to its last), what was new in
 * the period, the last month's enrolment, and the year's resident population.
 */
async function readMeasures(sql: SqlClient, keys: readonly RegionPeriodKey[]): Promise<ChildcareMeasures[]> {
  const rows = await sql.query<{ flows: Record<string, number> | string; stocks: Record<string, number> | string; enrolled: string | number | null; population: number | null }>(
    `SELECT q.query_index,
       ${flowsInPeriod("r.measure LIKE 'CHILDCARE\\_%'")} AS flows,
       ${stocksAtPeriodEnd("$6::text[]")} AS stocks,
       (SELECT r.value FROM region_rollup r WHERE r.region_code = q.code AND r.period = q.last_month AND r.measure = 'CHILDCARE_ENROLLED') AS enrolled,
       (SELECT b.resident_population FROM population_base b WHERE b.region_code = q.code AND b.year = q.year) AS population
     FROM ${ROLLUP_KEYS}
     ORDER BY q.query_index`,
    [...rollupKeyParams(keys), stockMeasures(STOCKS)] as SqlValue[],
  );
  return rows.map((row) => {
    const flows = jsonCounts(row.flows), stocks = jsonCounts(row.stocks);
    const flow = (measure: string) => Number(flows[measure] ?? 0);
    const stock = (measure: (typeof STOCKS)[number]) => Number(stocks[measure] ?? 0);
    return {
      places: stock("CHILDCARE_PLACES"),
      inclusivePlaces: stock("CHILDCARE_INCLUSIVE_PLACES"),
      residentPopulation: row.population === null ? null : Number(row.population),
      institutionsOperating: stock("CHILDCARE_INSTITUTIONS"),
      institutionsFiled: stock("CHILDCARE_FILED"),
      childrenEnrolled: Number(row.enrolled ?? 0),
      childrenUnder3: stock("CHILDREN_UNDER3"),
      newInclusiveInstitutions: flow("CHILDCARE_NEW_INCLUSIVE"),
      newOrExpandedInstitutions: flow("CHILDCARE_NEW_OR_EXPANDED"),
      newKindergartenClasses: flow("CHILDCARE_NEW_KINDERGARTEN_CLASSES"),
      newDemonstrationPoints: flow("CHILDCARE_DESIGNATED:DEMONSTRATION_POINT"),
      newCityPilots: flow("CHILDCARE_DESIGNATED:CITY_PILOT"),
      newGuidanceCentres: flow("CHILDCARE_DESIGNATED:GUIDANCE_CENTRE"),
      newParentChildCentres: flow("CHILDCARE_DESIGNATED:COMMUNITY_PARENT_CHILD_CENTRE"),
    };
  });
}

/** The institution a command is about, locked for the transaction; NOT_FOUND naming the field when there is none. */
async function institutionOf(tx: SqlClient, institutionId: string): Promise<ChildcareInstitution> {
  const found = await readOne(tx, institutionTable, `t.id = $1`, [institutionId], true);
  if (!found) throw reject("NOT_FOUND", "INVALID_INSTITUTION", `institutionId ${institutionId} is no childcare institution`, "institutionId");
  return found.record;
}

const premisesValues = (p: Premises): SqlValue[] => [p.usableAreaM2, p.lowestChildFloor, p.highestChildFloor, p.leaseStartsOn, p.leaseEndsOn];

function fileInstitution(tx: SqlClient, command: FileInstitutionCommand, today: string): Promise<ChildcareInstitution> {
  return idempotentCommand(tx, "fileChildcareInstitution", command, institutionTable, async (hash) => {
    rejectIssues(institutionFilingIssues(command, today));
    const region = await tx.query<{ level: string }>(`SELECT level::text AS level FROM region WHERE code = $1`, [command.regionCode]);
    if (region.length === 0) throw reject("NOT_FOUND", "INVALID_REGION", `regionCode ${command.regionCode} is no region`, "regionCode");
    const id = `CI-${randomUUID()}`;
    await tx.query(
      `INSERT INTO childcare_institution (id, name, kind, ownership, legal_form, service_types, region_code, usable_area_m2, lowest_child_floor,
         highest_child_floor, lease_starts_on, lease_ends_on, operator_id, opened_on, idempotency_key, request_hash)
       VALUES ($1, $2, $3::"ChildcareInstitutionKind", $4::"ChildcareOwnership", $5::"ChildcareLegalForm", $6::text[], $7, $8, $9, $10, $11::date, $12::date, $13, $14::date, $15, $16)`,
      [id, command.name, command.kind, command.ownership, command.legalForm, command.serviceTypes, command.regionCode, ...premisesValues(command.premises),
        command.operatorId, command.openedOn, command.idempotencyKey, hash] as SqlValue[],
    );
    await tx.query(
      `INSERT INTO childcare_filing (id, institution_id, kind, submitted_on, attachments) VALUES ($1, $2, 'INITIAL', $3::date, $4::text[])`,
      [`CF-${randomUUID()}`, id, command.submittedOn, command.attachments] as SqlValue[],
    );
    return id;
  });
}

function fileChange(tx: SqlClient, command: FileChangeCommand, today: string): Promise<Filing> {
  return idempotentCommand(tx, "fileChildcareChange", command, filingTable, async (hash) => {
    const institution = await institutionOf(tx, command.institutionId);
    rejectIssues(changeFilingIssues(command, institution, today));
    const id = `CF-${randomUUID()}`;
    await tx.query(
      `INSERT INTO childcare_filing (id, institution_id, kind, submitted_on, attachments, idempotency_key, request_hash)
       VALUES ($1, $2, $3::"ChildcareFilingKind", $4::date, $5::text[], $6, $7)`,
      [id, command.institutionId, command.kind, command.submittedOn, command.attachments, command.idempotencyKey, hash] as SqlValue[],
    );
    const premises = command.premises;
    await tx.query(
      `UPDATE childcare_institution SET name = coalesce($2, name), service_types = coalesce($3::text[], service_types),
         usable_area_m2 = CASE WHEN $4 THEN $5 ELSE usable_area_m2 END, lowest_child_floor = CASE WHEN $4 THEN $6 ELSE lowest_child_floor END,
         highest_child_floor = CASE WHEN $4 THEN $7 ELSE highest_child_floor END, lease_starts_on = CASE WHEN $4 THEN $8::date ELSE lease_starts_on END,
         lease_ends_on = CASE WHEN $4 THEN $9::date ELSE lease_ends_on END, closed_on = coalesce($10::date, closed_on)
       WHERE id = $1`,
      [command.institutionId, command.name, command.serviceTypes, premises !== null, ...(premises ? premisesValues(premises) : [null, null, null, null, null]), command.closedOn] as SqlValue[],
    );
    return id;
  });
}

function decideFiling(tx: SqlClient, command: DecideFilingCommand, today: string): Promise<Filing> {
  return idempotentCommand(tx, "decideChildcareFiling", command, filingTable, async (hash) => {
    const found = await readOne(tx, filingTable, `t.id = $1 AND t.institution_id = $2`, [command.filingId, command.institutionId], true);
    if (!found) throw reject("NOT_FOUND", "INVALID_FILING", `filingId ${command.filingId} is no filing of the institution`, "filingId");
    rejectIssues(filingDecisionIssues(command, found.record, today));
    const recorded = command.outcome === "RECORDED";
    await tx.query(
      `UPDATE childcare_filing SET recorded_on = $2::date, receipt_number = $3, non_compliance_notice_on = $4::date WHERE id = $1`,
      [command.filingId, recorded ? command.decidedOn : null, command.receiptNumber, recorded ? null : command.decidedOn],
    );
    await registerCommand(tx, "decideChildcareFiling", command.idempotencyKey, hash, command.filingId);
    return command.filingId;
  });
}

function reportEnrolment(tx: SqlClient, command: ReportEnrolmentCommand, today: string): Promise<EnrolmentReport> {
  return idempotentCommand(tx, "reportChildcareEnrolment", command, reportTable, async (hash) => {
    const institution = await institutionOf(tx, command.institutionId);
    const classes = await tx.query<Record<string, unknown>>(
      `SELECT id, institution_id AS "institutionId", type::text AS type, places, inclusive_places AS "inclusivePlaces",
              to_char(opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"
       FROM childcare_class WHERE institution_id = $1`,
      [command.institutionId],
    );
    const { issues, agesInMonths } = enrolmentReportIssues(command, { today, institution, classes: classes.map((c) => ChildcareClass.parse(c)) });
    rejectIssues(issues);
    // The month's report replaces the one before it: its rows, not its record.
    await tx.query(`DELETE FROM childcare_enrolment WHERE institution_id = $1 AND month = $2`, [command.institutionId, command.month]);
    const id = `CR-${randomUUID()}`;
    await tx.query(
      `INSERT INTO childcare_enrolment_report (id, institution_id, month, children, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, command.institutionId, command.month, command.children.length, command.idempotencyKey, hash],
    );
    // Each child linked to the registry's person of the ID number, where there is one.
    await tx.query(
      `INSERT INTO childcare_enrolment (id, institution_id, class_id, month, child_id_number, child_person_id, age_months, report_key)
       SELECT 'CE-' || gen_random_uuid(), $1, x.class_id, $2, x.id_number, (SELECT p.id FROM person p WHERE p.id_number = x.id_number LIMIT 1), x.age, $3
       FROM unnest($4::text[], $5::text[], $6::int[]) AS x(id_number, class_id, age)`,
      [command.institutionId, command.month, command.idempotencyKey, command.children.map((c) => c.idNumber), command.children.map((c) => c.classId), agesInMonths] as SqlValue[],
    );
    return id;
  });
}

function recordIncident(tx: SqlClient, command: RecordIncidentCommand, today: string): Promise<SafetyIncident> {
  return idempotentCommand(tx, "recordChildcareIncident", command, incidentTable, async (hash) => {
    const institution = await institutionOf(tx, command.institutionId);
    rejectIssues(incidentIssues(command, institution, today));
    const id = `CX-${randomUUID()}`;
    await tx.query(
      `INSERT INTO childcare_incident (id, institution_id, occurred_on, kind, severity, major, description, idempotency_key, request_hash)
       VALUES ($1, $2, $3::date, $4::"ChildcareIncidentKind", $5::"ChildcareIncidentSeverity", $6, $7, $8, $9)`,
      [id, command.institutionId, command.occurredOn, command.kind, command.severity, command.major, command.description, command.idempotencyKey, hash],
    );
    return id;
  });
}

function recordInspection(tx: SqlClient, command: RecordInspectionCommand, today: string): Promise<Inspection> {
  return idempotentCommand(tx, "recordChildcareInspection", command, inspectionTable, async (hash) => {
    const institution = await institutionOf(tx, command.institutionId);
    rejectIssues(supervisionDateIssues("inspectedOn", command.inspectedOn, institution, today));
    const id = `CN-${randomUUID()}`;
    await tx.query(
      `INSERT INTO childcare_inspection (id, institution_id, inspected_on, inspector, findings, idempotency_key, request_hash)
       VALUES ($1, $2, $3::date, $4, $5::jsonb, $6, $7)`,
      [id, command.institutionId, command.inspectedOn, command.inspector, JSON.stringify(command.findings), command.idempotencyKey, hash],
    );
    return id;
  });
}

function recognise(tx: SqlClient, command: RecogniseInclusiveCommand, today: string): Promise<InclusiveRecognition> {
  return idempotentCommand(tx, "recogniseInclusiveChildcare", command, recognitionTable, async (hash) => {
    const institution = await institutionOf(tx, command.institutionId);
    const standing = await tx.query(`SELECT 1 FROM inclusive_recognition WHERE institution_id = $1 AND withdrawn_on IS NULL`, [command.institutionId]);
    rejectIssues(recognitionIssues(command, institution, standing.length > 0, today));
    const id = `CP-${randomUUID()}`;
    await tx.query(
      `INSERT INTO inclusive_recognition (id, institution_id, basis, recognised_by, recognised_on, fee_list, idempotency_key, request_hash)
       VALUES ($1, $2, $3::"InclusiveBasis", $4, $5::date, $6::jsonb, $7, $8)`,
      [id, command.institutionId, command.basis, command.recognisedBy, command.recognisedOn, JSON.stringify(command.feeList), command.idempotencyKey, hash],
    );
    return id;
  });
}
