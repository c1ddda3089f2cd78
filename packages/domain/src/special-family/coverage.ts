// 三个/四个全覆盖 — whether every special family has a contact person, a family-doctor contract,
// the medical green channel and mental-health services, and was visited at every major holiday.
// The counts here are the numerators and denominators of the special-family indicators.
import { z } from "zod";
import type { ContactPerson, FamilyDoctorContract, GreenChannel, MentalHealthService, SpecialFamily, Visit } from "./entities.js";
import { holidayWindowsIn, type HolidayWindow } from "./holidays.js";

/** One family with everything arranged for it (each list holds that family's own records). */
export interface SpecialFamilyRecords {
  family: SpecialFamily;
  contacts: ContactPerson[];
  contracts: FamilyDoctorContract[];
  greenChannels: GreenChannel[];
  mentalHealth: MentalHealthService[];
  visits: Visit[];
}

/** A statistical period's first and last day, inclusive (a `ParsedPeriod` fits). */
export interface CoveragePeriod {
  start: string;
  end: string;
}

const Count = z.number().int().nonnegative();

/**
 * Counts for one region and period. The four arrangements are judged at the period's end, over
 * the families in the archive then; the holiday visit over the families in the archive on a
 * festival day of the period, which is why `holidayVisitable` may differ from `families`.
 */
export const SpecialFamilyMeasures = z
  .object({
    families: Count.describe("期末在档特殊家庭数 — special families in the archive at the period's end"),
    withContactPerson: Count.describe("期末有联系人的家庭数 — of those, families with an active contact person"),
    withDoctorContract: Count.describe("期末有有效家庭医生签约的家庭数 — of those, families with a family-doctor contract in force"),
    withGreenChannel: Count.describe("期末有就医绿色通道的家庭数 — of those, families with an open medical green channel"),
    withMentalHealthService: Count.describe("期末有心理健康服务的家庭数 — of those, families with an ongoing mental-health service"),
    holidayVisitable: Count.describe(
      "周期内至少一个重大节日当天在档的家庭数 — families in the archive on the day of at least one major holiday of the period",
    ),
    holidayVisited: Count.describe(
      "其中每个在档节日均在慰问窗口内走访的家庭数 — of those, families visited within the window of every such holiday",
    ),
  })
  .describe("计生特殊家庭计数 — special-family measures of a region and period");
export type SpecialFamilyMeasures = z.infer<typeof SpecialFamilyMeasures>;

/** 覆盖缺口 — something a family lacks for the period: an item of follow-up work. */
export const CoverageGap = z
  .enum(["CONTACT_PERSON", "DOCTOR_CONTRACT", "GREEN_CHANNEL", "MENTAL_HEALTH_SERVICE", "HOLIDAY_VISIT"])
  .describe("覆盖缺口（联系人/家庭医生签约/绿色通道/心理健康服务/节日走访） — coverage gap");
export type CoverageGap = z.infer<typeof CoverageGap>;

// Records carry schema-checked ISO dates, which compare correctly as strings.

/**
 * 在岗/有效 — an arrangement (contact person, doctor contract, green channel, mental-health
 * service) is in force on `date` from its first day through its last day, both inclusive: its end
 * date (endedOn, validUntil, until) is the last day it counts. The one definition for all four.
 */
export function arrangementInForceOn(from: string, lastDay: string | null, date: string): boolean {
  return from <= date && (lastDay === null || date <= lastDay);
}

/** 在档 — archived on or before the date and not closed by it (closedOn is the first day out of the archive). */
function inArchiveOn(family: SpecialFamily, date: string): boolean {
  return family.registeredOn <= date && (family.closedOn === null || family.closedOn > date);
}

type ArrangementMeasure = "withContactPerson" | "withDoctorContract" | "withGreenChannel" | "withMentalHealthService";

