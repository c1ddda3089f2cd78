import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { SpecialFamilyMeasures } from "../special-family/coverage.js";
import {
  CHILDCARE_INDICATORS,
  INDICATORS,
  INDICATOR_AREAS,
  POPULATION_INDICATOR_CODES,
  SPECIAL_FAMILY_INDICATOR_CODES,
  IndicatorArea,
  IndicatorCode,
  PopulationIndicatorCode,
  SpecialFamilyIndicatorCode,
  Target,
  attainment,
  averagePopulation,
  computeIndicator,
  defineIndicatorArea,
  ratio,
  type PopulationMeasures,
} from "../index.js";

const base: PopulationMeasures = {
  births: 700,
  birthsMale: 364,
  birthsFemale: 336,
  deaths: 650,
  birthsPolicyConforming: 686,
  birthsRegistered: 679,
  keyItemsChecked: 400,
  keyItemsMatched: 380,
  birthsReported: 700,
  birthsReportedInWindow: 644,
  registryResidents: 93_000,
  residentPopulationStart: 99_000,
  residentPopulationEnd: 101_000,
};

const zero: PopulationMeasures = {
  births: 0,
  birthsMale: 0,
  birthsFemale: 0,
  deaths: 0,
  birthsPolicyConforming: 0,
  birthsRegistered: 0,
  keyItemsChecked: 0,
  keyItemsMatched: 0,
  birthsReported: 0,
  birthsReportedInWindow: 0,
  registryResidents: 0,
  residentPopulationStart: null,
  residentPopulationEnd: null,
};

describe("indicator formulas", () => {
  it("natural growth rate: (births - deaths) / average population × 1000", () => {
    const r = INDICATORS.NATURAL_GROWTH_RATE.compute(base);
    expect(r.numerator).toBe(50);
    expect(r.denominator).toBe(100_000);
    expect(r.value).toBeCloseTo(0.5, 10);
  });
  it("natural growth can be negative", () => {
    const r = INDICATORS.NATURAL_GROWTH_RATE.compute({ ...base, births: 500, deaths: 800 });
    expect(r.numerator).toBe(-300);
    expect(r.value).toBeCloseTo(-3, 10);
  });
  it("birth and death rates per thousand of the average population", () => {
    expect(INDICATORS.BIRTH_RATE.compute(base).value).toBeCloseTo(7, 10);
    expect(INDICATORS.DEATH_RATE.compute(base).value).toBeCloseTo(6.5, 10);
  });
  it("uses the year-end population when the start is unknown", () => {
    const r = INDICATORS.BIRTH_RATE.compute({ ...base, residentPopulationStart: null });
    expect(r.denominator).toBe(101_000);
    expect(r.value).toBeCloseTo((700 / 101_000) * 1000, 10);
    expect(averagePopulation(null, null)).toBe(0);
  });
  it("sex ratio at birth: male / female × 100", () => {
    const r = INDICATORS.SEX_RATIO_AT_BIRTH.compute({ ...base, birthsMale: 520, birthsFemale: 480 });
    expect(r.value).toBeCloseTo(108.333333, 5);
    expect(r).toMatchObject({ numerator: 520, denominator: 480 });
  });
  it("work-quality rates in percent", () => {
    expect(INDICATORS.POLICY_CONFORMITY_RATE.compute(base).value).toBeCloseTo(98, 10);
    expect(INDICATORS.BIRTH_REGISTRATION_RATE.compute(base).value).toBeCloseTo(97, 10);
    expect(INDICATORS.REGISTRY_COVERAGE_RATE.compute(base)).toEqual({ value: expect.closeTo(92.0792, 3), numerator: 93_000, denominator: 101_000 });
    expect(INDICATORS.KEY_ITEM_ACCURACY_RATE.compute(base).value).toBeCloseTo(95, 10);
    expect(INDICATORS.BIRTH_REPORT_TIMELINESS_RATE.compute(base).value).toBeCloseTo(92, 10);
  });
  it("returns null, never NaN or Infinity, for zero or unknown denominators", () => {
    for (const code of POPULATION_INDICATOR_CODES) {
      const r = INDICATORS[code].compute(zero);
      expect(r.value, code).toBeNull();
      expect(r.denominator, code).toBe(0);
    }
    // Births but no population figures: still null, numerator kept for explanation.
    const r = INDICATORS.BIRTH_RATE.compute({ ...zero, births: 10 });
    expect(r).toEqual({ value: null, numerator: 10, denominator: 0 });
    expect(INDICATORS.SEX_RATIO_AT_BIRTH.compute({ ...zero, birthsMale: 3 }).value).toBeNull();
  });
});

