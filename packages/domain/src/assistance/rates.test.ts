import { describe, expect, it } from "vitest";
import { RateComponent } from "./entities.js";
import { NATIONAL_RATES } from "./programs.js";
import { rateFor, ratesInYear } from "./rates.js";

const component = (regionCode: string, fundingSource: RateComponent["fundingSource"], yuan: number, effectiveFrom: string, effectiveTo: string | null = null, programCode = "RURAL_REWARD") =>
  RateComponent.parse({ programCode, regionCode, fundingSource, amountFen: yuan * 100, effectiveFrom, effectiveTo });

// 江苏 (32) tops up 240 yuan from 2020; 灌南县 (320724) and 东海县 (320722) add their own.
const JIANGSU = component("320000", "PROVINCIAL", 240, "2020-01-01");
const DONGHAI = component("320722", "COUNTY", 120, "2022-07-01");
const GUANNAN = component("320724", "COUNTY", 600, "2020-01-01");
// 广西 (45) is another province: its top-up must never reach 江苏.
const GUANGXI = component("450000", "PROVINCIAL", 360, "2020-01-01");
const COMPONENTS = [...NATIONAL_RATES, JIANGSU, DONGHAI, GUANNAN, GUANGXI];

const VILLAGE = "320722101001";

describe("rateFor", () => {
  it("is the national standard alone where no region tops up", () => {
    const rate = rateFor("RURAL_REWARD", "130102001001", "2024-06-30", COMPONENTS);
    expect(rate.totalFen).toBe(96_000);
    expect(rate.components.map((c) => c.regionCode)).toEqual(["100000"]);
  });

  it("adds the province's top-up for any code below it", () => {
    for (const code of ["320000", "320700", "320724", "320724101", "320724101001"]) {
      expect(rateFor("RURAL_REWARD", code, "2021-03-01", COMPONENTS).totalFen, code).toBe(96_000 + 24_000 + (code.startsWith("320724") ? 60_000 : 0));
    }
  });

  it("adds the county's top-up from its start date, nation first in the listing", () => {
    expect(rateFor("RURAL_REWARD", VILLAGE, "2022-06-30", COMPONENTS).totalFen).toBe(96_000 + 24_000);
    const rate = rateFor("RURAL_REWARD", VILLAGE, "2022-07-01", COMPONENTS);
    expect(rate.totalFen).toBe(96_000 + 24_000 + 12_000);
    expect(rate.components.map((c) => [c.regionCode, c.fundingSource])).toEqual([
      ["100000", "CENTRAL"],
      ["320000", "PROVINCIAL"],
      ["320722", "COUNTY"],
    ]);
  });

  it("follows the national change of 特别扶助 on 2022-07-01", () => {
    expect(rateFor("SPECIAL_ASSISTANCE_DEATH", VILLAGE, "2022-06-30", COMPONENTS).totalFen).toBe(540_000);
    expect(rateFor("SPECIAL_ASSISTANCE_DEATH", VILLAGE, "2022-07-01", COMPONENTS).totalFen).toBe(708_000);
  });

  it("never applies another province's or a sibling county's component, nor another program's", () => {
    const rate = rateFor("RURAL_REWARD", VILLAGE, "2024-01-01", COMPONENTS);
    expect(rate.components).not.toContain(GUANGXI);
    expect(rate.components).not.toContain(GUANNAN);
    expect(rateFor("RURAL_REWARD", "450102", "2024-01-01", COMPONENTS).totalFen).toBe(96_000 + 36_000);
    expect(rateFor("SPECIAL_ASSISTANCE_DEATH", VILLAGE, "2024-01-01", COMPONENTS).totalFen).toBe(708_000);
  });

  it("is zero before any component is in force", () => {
    expect(rateFor("CHILDCARE_SUBSIDY", VILLAGE, "2024-12-31", COMPONENTS)).toEqual({ totalFen: 0, components: [] });
  });

  it("refuses a malformed region code", () => {
    expect(() => rateFor("RURAL_REWARD", "3207", "2024-01-01", COMPONENTS)).toThrow(/region code/);
  });
});

describe("ratesInYear", () => {
  it("is one period for a year without changes", () => {
    expect(ratesInYear("RURAL_REWARD", VILLAGE, 2021, COMPONENTS).map(({ from, to, totalFen }) => ({ from, to, totalFen }))).toEqual([
      { from: "2021-01-01", to: "2021-12-31", totalFen: 120_000 },
    ]);
  });

  it("cuts the year where a component starts or ends", () => {
    const periods = ratesInYear("RURAL_REWARD", VILLAGE, 2022, COMPONENTS);
    expect(periods.map(({ from, to, totalFen }) => ({ from, to, totalFen }))).toEqual([
      { from: "2022-01-01", to: "2022-06-30", totalFen: 120_000 },
      { from: "2022-07-01", to: "2022-12-31", totalFen: 132_000 },
    ]);
    const ending = [...COMPONENTS, component("320700", "CITY", 60, "2022-03-15", "2022-09-30")];
    expect(ratesInYear("RURAL_REWARD", VILLAGE, 2022, ending).map(({ from, to, totalFen }) => [from, to, totalFen])).toEqual([
      ["2022-01-01", "2022-03-14", 120_000],
      ["2022-03-15", "2022-06-30", 126_000],
      ["2022-07-01", "2022-09-30", 138_000],
      ["2022-10-01", "2022-12-31", 132_000],
    ]);
  });

  it("starts a new period on the national change of 2022-07-01 and not on a change in another year", () => {
    expect(ratesInYear("SPECIAL_ASSISTANCE_DEATH", VILLAGE, 2022, COMPONENTS).map((p) => [p.from, p.to, p.totalFen])).toEqual([
      ["2022-01-01", "2022-06-30", 540_000],
      ["2022-07-01", "2022-12-31", 708_000],
    ]);
    expect(ratesInYear("SPECIAL_ASSISTANCE_DEATH", VILLAGE, 2023, COMPONENTS).map((p) => [p.from, p.to, p.totalFen])).toEqual([["2023-01-01", "2023-12-31", 708_000]]);
    expect(ratesInYear("RURAL_REWARD", VILLAGE, 2023, COMPONENTS).map((p) => [p.from, p.to, p.totalFen])).toEqual([["2023-01-01", "2023-12-31", 132_000]]);
  });

  it("covers the whole year, with a zero period before a program's first rate", () => {
    const rates = [component("100000", "CENTRAL", 3_600, "2025-07-01", null, "LOCAL_CHILDCARE")];
    expect(ratesInYear("LOCAL_CHILDCARE", VILLAGE, 2025, rates).map((p) => [p.from, p.to, p.totalFen, p.components.length])).toEqual([
      ["2025-01-01", "2025-06-30", 0, 0],
      ["2025-07-01", "2025-12-31", 360_000, 1],
    ]);
  });

  it("ignores another province's change within the year", () => {
    const rates = [...COMPONENTS, component("450000", "PROVINCIAL", 500, "2024-05-01")];
    expect(ratesInYear("RURAL_REWARD", VILLAGE, 2024, rates)).toHaveLength(1);
  });
});
