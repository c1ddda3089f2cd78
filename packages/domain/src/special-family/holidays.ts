// 重大节日 — the three festivals at which special families are visited (春节, 中秋, 重阳), and the
// window around each in which a visit counts as that festival's 走访慰问.
import { z } from "zod";
import { addDays, IsoDate, isIsoDate } from "../common/date.js";
import { DomainError } from "../errors.js";
import { Holiday } from "./entities.js";

/**
 * 节日公历日期 — the Gregorian dates of 春节 (正月初一), 中秋 (八月十五) and 重阳 (九月初九), by year.
 * A table rather than a calculation: a lunar month begins on the day of the new moon in Beijing
 * time, and general-purpose Chinese-calendar code (ICU's included) is a day off when the new moon
 * falls within minutes of midnight (春节 2027 is 02-06, new moon at 23:56; 春节 2030 is 02-03, at 00:08).
 */
export const HOLIDAY_DATES: Readonly<Record<number, Readonly<Record<Holiday, IsoDate>>>> = {
  2019: { SPRING_FESTIVAL: "2019-02-05", MID_AUTUMN: "2019-09-13", DOUBLE_NINTH: "2019-10-07" },
  2020: { SPRING_FESTIVAL: "2020-01-25", MID_AUTUMN: "2020-10-01", DOUBLE_NINTH: "2020-10-25" },
  2021: { SPRING_FESTIVAL: "2021-02-12", MID_AUTUMN: "2021-09-21", DOUBLE_NINTH: "2021-10-14" },
  2022: { SPRING_FESTIVAL: "2022-02-01", MID_AUTUMN: "2022-09-10", DOUBLE_NINTH: "2022-10-04" },
  2023: { SPRING_FESTIVAL: "2023-01-22", MID_AUTUMN: "2023-09-29", DOUBLE_NINTH: "2023-10-23" },
  2024: { SPRING_FESTIVAL: "2024-02-10", MID_AUTUMN: "2024-09-17", DOUBLE_NINTH: "2024-10-11" },
  2025: { SPRING_FESTIVAL: "2025-01-29", MID_AUTUMN: "2025-10-06", DOUBLE_NINTH: "2025-10-29" },
  2026: { SPRING_FESTIVAL: "2026-02-17", MID_AUTUMN: "2026-09-25", DOUBLE_NINTH: "2026-10-18" },
  2027: { SPRING_FESTIVAL: "2027-02-06", MID_AUTUMN: "2027-09-15", DOUBLE_NINTH: "2027-10-08" },
  2028: { SPRING_FESTIVAL: "2028-01-26", MID_AUTUMN: "2028-10-03", DOUBLE_NINTH: "2028-10-26" },
  2029: { SPRING_FESTIVAL: "2029-02-13", MID_AUTUMN: "2029-09-22", DOUBLE_NINTH: "2029-10-16" },
  2030: { SPRING_FESTIVAL: "2030-02-03", MID_AUTUMN: "2030-09-12", DOUBLE_NINTH: "2030-10-05" },
};

const TABLE_YEARS = Object.keys(HOLIDAY_DATES).map(Number);
const FIRST_YEAR = Math.min(...TABLE_YEARS);
const LAST_YEAR = Math.max(...TABLE_YEARS);

/**
 * 慰问窗口 — how many days before and after the festival a visit still counts for it.
 * 春节: 慰问 begins in the last weeks of the old year and goes on until 元宵 (正月十五, the
 * festival + 14 days); the window runs from 15 days before to 15 days after, so all of 元宵 is in.
 * 中秋 and 重阳: visits are made in the days leading up to the festival, so from 10 days before
 * to the day itself; a visit after the festival is a routine one.
 */
export const HOLIDAY_WINDOW_DAYS: Readonly<Record<Holiday, { readonly before: number; readonly after: number }>> = {
  SPRING_FESTIVAL: { before: 15, after: 15 },
  MID_AUTUMN: { before: 10, after: 0 },
  DOUBLE_NINTH: { before: 10, after: 0 },
};