const families: SpecialFamilyMeasures = {
  families: 200,
  withContactPerson: 200,
  withDoctorContract: 190,
  withGreenChannel: 180,
  withMentalHealthService: 150,
  holidayVisitable: 198,
  holidayVisited: 195,
};

const noFamilies: SpecialFamilyMeasures = {
  families: 0,
  withContactPerson: 0,
  withDoctorContract: 0,
  withGreenChannel: 0,
  withMentalHealthService: 0,
  holidayVisitable: 0,
  holidayVisited: 0,
};

describe("special-family indicators", () => {
  it("families covered / special families × 100", () => {
    expect(INDICATORS.SPECIAL_FAMILY_CONTACT_COVERAGE_RATE.compute(families)).toEqual({ value: 100, numerator: 200, denominator: 200 });
    expect(INDICATORS.SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE.compute(families).value).toBeCloseTo(95, 10);
    expect(INDICATORS.SPECIAL_FAMILY_GREEN_CHANNEL_RATE.compute(families).value).toBeCloseTo(90, 10);
    expect(INDICATORS.SPECIAL_FAMILY_MENTAL_HEALTH_RATE.compute(families).value).toBeCloseTo(75, 10);
  });
  it("holiday visits over the families due a visit, not all families", () => {
    expect(INDICATORS.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE.compute(families)).toEqual({ value: expect.closeTo(98.4848, 3), numerator: 195, denominator: 198 });
  });
  it("returns null on 0 families, and on a period without a festival", () => {
    for (const code of SPECIAL_FAMILY_INDICATOR_CODES) {
      expect(INDICATORS[code].compute(noFamilies), code).toEqual({ value: null, numerator: 0, denominator: 0 });
    }
    expect(INDICATORS.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE.compute({ ...families, holidayVisitable: 0, holidayVisited: 0 }).value).toBeNull();
  });
  it("are higher-is-better percentages from the special-family archive", () => {
    for (const code of SPECIAL_FAMILY_INDICATOR_CODES) {
      expect(INDICATORS[code]).toMatchObject({ area: "SPECIAL_FAMILY", factor: 100, unit: "%", goodDirection: "HIGHER", sourceSystems: ["计生特殊家庭电子档案"] });
    }
    expect(INDICATORS.SPECIAL_FAMILY_CONTACT_COVERAGE_RATE.nameZh).toBe("特殊家庭联系人覆盖率");
    expect(INDICATORS.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE.nameZh).toBe("重大节日走访慰问覆盖率");
  });
});

describe("computeIndicator", () => {
  it("computes each code from the measures of its area", () => {
    const measures = { POPULATION: base, SPECIAL_FAMILY: families };
    expect(computeIndicator("BIRTH_RATE", measures)).toEqual(INDICATORS.BIRTH_RATE.compute(base));
    expect(computeIndicator("SPECIAL_FAMILY_GREEN_CHANNEL_RATE", measures)).toEqual(INDICATORS.SPECIAL_FAMILY_GREEN_CHANNEL_RATE.compute(families));
    expect(computeIndicator("BIRTH_RATE", { POPULATION: base }).value).toBeCloseTo(7, 10);
    expect(computeIndicator("SPECIAL_FAMILY_MENTAL_HEALTH_RATE", { SPECIAL_FAMILY: families }).value).toBeCloseTo(75, 10);
  });
  it("throws, naming what is missing, when the area's measures were not given", () => {
    expect(() => computeIndicator("SPECIAL_FAMILY_CONTACT_COVERAGE_RATE", { POPULATION: base })).toThrow(/SPECIAL_FAMILY measures/);
    expect(() => computeIndicator("DEATH_RATE", { SPECIAL_FAMILY: families })).toThrow(/POPULATION measures/);
  });
  it("types each definition's compute by its area", () => {
    expectTypeOf(INDICATORS.BIRTH_RATE.compute).parameter(0).toEqualTypeOf<PopulationMeasures>();
    expectTypeOf(INDICATORS.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE.compute).parameter(0).toEqualTypeOf<SpecialFamilyMeasures>();
    expectTypeOf(INDICATORS.SPECIAL_FAMILY_HOLIDAY_VISIT_RATE.code).toEqualTypeOf<"SPECIAL_FAMILY_HOLIDAY_VISIT_RATE">();
  });
});

