// 国家扶助项目目录 — the national programs and their national standards, as data. A local
// program or a provincial top-up is another row of the same shape, never new code.
import { formatIsoDate } from "../common/date.js";
import { AssistanceProgram, NATIONAL_REGION_CODE, RateComponent } from "./entities.js";

type ProgramRow = Omit<AssistanceProgram, "definedBy" | "effectiveTo"> & { effectiveTo?: string | null };

// National programs carry the rule family's name as their code.
const PROGRAM_ROWS: ProgramRow[] = [
  {
    code: "RURAL_REWARD",
    nameZh: "农村部分计划生育家庭奖励扶助",
    nameEn: "Rewards for rural family-planning families",
    rule: "RURAL_REWARD",
    schedule: "ANNUAL",
    parameters: { applicantAge: 60 },
    effectiveFrom: "2004-01-01",
  },
  {
    code: "SPECIAL_ASSISTANCE_DISABILITY",
    nameZh: "计划生育家庭特别扶助（伤残）",
    nameEn: "Special assistance for family-planning families (disabled only child)",
    rule: "SPECIAL_ASSISTANCE_DISABILITY",
    schedule: "ANNUAL",
    parameters: { motherAge: 49, maxDisabilityGrade: 3 },
    effectiveFrom: "2007-01-01",
  },
  {
    code: "SPECIAL_ASSISTANCE_DEATH",
    nameZh: "计划生育家庭特别扶助（死亡）",
    nameEn: "Special assistance for family-planning families (deceased only child)",
    rule: "SPECIAL_ASSISTANCE_DEATH",
    schedule: "ANNUAL",
    parameters: { motherAge: 49 },
    effectiveFrom: "2007-01-01",
  },
  {
    code: "RETIREE_ONE_TIME_REWARD",
    nameZh: "持证退休职工一次性奖励",
    nameEn: "One-time reward for certificate-holding retirees",
    rule: "RETIREE_ONE_TIME_REWARD",
    schedule: "ONE_TIME",
    parameters: {},
    effectiveFrom: "2002-09-01",
  },
  {
    code: "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    nameZh: "独生子女父母年老一次性奖励费",
    nameEn: "One-time old-age reward for parents of an only child",
    rule: "ONLY_CHILD_PARENT_OLD_AGE_REWARD",
    schedule: "ONE_TIME",
    parameters: { applicantAge: 60 },
    effectiveFrom: "2002-09-01",
  },
  {
    code: "ONLY_CHILD_ACCIDENT_GRANT",
    nameZh: "独生子女意外伤残死亡一次性补助",
    nameEn: "One-time grant for an only child's accidental disability or death",
    rule: "ONLY_CHILD_ACCIDENT_GRANT",
    schedule: "ONE_TIME",
    parameters: { maxDisabilityGrade: 3 },
    effectiveFrom: "2002-09-01",
  },
  {
    code: "CHILDCARE_SUBSIDY",
    nameZh: "育儿补贴",
    nameEn: "Childcare subsidy",
    rule: "CHILDCARE_SUBSIDY",
    schedule: "ANNUAL",
    parameters: { childAgeBelow: 3 },
    effectiveFrom: "2025-01-01",
  },
];

/** 国家扶助项目 — the national programs (set under 100000), one per rule family. */
// Parsed so the data is checked by the same schema as any local program.
export const NATIONAL_PROGRAMS: AssistanceProgram[] = AssistanceProgram.array().parse(
  PROGRAM_ROWS.map((row) => ({ ...row, definedBy: NATIONAL_REGION_CODE, effectiveTo: row.effectiveTo ?? null })),
);

// [program, yuan per person per year (per event for one-time programs), from, to]
type RateRow = [code: string, yuan: number, from: string, to: string | null];

/*
 * 国家标准 — the synthetic data set's national standards, set here as data (not quoted from a
 * circular). All are central funding; provinces, cities and counties top them up with rows of
 * their own (regionCode = the region, fundingSource = who pays), which the data generator adds.
 * Whole yuan only, so the fen conversion below is exact.
 */
const RATE_ROWS: RateRow[] = [
  ["RURAL_REWARD", 600, "2004-01-01", "2015-12-31"],
  ["RURAL_REWARD", 720, "2016-01-01", "2023-12-31"],
  ["RURAL_REWARD", 960, "2024-01-01", null],
  ["SPECIAL_ASSISTANCE_DISABILITY", 960, "2007-01-01", "2013-12-31"],
  ["SPECIAL_ASSISTANCE_DISABILITY", 3_240, "2014-01-01", "2015-12-31"],
  ["SPECIAL_ASSISTANCE_DISABILITY", 5_040, "2016-01-01", "2023-12-31"],
  ["SPECIAL_ASSISTANCE_DISABILITY", 5_520, "2024-01-01", null],
  ["SPECIAL_ASSISTANCE_DEATH", 1_200, "2007-01-01", "2013-12-31"],
  ["SPECIAL_ASSISTANCE_DEATH", 4_080, "2014-01-01", "2015-12-31"],
  ["SPECIAL_ASSISTANCE_DEATH", 6_480, "2016-01-01", "2023-12-31"],
  ["SPECIAL_ASSISTANCE_DEATH", 7_080, "2024-01-01", null],
  ["RETIREE_ONE_TIME_REWARD", 3_000, "2002-09-01", null],
  ["ONLY_CHILD_PARENT_OLD_AGE_REWARD", 2_000, "2002-09-01", null],
  ["ONLY_CHILD_ACCIDENT_GRANT", 5_000, "2002-09-01", null],
  ["CHILDCARE_SUBSIDY", 3_600, "2025-01-01", null],
];

/** 国家扶助标准 — national rate components in fen (per person per year; per event for one-time programs). */
export const NATIONAL_RATES: RateComponent[] = RateComponent.array().parse(
  RATE_ROWS.map(([programCode, yuan, effectiveFrom, effectiveTo]) => ({
    programCode,
    regionCode: NATIONAL_REGION_CODE,
    fundingSource: "CENTRAL",
    amountFen: yuan * 100,
    effectiveFrom,
    effectiveTo,
  })),
);

/** True when the program is in force on at least one day of the year. */
export function programEffectiveIn(program: Pick<AssistanceProgram, "effectiveFrom" | "effectiveTo">, year: number): boolean {
  // ISO dates compare as strings; the schema has already checked them.
  return program.effectiveFrom <= formatIsoDate(year, 12, 31) && (program.effectiveTo === null || program.effectiveTo >= formatIsoDate(year, 1, 1));
}

/** The national program of a code, or undefined. */
export function nationalProgram(code: string): AssistanceProgram | undefined {
  return NATIONAL_PROGRAMS.find((p) => p.code === code);
}
