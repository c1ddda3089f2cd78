import { describe, expect, it } from "vitest";
import { AssistanceProgram, EligibilityRule, NATIONAL_REGION_CODE } from "./entities.js";
import { NATIONAL_PROGRAMS, NATIONAL_RATES, nationalProgram, programEffectiveIn } from "./programs.js";

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

  it("raises the rural reward to 960 yuan and the death assistance to 7,080 yuan from 2024", () => {
    const rate = (code: string, on: string) =>
      NATIONAL_RATES.find((r) => r.programCode === code && r.effectiveFrom <= on && (r.effectiveTo === null || r.effectiveTo >= on))?.amountFen;
    expect(rate("RURAL_REWARD", "2023-12-31")).toBe(72_000);
    expect(rate("RURAL_REWARD", "2024-01-01")).toBe(96_000);
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2023-06-30")).toBe(648_000);
    expect(rate("SPECIAL_ASSISTANCE_DEATH", "2024-06-30")).toBe(708_000);
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2023-06-30")).toBe(504_000);
    expect(rate("SPECIAL_ASSISTANCE_DISABILITY", "2024-06-30")).toBe(552_000);
    expect(rate("CHILDCARE_SUBSIDY", "2024-12-31")).toBeUndefined();
    expect(rate("CHILDCARE_SUBSIDY", "2025-01-01")).toBe(360_000);
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