describe("indicator table", () => {
  it("defines every indicator, keyed by its own code, in exactly one area list", () => {
    expect(POPULATION_INDICATOR_CODES).toHaveLength(9);
    expect(SPECIAL_FAMILY_INDICATOR_CODES).toHaveLength(5);
    expect(CHILDCARE_INDICATORS.codes).toHaveLength(11);
    expect(new Set(POPULATION_INDICATOR_CODES)).toEqual(new Set(PopulationIndicatorCode.options));
    expect(new Set(SPECIAL_FAMILY_INDICATOR_CODES)).toEqual(new Set(SpecialFamilyIndicatorCode.options));
    const listed = INDICATOR_AREAS.flatMap((a) => a.codes as readonly string[]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(IndicatorCode.options));
    expect(IndicatorCode.options).toHaveLength(25);
    for (const area of INDICATOR_AREAS) {
      for (const code of area.codes as readonly IndicatorCode[]) {
        const d = INDICATORS[code];
        expect(d.code).toBe(code);
        expect(d.area).toBe(area.area);
        expect(d.nameZh.length).toBeGreaterThan(0);
        expect(d.sourceSystems.length).toBeGreaterThan(0);
      }
    }
  });
  it("uses ‰ for rates per population, % for shares", () => {
    expect(INDICATORS.BIRTH_RATE).toMatchObject({ unit: "‰", factor: 1000 });
    expect(INDICATORS.POLICY_CONFORMITY_RATE).toMatchObject({ unit: "%", factor: 100 });
    expect(INDICATORS.SEX_RATIO_AT_BIRTH).toMatchObject({ unit: "男婴/100女婴", factor: 100, goodDirection: "RANGE" });
  });
});

function target(comparator: Target["comparator"], threshold: number, upperThreshold: number | null = null): Target {
  return Target.parse({
    indicatorCode: "NATURAL_GROWTH_RATE",
    regionCode: "320722",
    year: 2023,
    comparator,
    threshold,
    upperThreshold,
    unit: "‰",
    source: "东海县2023年人口监测与家庭发展工作要点",
  });
}

describe("indicator areas", () => {
  it("list every area once, and the codes and areas' enums follow from the list", () => {
    expect(INDICATOR_AREAS.map((a) => a.area)).toEqual(IndicatorArea.options);
    expect(INDICATOR_AREAS.flatMap((a) => a.codes)).toEqual(IndicatorCode.options);
    for (const area of INDICATOR_AREAS) for (const code of area.codes) expect(INDICATORS[code]).toMatchObject({ code, area: area.area });
  });

  it("an area declares its indicators once: each gets its code and area, in the declared order", () => {
    const area = defineIndicatorArea({
      area: "EXAMPLE",
      nameZh: "示例",
      nameEn: "Example",
      measures: z.object({ covered: z.number(), all: z.number() }),
      order: ["B_RATE", "A_RATE"],
      indicators: {
        A_RATE: { nameZh: "甲", nameEn: "A", numerator: "a", denominator: "b", factor: 100, unit: "%", goodDirection: "HIGHER", sourceSystems: [], compute: (m) => ratio(m.covered, m.all, 100) },
        B_RATE: { nameZh: "乙", nameEn: "B", numerator: "a", denominator: "b", factor: 100, unit: "%", goodDirection: "LOWER", sourceSystems: [], compute: (m) => ratio(m.all - m.covered, m.all, 100) },
      },
    });
    expect(area.codes).toEqual(["B_RATE", "A_RATE"]);
    expect(area.indicators.A_RATE).toMatchObject({ code: "A_RATE", area: "EXAMPLE" });
    expect(area.indicators.B_RATE.compute({ covered: 3, all: 4 }).value).toBe(25);
    expectTypeOf(area.indicators.A_RATE.compute).parameter(0).toEqualTypeOf<{ covered: number; all: number }>();
  });

  it("refuses an order that leaves out or repeats an indicator", () => {
    const indicators = { A: { nameZh: "甲", nameEn: "A", numerator: "a", denominator: "b", factor: 1, unit: "", goodDirection: "HIGHER" as const, sourceSystems: [], compute: () => ratio(0, 0, 1) } };
    expect(() => defineIndicatorArea({ area: "X", nameZh: "", nameEn: "", measures: z.object({}), order: [] as "A"[], indicators })).toThrow(/order must list every indicator once/);
    expect(() => defineIndicatorArea({ area: "X", nameZh: "", nameEn: "", measures: z.object({}), order: ["A", "A"], indicators })).toThrow(/order must list every indicator once/);
  });
});

