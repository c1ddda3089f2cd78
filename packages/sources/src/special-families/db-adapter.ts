// 计生特殊家庭电子档案 from the database: families by region, and everything done for them by
// family, one statement per call however many families; visits and contracts written once per
// idempotency key, a visit's holiday set from its date by the domain's holiday windows.
import {
  ContactPerson,
  contractDateIssues,
  FamilyDoctorContract,
  FamilyService,
  GreenChannel,
  holidayOf,
  MentalHealthService,
  SpecialFamily,
  SpecialFamilyMember,
  type SpecialFamilyMeasures,
  Visit,
  visitDateIssues,
  type Clock,
} from "@popfam/domain";
import { type models, type SqlClient, type SqlValue } from "@popfam/db";
import { randomUUID } from "node:crypto";
import { chinaClock, idempotentCommand, rejectIssues } from "../commands.js";
import { rejectCommand as reject } from "../errors.js";
import type { PortOf } from "../http/contract.js";
import { jsonCounts, ROLLUP_KEYS, rollupKeyParams, stockMeasures, stocksAtPeriodEnd } from "../rollups.js";
import {
  readByIds,
  readListsByKeys,
  readListsWhere,
  regionRangeParams,
  runCommands,
  type Columns,
  type TableSpec,
} from "../table.js";
import type { CoverageKey, FamiliesInRegionKey, RecordVisitCommand, SignContractCommand, specialFamiliesContract } from "./contract.js";

const SYSTEM = "SPECIAL_FAMILIES" as const;

export const specialFamilyTable: TableSpec<SpecialFamily> = {
  system: SYSTEM,
  table: "special_family",
  columns: {
    id: "value", kind: "value", regionCode: "value", registeredOn: "date", closedOn: "date", childDeceasedOn: "date",
    childDisabilityGrade: "value", needs: "value",
  } satisfies Columns<models.SpecialFamilyModel>,
  schema: SpecialFamily,
};

export const memberTable: TableSpec<SpecialFamilyMember> = {
  system: SYSTEM,
  table: "special_family_member",
  columns: {
    id: "value", familyId: "value", personId: "value", idNumber: "value", name: "value", role: "value", birthDate: "date", phone: "value",
  } satisfies Columns<models.SpecialFamilyMemberModel>,
  schema: SpecialFamilyMember,
};

export const contactTable: TableSpec<ContactPerson> = {
  system: SYSTEM,
  table: "contact_person",
  columns: {
    id: "value", familyId: "value", name: "value", phone: "value", role: "value", assignedOn: "date", endedOn: "date",
  } satisfies Columns<models.ContactPersonModel>,
  schema: ContactPerson,
};

export const contractTable: TableSpec<FamilyDoctorContract> = {
  system: SYSTEM,
  table: "family_doctor_contract",
  columns: {
    id: "value", familyId: "value", memberId: "value", doctorName: "value", institution: "value", signedOn: "date", validUntil: "date",
    idempotencyKey: "value", requestHash: "omit",
  } satisfies Columns<models.FamilyDoctorContractModel>,
  schema: FamilyDoctorContract,
};

export const greenChannelTable: TableSpec<GreenChannel> = {
  system: SYSTEM,
  table: "green_channel",
  columns: { id: "value", familyId: "value", institution: "value", since: "date", until: "date" } satisfies Columns<models.GreenChannelModel>,
  schema: GreenChannel,
};

export const mentalHealthTable: TableSpec<MentalHealthService> = {
  system: SYSTEM,
  table: "mental_health_service",
  columns: { id: "value", familyId: "value", provider: "value", startedOn: "date", endedOn: "date" } satisfies Columns<models.MentalHealthServiceModel>,
  schema: MentalHealthService,
};

export const visitTable: TableSpec<Visit> = {
  system: SYSTEM,
  table: "visit",
  columns: {
    id: "value", familyId: "value", visitedOn: "date", visitor: "value", kind: "value", holiday: "value", giftFen: "value", notes: "value",
    idempotencyKey: "value", requestHash: "omit",
  } satisfies Columns<models.VisitModel>,
  schema: Visit,
};

