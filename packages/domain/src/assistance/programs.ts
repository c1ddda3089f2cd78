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

/**
 * 依据核实程度 — how far a national rate row rests on a document (see the project's domain-facts
 * compilation, §6 and §1.8):
 * - DOCUMENTED: amount and dates as an official text states them (quoted by a reprint or a
 *   state-media item).
 * - PARTLY_DOCUMENTED: the amount is attested (by a provincial copy or a news item, or as the
 *   figure a documented change replaced), but its dates or its national text are not.
 * - SYNTHETIC: no document found; a figure of the synthetic data set only.
 */
export type RateBasis = "DOCUMENTED" | "PARTLY_DOCUMENTED" | "SYNTHETIC";

/** 国家标准（数据行） — one national rate row with where it comes from. */
export interface NationalRateRow {
  programCode: string;
  /** Yuan per person per year (per event for one-time programs); whole yuan, so the fen are exact. */
  yuan: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  basis: RateBasis;
  /** The document (or the absence of one) behind the amount and the dates. */
  source: string;
}

const SPECIAL_2022 =
  "财政部 国家卫生健康委 2022-05-10 通知（央视 text reprinted）: 特别扶助 from 2022-07-01 独生子女死亡 450 → 590, 伤残 350 → 460 yuan/person/month";
const SPECIAL_2007 = "特别扶助 started 2007 at 伤残 80, 死亡 100 yuan/month (河北 provincial copy)";
const SPECIAL_RISE = "raised to 伤残 110, 死亡 135 yuan/month (\"不低于\"; 河北 provincial copy); the national date is not attested, 2012-01-01 is assumed";
const SPECIAL_2014 = "2014 urban rates (国卫家庭发〔2013〕41号: 城镇 死亡 340, 伤残 270 yuan/month) not found in any text at hand; rural rates not modelled";
const SPECIAL_BEFORE_2022 = "the figure the 2022-05-10 notice replaced; when it began is not attested (2016-01-01 is assumed)";
const RURAL_NOTICE = "关于调整全国农村部分计划生育家庭奖励扶助和计划生育家庭特别扶助标准的通知 (title seen; number and date not verified)";

/*
 * 国家标准 — the national standards as data rows, each with its source. What a document supports
 * is marked so; the rest is the synthetic data set's own figure and flagged synthetic where it is
 * stored. All are central funding; provinces, cities and counties top them up with rows of their
 * own (regionCode = the region, fundingSource = who pays), which the data generator adds.
 */
