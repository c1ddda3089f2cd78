import { z } from "zod";
import { daysInMonth, formatIsoDate, isIsoDate } from "../common/date.js";
import { DomainError } from "../errors.js";

/** 统计周期类型 — period kind. */
export const PeriodKind = z.enum(["YEAR", "QUARTER", "MONTH"]).describe("统计周期类型（年/季/月） — period kind");
export type PeriodKind = z.infer<typeof PeriodKind>;

export type ParsedPeriod = {
  /** Canonical key: "2021", "2021Q2" or "2021-05". */
  key: string;
  kind: PeriodKind;
  year: number;
  /** 1-4 for QUARTER periods, else null (a month's quarter is not its own component). */
  quarter: number | null;
  /** 1-12 for MONTH periods, else null. */
  month: number | null;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  end: string;
};

const PERIOD_SHAPE = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function invalid(value: string): DomainError {
  return new DomainError(
    "INVALID_PERIOD",
    `"${value}" is not a period: expected a year "2021", a quarter "2021Q2" or a month "2021-05" (years ${MIN_YEAR}-${MAX_YEAR})`,
    "period",
  );
}

/** Parses "2021", "2021Q2" or "2021-05". */
export function parsePeriod(value: string): ParsedPeriod {
  const m = PERIOD_SHAPE.exec(value);
  if (!m) throw invalid(value);
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) throw invalid(value);
  if (m[2] !== undefined) {
    const quarter = Number(m[2]);
    const firstMonth = quarter * 3 - 2;
    const lastMonth = quarter * 3;
    return {
      key: value,
      kind: "QUARTER",
      year,
      quarter,
      month: null,
      start: formatIsoDate(year, firstMonth, 1),
      end: formatIsoDate(year, lastMonth, daysInMonth(year, lastMonth)),
    };
  }
  if (m[3] !== undefined) {
    const month = Number(m[3]);
    return {
      key: value,
      kind: "MONTH",
      year,
      quarter: null,
      month,
      start: formatIsoDate(year, month, 1),
      end: formatIsoDate(year, month, daysInMonth(year, month)),
    };
  }
  return { key: value, kind: "YEAR", year, quarter: null, month: null, start: formatIsoDate(year, 1, 1), end: formatIsoDate(year, 12, 31) };
}

export function isPeriod(value: string): boolean {
  try {
    parsePeriod(value);
    return true;
  } catch {
    return false;
  }
}

/** 统计周期 — "2021" (year), "2021Q2" (quarter) or "2021-05" (month). */
export const Period = z
  .string()
  .refine(isPeriod, { message: 'expected a period: "2021", "2021Q2" or "2021-05"' })
  .brand<"Period">()
  .describe("统计周期（年 2021、季 2021Q2、月 2021-05） — period: year, quarter or month");
export type Period = z.infer<typeof Period>;

/** The year, quarter and month keys a date falls in, for writing rollups at every grain at once. */
export function periodKeysOfDate(date: string): [year: string, quarter: string, month: string] {
  if (!isIsoDate(date)) {
    throw new DomainError("INVALID_DATE", `"${date}" is not a calendar date in the form YYYY-MM-DD`, "date");
  }
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return [year, `${year}Q${Math.ceil(month / 3)}`, date.slice(0, 7)];
}

/** Key of the year containing the period, e.g. "2021Q2" → "2021". */
export function yearOf(period: ParsedPeriod): string {
  return String(period.year);
}

/** Key of the year before the period's year, e.g. for year-start population figures. */
export function previousYear(period: ParsedPeriod): string {
  return String(period.year - 1);
}

/** True when the date lies within the period (bounds inclusive). */
export function periodContains(period: ParsedPeriod, date: string): boolean {
  if (!isIsoDate(date)) {
    throw new DomainError("INVALID_DATE", `"${date}" is not a calendar date in the form YYYY-MM-DD`, "date");
  }
  // Validated ISO dates order lexicographically.
  return date >= period.start && date <= period.end;
}
