import { z } from "zod";
import { DomainError } from "../errors.js";

// All date arithmetic is done on UTC midnight so local time zones and DST never shift a day.
const ISO_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-29, 2021-13-01, 2021-4-1). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE_SHAPE.exec(value);
  if (!m) return false;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when year/month/day name a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toEpochDay(date: string, field: string): number {
  const m = ISO_DATE_SHAPE.exec(date);
  if (!m || !isIsoDate(date)) {
    throw new DomainError("INVALID_DATE", `"${date}" is not a calendar date in the form YYYY-MM-DD`, field);
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

function fromEpochDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Formats year/month/day as YYYY-MM-DD (zero-padded). */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The date `n` days after `date` (negative `n` goes back). */
/** The last day of a month given as YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return formatIsoDate(year, m, daysInMonth(year, m));
}

export function addDays(date: string, n: number): string {
  return fromEpochDay(toEpochDay(date, "date") + Math.trunc(n));
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b, "b") - toEpochDay(a, "a");
}

/** Sort comparator for ISO dates: negative when `a` is earlier. */
export function compareIsoDates(a: string, b: string): number {
  // Validated ISO dates sort lexicographically, but validate so garbage never compares "fine".
  return Math.sign(toEpochDay(a, "a") - toEpochDay(b, "b"));
}

/** 日期 — ISO 8601 calendar date, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: "expected a calendar date in the form YYYY-MM-DD" })
  .describe("日期 — ISO 8601 calendar date (YYYY-MM-DD)");
export type IsoDate = z.infer<typeof IsoDate>;

/**
 * Whole months from `from` to `on` (月龄): a child born on 2024-03-31 is 1 month old on
 * 2024-04-30 (the last day of a shorter month counts as the monthly anniversary). 0 before `from`.
 */
export function fullMonthsBetween(from: string, on: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [oy, om, od] = on.split("-").map(Number) as [number, number, number];
  if (!isIsoDate(from) || !isIsoDate(on)) {
    throw new DomainError("INVALID_DATE", `"${isIsoDate(from) ? on : from}" is not a calendar date in the form YYYY-MM-DD`, isIsoDate(from) ? "on" : "from");
  }
  let months = (oy - fy) * 12 + (om - fm);
  // Not yet the monthly anniversary: the day is earlier, unless `on` is its month's last day.
  if (od < fd && od < daysInMonth(oy, om)) months -= 1;
  return Math.max(0, months);
}
