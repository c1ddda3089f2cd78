import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../common/date.js";
import { DomainError } from "../errors.js";
import { Holiday } from "./entities.js";
import { HOLIDAY_DATES, holidayOf, holidayWindows, holidayWindowsIn } from "./holidays.js";

const YEARS = Array.from({ length: 12 }, (_, i) => 2019 + i);

describe("HOLIDAY_DATES", () => {
  it("holds 春节, 中秋 and 重阳 for 2019–2030", () => {
    expect(Object.keys(HOLIDAY_DATES).map(Number)).toEqual(YEARS);
    expect(HOLIDAY_DATES[2019]).toEqual({ SPRING_FESTIVAL: "2019-02-05", MID_AUTUMN: "2019-09-13", DOUBLE_NINTH: "2019-10-07" });
    expect(HOLIDAY_DATES[2024]).toEqual({ SPRING_FESTIVAL: "2024-02-10", MID_AUTUMN: "2024-09-17", DOUBLE_NINTH: "2024-10-11" });
    // New moons within minutes of Beijing midnight, where calendar libraries slip a day.
    expect(HOLIDAY_DATES[2027]?.SPRING_FESTIVAL).toBe("2027-02-06");
    expect(HOLIDAY_DATES[2030]?.SPRING_FESTIVAL).toBe("2030-02-03");
  });

  it("keeps the lunar spacing: 重阳 is 23 or 24 days after 中秋, 春节 353–385 days apart", () => {
    for (const year of YEARS) {
      const d = HOLIDAY_DATES[year]!;
      expect(d.SPRING_FESTIVAL.startsWith(`${year}-`), `${year}`).toBe(true);
      expect([23, 24], `${year}`).toContain(daysBetween(d.MID_AUTUMN, d.DOUBLE_NINTH));
      const next = HOLIDAY_DATES[year + 1];
      // A lunar year is 12 months (353–355 days) or 13 with a leap month (383–385 days).
      if (next) expect([353, 354, 355, 383, 384, 385], `${year}`).toContain(daysBetween(d.SPRING_FESTIVAL, next.SPRING_FESTIVAL));
    }
  });
});

describe("holidayWindows", () => {
  it("春节 from 15 days before to 15 days after; 中秋 and 重阳 from 10 days before to the day", () => {
    expect(holidayWindows(2024)).toEqual([
      { holiday: "SPRING_FESTIVAL", day: "2024-02-10", start: "2024-01-26", end: "2024-02-25" },
      { holiday: "MID_AUTUMN", day: "2024-09-17", start: "2024-09-07", end: "2024-09-17" },
      { holiday: "DOUBLE_NINTH", day: "2024-10-11", start: "2024-10-01", end: "2024-10-11" },
    ]);
  });

  it("windows stay within their year and never overlap", () => {
    for (const year of YEARS) {
      const windows = holidayWindows(year);
      expect(windows.map((w) => w.holiday)).toEqual(Holiday.options);
      expect(windows[0]!.start > `${year}-01-01`).toBe(true);
      expect(windows[2]!.end < `${year}-12-31`).toBe(true);
      for (let i = 1; i < windows.length; i++) expect(windows[i]!.start > windows[i - 1]!.end, `${year}`).toBe(true);
    }
  });

  it("refuses a year outside the table, naming it", () => {
    for (const year of [2018, 2031]) {
      expect(() => holidayWindows(year)).toThrow(DomainError);
      expect(() => holidayWindows(year)).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT", field: "year", message: expect.stringContaining(`${year} 年`) }),
      );
    }
  });
});

describe("holidayOf", () => {
  it("finds the window a date is in, bounds included", () => {
    expect(holidayOf("2024-01-26")).toBe("SPRING_FESTIVAL");
    expect(holidayOf("2024-02-24")).toBe("SPRING_FESTIVAL"); // 元宵
    expect(holidayOf("2024-02-25")).toBe("SPRING_FESTIVAL");
    expect(holidayOf("2024-09-07")).toBe("MID_AUTUMN");
    expect(holidayOf("2024-09-17")).toBe("MID_AUTUMN");
    expect(holidayOf("2024-10-01")).toBe("DOUBLE_NINTH");
    expect(holidayOf("2024-10-11")).toBe("DOUBLE_NINTH");
  });

  it("counts a visit on 中秋 or 重阳 itself and on each of the 10 days before, not the day after nor the 11th day before", () => {
    for (const [holiday, festival] of [["MID_AUTUMN", "2025-10-06"], ["DOUBLE_NINTH", "2025-10-29"]] as const) {
      expect(holidayOf(festival), festival).toBe(holiday);
      expect(holidayOf(addDays(festival, -10)), festival).toBe(holiday);
      expect(holidayOf(addDays(festival, -11)), festival).not.toBe(holiday);
      expect(holidayOf(addDays(festival, 1)), festival).not.toBe(holiday);
    }
  });

  it("is null a day outside a window, and between windows", () => {
    expect(holidayOf("2024-01-25")).toBeNull();
    expect(holidayOf("2024-02-26")).toBeNull();
    expect(holidayOf("2024-09-06")).toBeNull();
    expect(holidayOf("2024-09-18")).toBeNull();
    expect(holidayOf("2024-10-12")).toBeNull();
    expect(holidayOf("2024-06-01")).toBeNull();
  });

  it("is null outside the table's years, and refuses a non-date", () => {
    expect(holidayOf("2018-02-16")).toBeNull();
    expect(holidayOf("2031-01-23")).toBeNull();
    expect(() => holidayOf("2024-02-30")).toThrow(DomainError);
  });
});

describe("holidayWindowsIn", () => {
  it("takes the windows whose day is in the period, even when the window reaches outside it", () => {
    // 春节 2022 is 02-01: its window opens in January, but only Q1 holds the day.
    expect(holidayWindowsIn("2022-02-01", "2022-03-31").map((w) => [w.holiday, w.start])).toEqual([["SPRING_FESTIVAL", "2022-01-17"]]);
    expect(holidayWindowsIn("2022-01-01", "2022-01-31")).toEqual([]);
    expect(holidayWindowsIn("2022-04-01", "2022-06-30")).toEqual([]);
    expect(holidayWindowsIn("2022-07-01", "2022-09-30").map((w) => w.holiday)).toEqual(["MID_AUTUMN"]);
    expect(holidayWindowsIn("2022-10-01", "2022-12-31").map((w) => w.holiday)).toEqual(["DOUBLE_NINTH"]);
  });

  it("spans years, bounds inclusive", () => {
    const windows = holidayWindowsIn("2023-10-23", "2025-01-29");
    expect(windows.map((w) => w.day)).toEqual(["2023-10-23", "2024-02-10", "2024-09-17", "2024-10-11", "2025-01-29"]);
  });

  it("refuses a reversed period, a non-date and a year outside the table", () => {
    expect(() => holidayWindowsIn("2024-12-31", "2024-01-01")).toThrow(expect.objectContaining({ code: "INVALID_INPUT", field: "periodEnd" }));
    expect(() => holidayWindowsIn("2024-1-1", "2024-12-31")).toThrow(expect.objectContaining({ code: "INVALID_DATE", field: "periodStart" }));
    expect(() => holidayWindowsIn("2030-12-01", "2031-01-31")).toThrow(/2031/);
  });
});