/** 节日慰问窗口 — a festival's day and the dates (inclusive) within which a visit counts for it. */
export const HolidayWindow = z
  .object({
    holiday: Holiday,
    day: IsoDate.describe("节日当天 — the festival's day"),
    start: IsoDate.describe("窗口首日（含） — first day of the window, inclusive"),
    end: IsoDate.describe("窗口末日（含） — last day of the window, inclusive"),
  })
  .describe("节日慰问窗口 — holiday visit window");
export type HolidayWindow = z.infer<typeof HolidayWindow>;

function assertDate(value: string, field: string): void {
  if (!isIsoDate(value)) {
    throw new DomainError("INVALID_DATE", `"${value}" 不是 YYYY-MM-DD 格式的日期 — "${value}" is not a calendar date in the form YYYY-MM-DD`, field);
  }
}

/**
 * The windows of 春节, 中秋 and 重阳 of a year, in calendar order.
 * @throws DomainError INVALID_INPUT (field `year`) for a year the table does not hold.
 */
export function holidayWindows(year: number): HolidayWindow[] {
  const dates = HOLIDAY_DATES[year];
  if (!dates) {
    throw new DomainError(
      "INVALID_INPUT",
      `节日日期表不含 ${year} 年（收录 ${FIRST_YEAR}–${LAST_YEAR} 年） — the holiday table has no dates for ${year} (it covers ${FIRST_YEAR}–${LAST_YEAR})`,
      "year",
    );
  }
  return Holiday.options.map((holiday) => {
    const day = dates[holiday];
    const { before, after } = HOLIDAY_WINDOW_DAYS[holiday];
    return { holiday, day, start: addDays(day, -before), end: addDays(day, after) };
  });
}

/**
 * The festival whose window contains the date, or null (also for a date in a year the table does
 * not hold). Windows never overlap, so there is at most one.
 * @throws DomainError INVALID_DATE for a string that is not a calendar date.
 */
export function holidayOf(date: string): Holiday | null {
  assertDate(date, "date");
  const year = Number(date.slice(0, 4));
  if (HOLIDAY_DATES[year] === undefined) return null;
  // No window crosses New Year (the earliest 春节 window opens in January), so the date's own
  // year holds the only window it can be in.
  return holidayWindows(year).find((w) => w.start <= date && date <= w.end)?.holiday ?? null;
}

/**
 * The windows whose festival day falls within the period (both ends inclusive), in calendar order.
 * A window may reach outside the period (春节 on 1 February opens in January): visits there count.
 * @throws DomainError INVALID_DATE for a bound that is not a date, INVALID_INPUT when the period
 * ends before it starts or touches a year the table does not hold (rather than report "no holiday").
 */
export function holidayWindowsIn(periodStart: string, periodEnd: string): HolidayWindow[] {
  assertDate(periodStart, "periodStart");
  assertDate(periodEnd, "periodEnd");
  if (periodEnd < periodStart) {
    throw new DomainError("INVALID_INPUT", `周期结束日 ${periodEnd} 早于开始日 ${periodStart} — the period ends before it starts`, "periodEnd");
  }
  const windows: HolidayWindow[] = [];
  for (let year = Number(periodStart.slice(0, 4)); year <= Number(periodEnd.slice(0, 4)); year++) {
    windows.push(...holidayWindows(year).filter((w) => periodStart <= w.day && w.day <= periodEnd));
  }
  return windows;
}

/**
 * The days on which a visit can count for the holidays of a period: from the first window's start
 * to the last window's end (a window may begin before the period does), or null when no festival
 * falls in the period. Visits outside it change no coverage measure, so a reader may skip them.
 */
export function holidayVisitSpan(periodStart: string, periodEnd: string): { from: IsoDate; to: IsoDate } | null {
  const windows = holidayWindowsIn(periodStart, periodEnd);
  if (windows.length === 0) return null;
  return {
    from: windows.reduce((first, w) => (w.start < first ? w.start : first), windows[0]!.start),
    to: windows.reduce((last, w) => (w.end > last ? w.end : last), windows[0]!.end),
  };
}