export const serviceTable: TableSpec<FamilyService> = {
  system: SYSTEM,
  table: "family_service",
  columns: { id: "value", familyId: "value", kind: "value", servedOn: "date", amountFen: "value" } satisfies Columns<models.FamilyServiceModel>,
  schema: FamilyService,
};

const BY_ID = `t.id COLLATE "C"`;

export function specialFamiliesFromDatabase(sql: SqlClient, options: { clock?: Clock } = {}): PortOf<typeof specialFamiliesContract> {
  const clock = options.clock ?? chinaClock;
  return {
    familiesByIds: (ids) => readByIds(sql, specialFamilyTable, ids),
    familiesInRegions: (keys: readonly FamiliesInRegionKey[]) =>
      readListsWhere(sql, specialFamilyTable, keys, {
        params: regionRangeParams<FamiliesInRegionKey>((k) => k.regionCode),
        where: `t.region_code >= q.low AND t.region_code < q.high`,
        orderBy: BY_ID,
      }),
    // Mother first (the enum's order), then by id.
    membersByFamilies: (ids) => readListsByKeys(sql, memberTable, "family_id", ids, `t.role, ${BY_ID}`),
    contactsByFamilies: (ids) => readListsByKeys(sql, contactTable, "family_id", ids, `t.assigned_on, ${BY_ID}`),
    contractsByFamilies: (ids) => readListsByKeys(sql, contractTable, "family_id", ids, `t.signed_on, ${BY_ID}`),
    greenChannelsByFamilies: (ids) => readListsByKeys(sql, greenChannelTable, "family_id", ids, `t.since, ${BY_ID}`),
    mentalHealthByFamilies: (ids) => readListsByKeys(sql, mentalHealthTable, "family_id", ids, `t.started_on, ${BY_ID}`),
    visitsByFamilies: (ids) => readListsByKeys(sql, visitTable, "family_id", ids, `t.visited_on, ${BY_ID}`),
    visitsWithin: (keys) =>
      readListsWhere(sql, visitTable, keys, {
        params: [
          { name: "family", type: "text", value: (k) => k.familyId },
          { name: "from_day", type: "date", value: (k) => k.from },
          { name: "to_day", type: "date", value: (k) => k.to },
        ],
        where: `t.family_id = q.family AND t.visited_on >= q.from_day AND t.visited_on <= q.to_day`,
        orderBy: `t.visited_on, ${BY_ID}`,
      }),
    servicesByFamilies: (ids) => readListsByKeys(sql, serviceTable, "family_id", ids, `t.served_on, ${BY_ID}`),
    coverageMeasures: (keys) => readCoverageMeasures(sql, keys),
    recordVisits: (commands) => runCommands(sql, commands, (tx, command) => recordVisit(tx, command, clock())),
    signContracts: (commands) => runCommands(sql, commands, (tx, command) => signContract(tx, command, clock())),
  };
}


function recordVisit(tx: SqlClient, command: RecordVisitCommand, today: string): Promise<Visit> {
  return idempotentCommand(tx, "recordVisit", command, visitTable, (hash) => writeVisit(tx, command, hash, today));
}

async function writeVisit(tx: SqlClient, command: RecordVisitCommand, hash: string, today: string): Promise<string> {
  rejectIssues(visitDateIssues(command, today));
  const family = await tx.query<{ id: string; registered_on: string }>(`SELECT id, registered_on::text FROM special_family WHERE id = $1`, [command.familyId]);
  if (family.length === 0) throw reject("NOT_FOUND", "INVALID_VISIT", `familyId ${command.familyId} is not a special family`, "familyId");
  rejectIssues(visitDateIssues(command, today, { registeredOn: family[0]!.registered_on }));
  // The holiday comes from the date (the domain's windows), never from the visitor.
  const holiday = command.kind === "HOLIDAY" ? holidayOf(command.visitedOn) : null;
  if (command.kind === "HOLIDAY" && holiday === null) {
    throw reject("INVALID_INPUT", "INVALID_VISIT", `visitedOn ${command.visitedOn} is in no holiday window (春节/中秋/重阳)`, "visitedOn");
  }
  const id = `VS-${randomUUID()}`;
  await tx.query(
    `INSERT INTO visit (id, family_id, visited_on, visitor, kind, holiday, gift_fen, notes, idempotency_key, request_hash)
     VALUES ($1, $2, $3::date, $4, $5::"VisitKind", $6::"Holiday", $7, $8, $9, $10)`,
    [id, command.familyId, command.visitedOn, command.visitor, command.kind, holiday, command.giftFen, command.notes, command.idempotencyKey, hash],
  );
  return id;
}