/** The four arrangements, each judged at one date (the period's end). */
const ARRANGEMENTS: readonly { gap: CoverageGap; measure: ArrangementMeasure; coveredOn(r: SpecialFamilyRecords, date: string): boolean }[] = [
  { gap: "CONTACT_PERSON", measure: "withContactPerson", coveredOn: (r, d) => r.contacts.some((c) => arrangementInForceOn(c.assignedOn, c.endedOn, d)) },
  // A contract of any member.
  { gap: "DOCTOR_CONTRACT", measure: "withDoctorContract", coveredOn: (r, d) => r.contracts.some((c) => arrangementInForceOn(c.signedOn, c.validUntil, d)) },
  { gap: "GREEN_CHANNEL", measure: "withGreenChannel", coveredOn: (r, d) => r.greenChannels.some((g) => arrangementInForceOn(g.since, g.until, d)) },
  {
    gap: "MENTAL_HEALTH_SERVICE",
    measure: "withMentalHealthService",
    coveredOn: (r, d) => r.mentalHealth.some((s) => arrangementInForceOn(s.startedOn, s.endedOn, d)),
  },
];

/**
 * The festivals a family is due a visit for (those on whose day it is in the archive) and whether
 * each got one. Any visit dated within the window counts, whatever its kind: the date decides,
 * as it does for a visit's `holiday`.
 */
function holidayVisitStatus(r: SpecialFamilyRecords, windows: readonly HolidayWindow[]): "NOT_DUE" | "VISITED" | "MISSED" {
  const due = windows.filter((w) => inArchiveOn(r.family, w.day));
  if (due.length === 0) return "NOT_DUE";
  const visited = due.every((w) => r.visits.some((v) => w.start <= v.visitedOn && v.visitedOn <= w.end));
  return visited ? "VISITED" : "MISSED";
}

/**
 * The counts behind the special-family indicators for a period:
 * - `families`: archived on or before the period's end and not closed by then (closedOn null or
 *   after the end).
 * - `withContactPerson` / `withDoctorContract` / `withGreenChannel` / `withMentalHealthService`:
 *   of those, families with one in force at the period's end, every arrangement through its last
 *   day inclusive (assignedOn/signedOn/since/startedOn ≤ end; endedOn/validUntil/until null or on
 *   or after the end); a doctor contract of any member counts.
 * - `holidayVisitable`: families in the archive on the day of at least one festival of the period
 *   (`holidayWindowsIn`); `holidayVisited`: of those, families visited within the window of every
 *   festival on whose day they were in the archive. A period without a festival gives 0 / 0.
 * @throws DomainError when the period is not two ordered dates within the holiday table's years.
 */
export function specialFamilyMeasures(records: readonly SpecialFamilyRecords[], period: CoveragePeriod): SpecialFamilyMeasures {
  const windows = holidayWindowsIn(period.start, period.end);
  const m: SpecialFamilyMeasures = {
    families: 0,
    withContactPerson: 0,
    withDoctorContract: 0,
    withGreenChannel: 0,
    withMentalHealthService: 0,
    holidayVisitable: 0,
    holidayVisited: 0,
  };
  for (const r of records) {
    if (inArchiveOn(r.family, period.end)) {
      m.families++;
      for (const a of ARRANGEMENTS) if (a.coveredOn(r, period.end)) m[a.measure]++;
    }
    const visits = holidayVisitStatus(r, windows);
    if (visits !== "NOT_DUE") m.holidayVisitable++;
    if (visits === "VISITED") m.holidayVisited++;
  }
  return m;
}

/**
 * What a family lacks for the period, by the definitions of `specialFamilyMeasures`: an
 * arrangement gap only when it is in the archive at the period's end, HOLIDAY_VISIT only when it
 * was due a visit and missed one. Summed over families, each gap is its denominator minus its
 * numerator. In the order of `CoverageGap`.
 */
export function coverageGaps(record: SpecialFamilyRecords, period: CoveragePeriod): CoverageGap[] {
  const windows = holidayWindowsIn(period.start, period.end);
  const gaps = inArchiveOn(record.family, period.end) ? ARRANGEMENTS.filter((a) => !a.coveredOn(record, period.end)).map((a) => a.gap) : [];
  if (holidayVisitStatus(record, windows) === "MISSED") gaps.push("HOLIDAY_VISIT");
  return gaps;
}
