import { describe, expect, it } from "vitest";
import { AssistanceProgram, EligibilityRule, NATIONAL_REGION_CODE } from "./entities.js";
import { isSyntheticRate, NATIONAL_PROGRAMS, NATIONAL_RATE_ROWS, NATIONAL_RATES, nationalProgram, programEffectiveIn } from "./programs.js";

describe("NATIONAL_PROGRAMS", () => {
  it("has one national program per rule family, coded by the rule", () => {
    expect(NATIONAL_PROGRAMS.map((p) => p.rule).sort()).toEqual([...EligibilityRule.options].sort());
    for (const p of NATIONAL_PROGRAMS) {
      expect(p.code).toBe(p.rule);
      expect(p.definedBy).toBe(NATIONAL_REGION_CODE);
      expect(AssistanceProgram.safeParse(p).success).toBe(true);
    }
  });

  it("sets the rule parameters and schedules of the catalogue", () => {
    expect(nationalProgram("RURAL_REWARD")).toMatchObject({ nameZh: "农村部分计划生育家庭奖励扶助", schedule: "ANNUAL", parameters: { applicantAge: 60 } });
    expect(nationalProgram("SPECIAL_ASSISTANCE_DISABILITY")).toMatchObject({ schedule: "ANNUAL", parameters: { motherAge: 49, maxDisabilityGrade: 3 } });
    expect(nationalProgram("SPECIAL_ASSISTANCE_DEATH")).toMatchObject({ schedule: "ANNUAL", parameters: { motherAge: 49 } });
    expect(nationalProgram("CHILDCARE_SUBSIDY")).toMatchObject({ schedule: "ANNUAL", effectiveFrom: "2025-01-01", parameters: { childAgeBelow: 3 } });
    for (const code of ["RETIREE_ONE_TIME_REWARD", "ONLY_CHILD_PARENT_OLD_AGE_REWARD", "ONLY_CHILD_ACCIDENT_GRANT"]) {
      expect(nationalProgram(code)?.schedule).toBe("ONE_TIME");
    }
    expect(nationalProgram("LOCAL_THING")).toBeUndefined();
  });
});

describe("NATIONAL_RATES", () => {
  it("gives every program a central rate from its start, with no gap or overlap between periods", () => {
    for (const program of NATIONAL_PROGRAMS) {
      const rows = NATIONAL_RATES.filter((r) => r.programCode === program.code).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      expect(rows.length, program.code).toBeGreaterThan(0);
      expect(rows[0]?.effectiveFrom).toBe(program.effectiveFrom);
      expect(rows.at(-1)?.effectiveTo).toBeNull();
      for (let i = 1; i < rows.length; i++) {
        const prevEnd = new Date(`${rows[i - 1]?.effectiveTo}T00:00:00Z`);
        prevEnd.setUTCDate(prevEnd.getUTCDate() + 1);
        expect(rows[i]?.effectiveFrom).toBe(prevEnd.toISOString().slice(0, 10));
      }
      expect(rows.every((r) => r.fundingSource === "CENTRAL" && r.regionCode === NATIONAL_REGION_CODE)).toBe(true);
    }
  });

  const rate = (code: string, on: string) =>
    NATIONAL_RATES.find((r) => r.programCode === code && r.effectiveFrom <= on && (r.effectiveTo === null || r.effectiveTo >= on))?.amountFen;
  const monthly = (yuanPerMonth: number) => yuanPerMonth * 12 * 100;

  it("pins 特别扶助 to the 2022-05-10 notice: 590 and 460 yuan a month from 2022-07-01, 450 and 350 before", () => {
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2022-06-30")).toBe(monthly(450));
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2022-07-01")).toBe(monthly(590));
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2025-12-31")).toBe(monthly(590));
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2022-06-30")).toBe(monthly(350));
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2022-07-01")).toBe(monthly(460));
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2025-12-31")).toBe(monthly(460));
    // 540 and 420 a month match no national figure.
    expect(NATIONAL_RATES.some((r) => r.amountFen === monthly(540) || r.amountFen === monthly(420))).toBe(false);
  });

  it("pins the 2007 start of 特别扶助, the rural reward of 960 yuan a year and the childcare subsidy of 3,600 yuan", () => {
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2007-01-01")).toBe(monthly(100));
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2007-01-01")).toBe(monthly(80));
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2013-12-31")).toBe(monthly(135));
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2013-12-31")).toBe(monthly(110));
    expect(rate("RURAL_REWARD", "2004-01-01")).toBe(60_000);
    for (const on of ["2012-01-01", "2020-06-30", "2023-12-31", "2024-01-01"]) expect(rate("RURAL_REWARD", on), on).toBe(96_000);
    expect(rate("CHILDCARE_SUBSIDY", "2024-12-31")).toBeUndefined();
    expect(rate("CHILDCARE_SUBSIDY", "2025-01-01")).toBe(360_000);
  });

  it("keeps each row's source, and marks as synthetic every row a document does not wholly support", () => {
    expect(NATIONAL_RATE_ROWS).toHaveLength(NATIONAL_RATES.length);
    NATIONAL_RATE_ROWS.forEach((row, i) => {
      expect(row.source.length, `${row.programCode} ${row.effectiveFrom}`).toBeGreaterThan(10);
      expect(NATIONAL_RATES[i]).toMatchObject({ programCode: row.programCode, amountFen: row.yuan * 100, effectiveFrom: row.effectiveFrom, effectiveTo: row.effectiveTo });
      expect(isSyntheticRate(row)).toBe(row.basis !== "DOCUMENTED");
    });
    const documented = NATIONAL_RATE_ROWS.filter((r) => r.basis === "DOCUMENTED").map((r) => [r.programCode, r.yuan, r.effectiveFrom]);
    expect(documented).toEqual([
      ["SPECIAL_ASSISTANCE_DISABILITY", 5_520, "2022-07-01"],
      ["SPECIAL_ASSISTANCE_DEATH", 7_080, "2022-07-01"],
      ["CHILDCARE_SUBSIDY", 3_600, "2025-01-01"],
    ]);
    // No document gives a national figure for the one-time rewards: their rows are synthetic.
    for (const code of ["RETIREE_ONE_TIME_REWARD", "ONLY_CHILD_PARENT_OLD_AGE_REWARD", "ONLY_CHILD_ACCIDENT_GRANT"]) {
      expect(NATIONAL_RATE_ROWS.filter((r) => r.programCode === code).every((r) => r.basis === "SYNTHETIC"), code).toBe(true);
    }
  });
});

describe("programEffectiveIn", () => {
  const window = (effectiveFrom: string, effectiveTo: string | null) => ({ effectiveFrom, effectiveTo });
  it("is true when the program is in force on any day of the year", () => {
    expect(programEffectiveIn(window("2025-01-01", null), 2024)).toBe(false);
    expect(programEffectiveIn(window("2025-01-01", null), 2025)).toBe(true);
    expect(programEffectiveIn(window("2024-12-31", null), 2024)).toBe(true);
    expect(programEffectiveIn(window("2010-01-01", "2020-01-01"), 2020)).toBe(true);
    expect(programEffectiveIn(window("2010-01-01", "2019-12-31"), 2020)).toBe(false);
  });
});