export const NATIONAL_RATE_ROWS: readonly NationalRateRow[] = [
  { programCode: "RURAL_REWARD", yuan: 600, effectiveFrom: "2004-01-01", effectiveTo: "2008-12-31", basis: "PARTLY_DOCUMENTED",
    source: "农村部分计划生育家庭奖励扶助 at its 2004 start: 600 yuan/person/year; the national text was not at hand; the end date is assumed" },
  { programCode: "RURAL_REWARD", yuan: 720, effectiveFrom: "2009-01-01", effectiveTo: "2011-12-31", basis: "PARTLY_DOCUMENTED",
    source: `720 yuan/year is the figure a 2012 天津 item raises to 960; its start date is assumed. ${RURAL_NOTICE}` },
  { programCode: "RURAL_REWARD", yuan: 960, effectiveFrom: "2012-01-01", effectiveTo: null, basis: "PARTLY_DOCUMENTED",
    source: `960 yuan/year (80/month) from 2012 per a 天津 news item; the national date is not verified. ${RURAL_NOTICE}` },
  { programCode: "SPECIAL_ASSISTANCE_DISABILITY", yuan: 80 * 12, effectiveFrom: "2007-01-01", effectiveTo: "2011-12-31", basis: "PARTLY_DOCUMENTED", source: SPECIAL_2007 },
  { programCode: "SPECIAL_ASSISTANCE_DISABILITY", yuan: 110 * 12, effectiveFrom: "2012-01-01", effectiveTo: "2013-12-31", basis: "PARTLY_DOCUMENTED", source: SPECIAL_RISE },
  { programCode: "SPECIAL_ASSISTANCE_DISABILITY", yuan: 270 * 12, effectiveFrom: "2014-01-01", effectiveTo: "2015-12-31", basis: "SYNTHETIC", source: SPECIAL_2014 },
  { programCode: "SPECIAL_ASSISTANCE_DISABILITY", yuan: 350 * 12, effectiveFrom: "2016-01-01", effectiveTo: "2022-06-30", basis: "PARTLY_DOCUMENTED", source: `伤残 350 yuan/month: ${SPECIAL_BEFORE_2022}` },
  { programCode: "SPECIAL_ASSISTANCE_DISABILITY", yuan: 460 * 12, effectiveFrom: "2022-07-01", effectiveTo: null, basis: "DOCUMENTED", source: SPECIAL_2022 },
  { programCode: "SPECIAL_ASSISTANCE_DEATH", yuan: 100 * 12, effectiveFrom: "2007-01-01", effectiveTo: "2011-12-31", basis: "PARTLY_DOCUMENTED", source: SPECIAL_2007 },
  { programCode: "SPECIAL_ASSISTANCE_DEATH", yuan: 135 * 12, effectiveFrom: "2012-01-01", effectiveTo: "2013-12-31", basis: "PARTLY_DOCUMENTED", source: SPECIAL_RISE },
  { programCode: "SPECIAL_ASSISTANCE_DEATH", yuan: 340 * 12, effectiveFrom: "2014-01-01", effectiveTo: "2015-12-31", basis: "SYNTHETIC", source: SPECIAL_2014 },
  { programCode: "SPECIAL_ASSISTANCE_DEATH", yuan: 450 * 12, effectiveFrom: "2016-01-01", effectiveTo: "2022-06-30", basis: "PARTLY_DOCUMENTED", source: `独生子女死亡 450 yuan/month: ${SPECIAL_BEFORE_2022}` },
  { programCode: "SPECIAL_ASSISTANCE_DEATH", yuan: 590 * 12, effectiveFrom: "2022-07-01", effectiveTo: null, basis: "DOCUMENTED", source: SPECIAL_2022 },
  { programCode: "RETIREE_ONE_TIME_REWARD", yuan: 3_000, effectiveFrom: "2002-09-01", effectiveTo: null, basis: "SYNTHETIC", source: "no national figure found; set locally in practice" },
  { programCode: "ONLY_CHILD_PARENT_OLD_AGE_REWARD", yuan: 2_000, effectiveFrom: "2002-09-01", effectiveTo: null, basis: "SYNTHETIC", source: "no national figure found; set locally in practice" },
  { programCode: "ONLY_CHILD_ACCIDENT_GRANT", yuan: 5_000, effectiveFrom: "2002-09-01", effectiveTo: null, basis: "SYNTHETIC", source: "no national figure found; set locally in practice" },
  { programCode: "CHILDCARE_SUBSIDY", yuan: 3_600, effectiveFrom: "2025-01-01", effectiveTo: null, basis: "DOCUMENTED",
    source: "中办 国办《育儿补贴制度实施方案》2025-07: 3,600 yuan per child per year (国家基础标准) for children under 3, from 2025-01-01" },
];

/** Whether a national rate row is the synthetic data set's own (not wholly supported by a document). */
export const isSyntheticRate = (row: Pick<NationalRateRow, "basis">): boolean => row.basis !== "DOCUMENTED";

/** 国家扶助标准 — national rate components in fen (per person per year; per event for one-time programs). */
export const NATIONAL_RATES: RateComponent[] = RateComponent.array().parse(
  NATIONAL_RATE_ROWS.map(({ programCode, yuan, effectiveFrom, effectiveTo }) => ({
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