function signContract(tx: SqlClient, command: SignContractCommand, today: string): Promise<FamilyDoctorContract> {
  return idempotentCommand(tx, "signFamilyDoctorContract", command, contractTable, (hash) => writeContract(tx, command, hash, today));
}

async function writeContract(tx: SqlClient, command: SignContractCommand, hash: string, today: string): Promise<string> {
  rejectIssues(contractDateIssues(command, today));
  const members = await tx.query<{ family_id: string; birth_date: string; registered_on: string }>(
    `SELECT m.family_id, m.birth_date::text, f.registered_on::text FROM special_family_member m JOIN special_family f ON f.id = m.family_id WHERE m.id = $1`,
    [command.memberId],
  );
  const member = members[0];
  if (!member) throw reject("NOT_FOUND", "INVALID_CONTRACT", `memberId ${command.memberId} is not a member of a special family`, "memberId");
  if (member.family_id !== command.familyId) {
    throw reject("INVALID_INPUT", "INVALID_CONTRACT", `memberId ${command.memberId} is not a member of the family`, "memberId");
  }
  rejectIssues(contractDateIssues(command, today, { registeredOn: member.registered_on, memberBirthDate: member.birth_date }));
  const id = `DC-${randomUUID()}`;
  await tx.query(
    `INSERT INTO family_doctor_contract (id, family_id, member_id, doctor_name, institution, signed_on, valid_until, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9)`,
    [id, command.familyId, command.memberId, command.doctorName, command.institution, command.signedOn, command.validUntil, command.idempotencyKey, hash],
  );
  return id;
}

/** The period level a holiday-visit count is kept under (see the special-family rollups migration). */
const LEVEL_OF_PERIOD = `CASE length(q.period) WHEN 4 THEN 'YEAR' WHEN 6 THEN 'QUARTER' ELSE 'MONTH' END`;

/**
 * The coverage measures of each region and period in one statement: the families in the archive
 * and those with each arrangement in force at the period's end (stocks), and the holiday visits
 * due and made within the period (counted under its level).
 */
async function readCoverageMeasures(sql: SqlClient, keys: readonly CoverageKey[]): Promise<SpecialFamilyMeasures[]> {
  const rows = await sql.query<{ stocks: Record<string, number> | string; visits: Record<string, number> | string }>(
    `SELECT q.query_index,
       ${stocksAtPeriodEnd("$6::text[]")} AS stocks,
       (SELECT coalesce(json_object_agg(split_part(r.measure, ':', 1), r.value), '{}'::json) FROM region_rollup r
         WHERE r.region_code = q.code AND r.period = q.period
           AND r.measure IN ('SF_HOLIDAY_VISITABLE:' || ${LEVEL_OF_PERIOD}, 'SF_HOLIDAY_VISITED:' || ${LEVEL_OF_PERIOD})) AS visits
     FROM ${ROLLUP_KEYS}
     ORDER BY q.query_index`,
    [...rollupKeyParams(keys), stockMeasures(STOCKS)] as SqlValue[],
  );
  return rows.map((row) => {
    const stocks = jsonCounts(row.stocks), visits = jsonCounts(row.visits);
    const stock = (measure: (typeof STOCKS)[number]) => Number(stocks[measure] ?? 0);
    return {
      families: stock("SF_FAMILIES"),
      withContactPerson: stock("SF_CONTACT"),
      withDoctorContract: stock("SF_DOCTOR"),
      withGreenChannel: stock("SF_GREEN"),
      withMentalHealthService: stock("SF_MENTAL"),
      holidayVisitable: Number(visits.SF_HOLIDAY_VISITABLE ?? 0),
      holidayVisited: Number(visits.SF_HOLIDAY_VISITED ?? 0),
    };
  });
}

const STOCKS = ["SF_FAMILIES", "SF_CONTACT", "SF_DOCTOR", "SF_GREEN", "SF_MENTAL"] as const;