describe("Target", () => {
  it("requires an upper bound not below the lower for BETWEEN", () => {
    const t = { indicatorCode: "SEX_RATIO_AT_BIRTH", regionCode: "320722", year: 2023, unit: "男婴/100女婴", source: "x" };
    expect(Target.safeParse({ ...t, comparator: "BETWEEN", threshold: 103, upperThreshold: 107 }).success).toBe(true);
    expect(Target.safeParse({ ...t, comparator: "BETWEEN", threshold: 103, upperThreshold: 103 }).success).toBe(true);
    expect(Target.safeParse({ ...t, comparator: "BETWEEN", threshold: 107, upperThreshold: 103 }).success).toBe(false);
    expect(Target.safeParse({ ...t, comparator: "BETWEEN", threshold: 103, upperThreshold: null }).success).toBe(false);
    expect(Target.safeParse({ ...t, comparator: "GTE", threshold: 103, upperThreshold: null }).success).toBe(true);
  });
});

describe("attainment", () => {
  it("is unknown when the value is", () => {
    expect(attainment(null, target("LTE", 5))).toEqual({ attained: null, gap: null });
  });
  it("LTE: at or below the threshold attains", () => {
    expect(attainment(5, target("LTE", 5))).toEqual({ attained: true, gap: 0 });
    expect(attainment(4.5, target("LTE", 5))).toEqual({ attained: true, gap: 0.5 });
    expect(attainment(6, target("LTE", 5))).toEqual({ attained: false, gap: -1 });
  });
  it("LT: the threshold itself does not attain", () => {
    expect(attainment(5, target("LT", 5))).toEqual({ attained: false, gap: 0 });
    expect(attainment(4, target("LT", 5))).toEqual({ attained: true, gap: 1 });
  });
  it("GTE: at or above the threshold attains", () => {
    expect(attainment(97, target("GTE", 97))).toEqual({ attained: true, gap: 0 });
    expect(attainment(98, target("GTE", 97))).toEqual({ attained: true, gap: 1 });
    expect(attainment(95, target("GTE", 97))).toEqual({ attained: false, gap: -2 });
  });
  it("GT: the threshold itself does not attain", () => {
    expect(attainment(90, target("GT", 90))).toEqual({ attained: false, gap: 0 });
    expect(attainment(91, target("GT", 90))).toEqual({ attained: true, gap: 1 });
  });
  it("BETWEEN: distance to the nearest bound, negative outside", () => {
    const t = target("BETWEEN", 103, 107);
    expect(attainment(105, t)).toEqual({ attained: true, gap: 2 });
    expect(attainment(103, t)).toEqual({ attained: true, gap: 0 });
    expect(attainment(107, t)).toEqual({ attained: true, gap: 0 });
    expect(attainment(108.5, t)).toEqual({ attained: false, gap: -1.5 });
    expect(attainment(101, t)).toEqual({ attained: false, gap: -2 });
  });
});
