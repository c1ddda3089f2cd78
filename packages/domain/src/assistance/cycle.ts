// 年度工作流程 — the annual cycle after eligibility: what each beneficiary is due (资金测算),
// exits from the roster, the target-population summary (目标人群测算), and the checks a payment
// batch must pass before it is written (资金发放).
//
// The month rule: an annual program pays a month when the beneficiary is eligible on its first
// day — eligibleFrom on or before the 1st, and no exit on or before the 1st (an exit on day D
// ends eligibility from D). Each month is priced at the rate in force on its first day, at a
// twelfth of the annual rate per component, rounded down per component (never up: the ledger
// must not pay a fraction of a fen nobody is due).
import { daysInMonth, formatIsoDate, isIsoDate } from "../common/date.js";
import { MAX_LINE_FEN, PaymentFen } from "../common/primitives.js";
import { DomainError } from "../errors.js";
import {
  ExitReason,
  FundingSource,
  type AssistanceProgram,
  type Beneficiary,
  type EligibilityAssessment,
  type PaymentLine,
  type RateComponent,
} from "./entities.js";
import { formatYuan, prorateFen, sumFen } from "./money.js";
import { rateFor, ratesInYear, type RatePeriod } from "./rates.js";

export interface AmountDueOptions {
  /**
   * 育儿补贴 child-months (see childcareMonths / childcareMonthsByChild). A list of months (1–12),
   * one entry per child-month, is priced month by month; a count is priced at the one rate in
   * force over the beneficiary's months and refused when that rate changes within them.
   */
  childcareMonths?: number | readonly number[];
}

export interface AmountDue {
  totalFen: number;
  bySource: Record<FundingSource, number>;
  /** Months (child-months for the childcare subsidy) paid; 0 for a one-time program. */
  months: number;
}

const SOURCES = FundingSource.options;

function emptyBySource(): Record<FundingSource, number> {
  return { CENTRAL: 0, PROVINCIAL: 0, CITY: 0, COUNTY: 0 };
}

// A month's first and last day, formatted once (a fund estimate asks for them for every beneficiary).
const monthDays = new Map<number, [first: string, last: string]>();
function daysOfMonth(year: number, month: number): [string, string] {
  const key = year * 100 + month;
  let days = monthDays.get(key);
  if (!days) monthDays.set(key, (days = [formatIsoDate(year, month, 1), formatIsoDate(year, month, daysInMonth(year, month))]));
  return days;
}
const firstDayOf = (year: number, month: number): string => daysOfMonth(year, month)[0];
const lastDayOf = (year: number, month: number): string => daysOfMonth(year, month)[1];

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function inProgramWindow(program: AssistanceProgram, day: string): boolean {
  return program.effectiveFrom <= day && (program.effectiveTo === null || program.effectiveTo >= day);
}

/** What of a beneficiary decides what they are due: program, region and the two dates. */
export type DueBasis = Pick<Beneficiary, "programCode" | "regionCode" | "eligibleFrom" | "exitedOn">;

function notExitedBy(beneficiary: DueBasis, day: string): boolean {
  return beneficiary.exitedOn === null || beneficiary.exitedOn > day;
}

/** The components in force on a month's first day, from the year's rate periods. */
function componentsOfMonth(periods: RatePeriod[], year: number, month: number): RateComponent[] {
  const day = firstDayOf(year, month);
  return periods.find((p) => p.from <= day && day <= p.to)?.components ?? [];
}

/** A year's share of `annualFen` for `months` months, which may pass 12 for several children. */
function shareOfYear(annualFen: number, months: number): number {
  const wholeYears = Math.floor(months / 12);
  return sumFen([annualFen * wholeYears, prorateFen(annualFen, months % 12)]);
}

/** Sums component amounts per funding source. */
function bySourceOf(amounts: Iterable<[RateComponent, number]>, months: number): AmountDue {
  const bySource = emptyBySource();
  for (const [component, fen] of amounts) bySource[component.fundingSource] = sumFen([bySource[component.fundingSource], fen]);
  return { totalFen: sumFen(SOURCES.map((s) => bySource[s])), bySource, months };
}

