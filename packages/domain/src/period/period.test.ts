import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { Period, parsePeriod, periodContains, periodKeysOfDate, previousYear, yearOf } from "./period.js";

describe("parsePeriod", () => {
  it("parses a year", () => {
    expect(parsePeriod("2021")).toEqual({
      key: "2021",
      kind: "YEAR",
      year: 2021,
      quarter: null,
      month: null,
      start: "2021-01-01",
      end: "2021-12-31",
    });
  });
  it("parses quarters with their inclusive ends", () => {
    expect(parsePeriod("2021Q1")).toMatchObject({ kind: "QUARTER", quarter: 1, start: "2021-01-01", end: "2021-03-31" });
    expect(parsePeriod("2021Q2")).toMatchObject({ kind: "QUARTER", quarter: 2, start: "2021-04-01", end: "2021-06-30" });
    expect(parsePeriod("2021Q4")).toMatchObject({ start: "2021-10-01", end: "2021-12-31" });
  });
  it("parses months, including February of leap years", () => {
    expect(parsePeriod("2021-05")).toMatchObject({ kind: "MONTH", year: 2021, month: 5, start: "2021-05-01", end: "2021-05-31" });
    expect(parsePeriod("2024-02").end).toBe("2024-02-29");
    expect(parsePeriod("2023-02").end).toBe("2023-02-28");
    expect(parsePeriod("2100-02").end).toBe("2100-02-28");
  });
  it("rejects other forms with INVALID_PERIOD on the period field", () => {
    for (const bad of ["", "21", "2021Q0", "2021Q5", "2021-00", "2021-13", "2021-5", "2021q2", "1899", "3000", "2021-05-01"]) {
      let error: unknown;
      try {
        parsePeriod(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("INVALID_PERIOD");
      expect((error as DomainError).field).toBe("period");
      expect((error as DomainError).message).toContain("2021Q2");
    }
  });
});

describe("Period schema", () => {
  it("accepts the three forms only", () => {
    expect(Period.safeParse("2021").success).toBe(true);
    expect(Period.safeParse("2021Q2").success).toBe(true);
    expect(Period.safeParse("2021-05").success).toBe(true);
    expect(Period.safeParse("2021-W05").success).toBe(false);
  });
});

describe("period helpers", () => {
  it("gives the keys of a date at every grain", () => {
    expect(periodKeysOfDate("2021-05-31")).toEqual(["2021", "2021Q2", "2021-05"]);
    expect(periodKeysOfDate("2021-12-31")).toEqual(["2021", "2021Q4", "2021-12"]);
    expect(periodKeysOfDate("2021-01-01")).toEqual(["2021", "2021Q1", "2021-01"]);
  });
  it("finds the year and the previous year", () => {
    expect(yearOf(parsePeriod("2021Q2"))).toBe("2021");
    expect(previousYear(parsePeriod("2021-05"))).toBe("2020");
    expect(previousYear(parsePeriod("2021"))).toBe("2020");
  });
  it("contains dates within its bounds, inclusive", () => {
    const q2 = parsePeriod("2021Q2");
    expect(periodContains(q2, "2021-04-01")).toBe(true);
    expect(periodContains(q2, "2021-06-30")).toBe(true);
    expect(periodContains(q2, "2021-03-31")).toBe(false);
    expect(periodContains(q2, "2021-07-01")).toBe(false);
  });
});