/** Prices the months each component was in force, a twelfth of its annual amount a month. */
function priceMonths(monthsByComponent: Map<RateComponent, number>, months: number): AmountDue {
  return bySourceOf([...monthsByComponent].map(([c, count]) => [c, shareOfYear(c.amountFen, count)]), months);
}

function countByComponent(monthList: readonly number[], periods: RatePeriod[], year: number): Map<RateComponent, number> {
  const counts = new Map<RateComponent, number>();
  for (const month of monthList) {
    for (const c of componentsOfMonth(periods, year, month)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

function childcareDue(program: AssistanceProgram, beneficiary: DueBasis, year: number, periods: RatePeriod[], given: number | readonly number[]): AmountDue {
  // A child-month counts while the parent is on the roster: the birth month counts (eligibleFrom
  // is the birth date), a month starting on or after the exit does not.
  const open = (month: number) =>
    lastDayOf(year, month) >= beneficiary.eligibleFrom && notExitedBy(beneficiary, firstDayOf(year, month)) && inProgramWindow(program, lastDayOf(year, month));
  if (typeof given !== "number") {
    given.forEach((m, i) => {
      if (!Number.isInteger(m) || m < 1 || m > 12) throw new DomainError("INVALID_INPUT", `月份应为1–12 — month must be 1–12, got ${m}`, `childcareMonths.${i}`);
    });
    const months = given.filter(open);
    return priceMonths(countByComponent(months, periods, year), months.length);
  }
  if (!Number.isSafeInteger(given) || given < 0) {
    throw new DomainError("INVALID_INPUT", `育儿补贴月数应为非负整数 — childcare months must be a non-negative whole number, got ${given}`, "childcareMonths");
  }
  const sets = new Map<string, RateComponent[]>();
  for (const month of MONTHS.filter(open)) {
    const components = componentsOfMonth(periods, year, month);
    if (components.length > 0) sets.set(components.map((c) => `${c.regionCode}/${c.fundingSource}/${c.amountFen}`).join(","), components);
  }
  if (sets.size > 1) {
    throw new DomainError(
      "INVALID_INPUT",
      "育儿补贴标准年内有变化，请按月份列出子女月数 — the rate changes within the year: pass the child-months as a list of months",
      "childcareMonths",
    );
  }
  const [components = []] = sets.values();
  return priceMonths(new Map(components.map((c) => [c, given])), given);
}

/**
 * 应发金额 — what a beneficiary is due for a year, per funding source. Annual programs follow the
 * month rule above; a one-time program pays its full rate (in force on eligibleFrom) when
 * eligibleFrom falls in the year and before any exit, else nothing. For the childcare subsidy,
 * pass the child-months; without them the beneficiary's own months count (one child).
 */
export function amountDue(
  program: AssistanceProgram,
  beneficiary: DueBasis,
  year: number,
  components: readonly RateComponent[],
  options: AmountDueOptions = {},
): AmountDue {
  if (beneficiary.programCode !== program.code) {
    throw new DomainError("INVALID_INPUT", `扶助对象属于${beneficiary.programCode}，不是${program.code} — the beneficiary is on ${beneficiary.programCode}, not ${program.code}`, "programCode");
  }
  if (program.schedule === "ONE_TIME") {
    const on = beneficiary.eligibleFrom;
    const payable = on.startsWith(`${year}-`) && notExitedBy(beneficiary, on) && inProgramWindow(program, on);
    if (!payable) return { totalFen: 0, bySource: emptyBySource(), months: 0 };
    const rate = rateFor(program.code, beneficiary.regionCode, on, components);
    return bySourceOf(rate.components.map((c) => [c, c.amountFen]), 0);
  }
  const periods = ratesInYear(program.code, beneficiary.regionCode, year, components);
  if (program.rule === "CHILDCARE_SUBSIDY" && options.childcareMonths !== undefined) {
    return childcareDue(program, beneficiary, year, periods, options.childcareMonths);
  }
  const months = MONTHS.filter((m) => {
    const first = firstDayOf(year, m);
    return beneficiary.eligibleFrom <= first && notExitedBy(beneficiary, first) && inProgramWindow(program, first);
  });
  return priceMonths(countByComponent(months, periods, year), months.length);
}

/** One row of the fund estimate: a program's money from one source for one county. */
export interface FundEstimateRow {
  programCode: string;
  /** The beneficiaries' county (first six digits of their hukou region). */
  regionCode: string;
  fundingSource: FundingSource;
  /** Beneficiaries due a non-zero amount from this source. */
  beneficiaries: number;
  amountFen: number;
}

/**
 * 资金测算 — the money each program needs in a year, per county and funding source, summed from
 * amountDue. Beneficiaries of programs not passed in are left out. `childcareMonths` gives the
 * child-months per beneficiary id for the childcare subsidy.
 */
export function estimateFunds(
  programs: readonly AssistanceProgram[],
  beneficiaries: readonly Beneficiary[],
  components: readonly RateComponent[],
  year: number,
  options: { childcareMonths?: ReadonlyMap<string, number | readonly number[]> } = {},
): FundEstimateRow[] {
  return estimateFundsOfGroups(programs, beneficiaries.map((b) => ({ id: b.id, programCode: b.programCode, regionCode: b.regionCode, eligibleFrom: b.eligibleFrom, exitedOn: b.exitedOn, count: 1 })), components, year, options);
}

/**
 * Beneficiaries alike in what decides their due (DueBasis), counted as one: `count` of them.
 * `id` names the group for `childcareMonths` (a childcare beneficiary is a group of one).
 */
export interface DueGroup extends DueBasis {
  id: string;
  count: number;
}

/**
 * 资金测算 over groups of beneficiaries alike: each group priced once by amountDue and counted
 * `count` times, so the rows are those of estimateFunds over the beneficiaries themselves.
 */
export function estimateFundsOfGroups(
  programs: readonly AssistanceProgram[],
  groups: readonly DueGroup[],
  components: readonly RateComponent[],
  year: number,
  options: { childcareMonths?: ReadonlyMap<string, number | readonly number[]> } = {},
): FundEstimateRow[] {
  const byCode = new Map(programs.map((p) => [p.code, p]));
  const rows = new Map<string, FundEstimateRow>();
  for (const group of groups) {
    const program = byCode.get(group.programCode);
    if (!program) continue;
    if (!Number.isSafeInteger(group.count) || group.count < 1) {
      throw new DomainError("INVALID_INPUT", `人数应为正整数 — a group counts a positive whole number of beneficiaries, got ${group.count}`, "count");
    }
    const childcareMonths = options.childcareMonths?.get(group.id);
    const due = amountDue(program, group, year, components, childcareMonths === undefined ? {} : { childcareMonths });
    const regionCode = group.regionCode.slice(0, 6);
    for (const fundingSource of SOURCES) {
      const amount = due.bySource[fundingSource];
      if (amount === 0) continue;
      const key = `${program.code}|${regionCode}|${fundingSource}`;
      const row = rows.get(key) ?? { programCode: program.code, regionCode, fundingSource, beneficiaries: 0, amountFen: 0 };
      row.beneficiaries += group.count;
      row.amountFen = sumFen([row.amountFen, amount * group.count]);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.programCode.localeCompare(b.programCode) || a.regionCode.localeCompare(b.regionCode) || SOURCES.indexOf(a.fundingSource) - SOURCES.indexOf(b.fundingSource),
  );
}

/** 目标人群测算 — per program and year: how many were assessed, eligible, decided, and eligible but not yet decided. */
export interface TargetPopulationSummary {
  programCode: string;
  year: number;
  assessed: number;
  eligible: number;
  decided: number;
  eligibleUndecided: number;
}

export function summariseTargetPopulation(
  assessments: readonly Pick<EligibilityAssessment, "programCode" | "year" | "eligible" | "decided">[],
): TargetPopulationSummary[] {
  const rows = new Map<string, TargetPopulationSummary>();
  for (const a of assessments) {
    const key = `${a.programCode}|${a.year}`;
    const row = rows.get(key) ?? { programCode: a.programCode, year: a.year, assessed: 0, eligible: 0, decided: 0, eligibleUndecided: 0 };
    row.assessed += 1;
    if (a.eligible) row.eligible += 1;
    if (a.decided) row.decided += 1;
    if (a.eligible && !a.decided) row.eligibleUndecided += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.programCode.localeCompare(b.programCode) || a.year - b.year);
}

/** One line of a payment command, before it is written. */
export interface PaymentCommandLine {
  beneficiaryId: string;
  amountFen: number;
}

/** A problem with a payment batch, naming the field (e.g. `lines.3.beneficiaryId`). */
export interface PaymentProblem {
  field: string;
  message: string;
}

/**
 * 发放校验 — every problem with a batch before it is written: lines for someone not on the
 * roster, the same beneficiary twice, amounts that are not whole positive fen, and amounts that
 * with what was already paid exceed what is due. Empty when the batch may be written.
 */
export function checkPaymentBatch(
  lines: readonly PaymentCommandLine[],
  roster: readonly Beneficiary[],
  alreadyPaid: readonly Pick<PaymentLine, "beneficiaryId" | "amountFen">[],
  dueByBeneficiary: ReadonlyMap<string, number>,
): PaymentProblem[] {
  if (lines.length === 0) return [{ field: "lines", message: "发放批次至少需要一条明细 — a batch needs at least one line" }];
  const onRoster = new Set(roster.map((b) => b.id));
  const paid = new Map<string, number>();
  for (const line of alreadyPaid) paid.set(line.beneficiaryId, sumFen([paid.get(line.beneficiaryId) ?? 0, line.amountFen]));
  const firstLine = new Map<string, number>();
  const problems: PaymentProblem[] = [];
  lines.forEach((line, i) => {
    const id = line.beneficiaryId;
    if (!onRoster.has(id)) {
      problems.push({ field: `lines.${i}.beneficiaryId`, message: `${id}不在扶助对象名册中 — ${id} is not on the roster` });
      return;
    }
    const earlier = firstLine.get(id);
    if (earlier !== undefined) {
      problems.push({ field: `lines.${i}.beneficiaryId`, message: `与lines.${earlier}为同一扶助对象 — the same beneficiary as lines.${earlier}` });
      return;
    }
    firstLine.set(id, i);
    if (!PaymentFen.safeParse(line.amountFen).success) {
      problems.push({
        field: `lines.${i}.amountFen`,
        message: `金额应为1至${MAX_LINE_FEN}分的整数 — the amount must be a whole number of fen from 1 to ${MAX_LINE_FEN}, got ${line.amountFen}`,
      });
      return;
    }
    const due = dueByBeneficiary.get(id) ?? 0;
    const left = Math.max(0, due - (paid.get(id) ?? 0));
    if (line.amountFen > left) {
      problems.push({
        field: `lines.${i}.amountFen`,
        message: `${formatYuan(line.amountFen)}超过应发金额（应发${formatYuan(due)}，尚可发放${formatYuan(left)}） — exceeds what is due (${formatYuan(left)} left of ${formatYuan(due)})`,
      });
    }
  });
  return problems;
}

/**
 * 退出 — the beneficiary after an exit on `exitedOn` (not eligible from that day). Refuses an exit
 * before eligibility started and a second exit: the first exit is the record.
 */
export function exitEffect(beneficiary: Beneficiary, exit: { exitedOn: string; reason: ExitReason }): Beneficiary {
  if (beneficiary.exitedOn !== null) {
    throw new DomainError("INVALID_INPUT", `扶助对象已于${beneficiary.exitedOn}退出 — the beneficiary already exited on ${beneficiary.exitedOn}`, "exitedOn");
  }
  if (!isIsoDate(exit.exitedOn)) {
    throw new DomainError("INVALID_DATE", `"${exit.exitedOn}" is not a calendar date in the form YYYY-MM-DD`, "exitedOn");
  }
  if (exit.exitedOn < beneficiary.eligibleFrom) {
    throw new DomainError(
      "INVALID_INPUT",
      `退出日期${exit.exitedOn}早于享受起始日期${beneficiary.eligibleFrom} — exit ${exit.exitedOn} is before eligibility started on ${beneficiary.eligibleFrom}`,
      "exitedOn",
    );
  }
  const reason = ExitReason.safeParse(exit.reason);
  if (!reason.success) throw new DomainError("INVALID_INPUT", `未知的退出原因 — unknown exit reason "${String(exit.reason)}"`, "reason");
  return { ...beneficiary, exitedOn: exit.exitedOn, exitReason: reason.data };
}
