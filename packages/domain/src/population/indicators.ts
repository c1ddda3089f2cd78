// 人口监测指标 — the population indicators, computed from the counts the rollups keep.
import { z } from "zod";
import { defineIndicatorArea, ratio } from "../indicator/definition.js";

const Count = z.number().int().nonnegative();

/**
 * Counts for one region and period, as kept in the rollups. Every indicator is computed from
 * these, so a value can always be explained by its numerator and denominator.
 */
export const PopulationMeasures = z
  .object({
    births: Count.describe("出生数 — births"),
    birthsMale: Count.describe("男婴数 — male births"),
    birthsFemale: Count.describe("女婴数 — female births"),
    deaths: Count.describe("死亡数 — deaths"),
    birthsPolicyConforming: Count.describe("符合政策出生数（含再生育审批） — births conforming to the policy (incl. approved)"),
    birthsRegistered: Count.describe("已生育登记的出生数 — births with a registration"),
    keyItemsChecked: Count.describe("主要数据项已比对的记录数 — records whose key items were checked"),
    keyItemsMatched: Count.describe("主要数据项一致的记录数 — records whose key items match"),
    birthsReported: Count.describe("已上报出生数 — births reported"),
    birthsReportedInWindow: Count.describe("在时限内上报的出生数 — births reported within the window"),
    registryResidents: Count.describe("全员人口库常住人口记录数 — resident records in the registry"),
    residentPopulationStart: Count.nullable().describe("期初常住人口（上年末），未知为空 — resident population at the start (previous year-end); null when unknown"),
    residentPopulationEnd: Count.nullable().describe("期末常住人口（本年末），未知为空 — resident population at the end (year-end); null when unknown"),
  })
  .describe("人口监测计数 — population measures of a region and period");
export type PopulationMeasures = z.infer<typeof PopulationMeasures>;

/**
 * 年平均人口 — (start + end) / 2. When the start is unknown (e.g. the first year of data) the
 * end stands in for it; when both are unknown the average is 0, which yields a null value.
 */
export function averagePopulation(start: number | null, end: number | null): number {
  if (end === null) return start ?? 0;
  if (start === null) return end;
  return (start + end) / 2;
}

const REGISTRY = "全员人口信息系统";
const BIRTH_CHANNELS = ["出生医学证明", "预防接种", "公安户籍"];
const BIRTH_REGISTRATION = "生育登记/再生育审批";
const STATISTICS = "统计部门常住人口 — official resident population";

const avg = (m: PopulationMeasures) => averagePopulation(m.residentPopulationStart, m.residentPopulationEnd);
// For a quarter or a month the rate is that period's events over the year's average population:
// a share of the annual rate, not annualised (the work plans set annual targets only).
const AVG_DENOMINATOR =
  "年平均常住人口（(上年末+本年末)/2；季度、月度指标不折算为年率） — average resident population ((last year-end + this year-end) / 2; quarter and month values are not annualised)";

export const POPULATION_INDICATORS = defineIndicatorArea({
  area: "POPULATION",
  nameZh: "人口监测",
  nameEn: "Population monitoring",
  measures: PopulationMeasures,
  // Display order: demography first, then work quality (conformity, registration, data).
  order: [
    "BIRTH_RATE",
    "DEATH_RATE",
    "NATURAL_GROWTH_RATE",
    "SEX_RATIO_AT_BIRTH",
    "POLICY_CONFORMITY_RATE",
    "BIRTH_REGISTRATION_RATE",
    "REGISTRY_COVERAGE_RATE",
    "KEY_ITEM_ACCURACY_RATE",
    "BIRTH_REPORT_TIMELINESS_RATE",
  ],
  indicators: {

  NATURAL_GROWTH_RATE: {
    nameZh: "人口自然增长率",
    nameEn: "Natural growth rate",
    numerator: "出生人数 − 死亡人数 — births minus deaths",
    denominator: AVG_DENOMINATOR,
    factor: 1000,
    unit: "‰",
    // Targets cap growth (e.g. ≤ 5‰); the comparator on the target carries the exact rule.
    goodDirection: "LOWER",
    sourceSystems: [REGISTRY, ...BIRTH_CHANNELS, STATISTICS],
    compute: (m) => ratio(m.births - m.deaths, avg(m), 1000),
  },
  BIRTH_RATE: {
    nameZh: "出生率",
    nameEn: "Crude birth rate",
    numerator: "出生人数 — births",
    denominator: AVG_DENOMINATOR,
    factor: 1000,
    unit: "‰",
    goodDirection: "RANGE",
    sourceSystems: [...BIRTH_CHANNELS, STATISTICS],
    compute: (m) => ratio(m.births, avg(m), 1000),
  },
  DEATH_RATE: {
    nameZh: "死亡率",
    nameEn: "Crude death rate",
    numerator: "死亡人数 — deaths",
    denominator: AVG_DENOMINATOR,
    factor: 1000,
    unit: "‰",
    goodDirection: "LOWER",
    sourceSystems: [REGISTRY, STATISTICS],
    compute: (m) => ratio(m.deaths, avg(m), 1000),
  },
  SEX_RATIO_AT_BIRTH: {
    nameZh: "出生人口性别比",
    nameEn: "Sex ratio at birth",
    numerator: "男婴出生数 — male births",
    denominator: "女婴出生数 — female births",
    factor: 100,
    unit: "男婴/100女婴",
    // The normal range is 103-107 boys per 100 girls.
    goodDirection: "RANGE",
    sourceSystems: BIRTH_CHANNELS,
    compute: (m) => ratio(m.birthsMale, m.birthsFemale, 100),
  },
  POLICY_CONFORMITY_RATE: {
    nameZh: "出生人口政策符合率",
    nameEn: "Birth policy conformity rate",
    numerator: "符合出生时政策（或经再生育审批）的出生数 — births conforming to the policy in force at birth, or approved",
    denominator: "出生人数 — births",
    factor: 100,
    unit: "%",
    goodDirection: "HIGHER",
    sourceSystems: [...BIRTH_CHANNELS, BIRTH_REGISTRATION],
    compute: (m) => ratio(m.birthsPolicyConforming, m.births, 100),
  },
  BIRTH_REGISTRATION_RATE: {
    nameZh: "生育登记率",
    nameEn: "Birth registration rate",
    numerator: "已办理生育登记的出生数 — births with a birth registration",
    denominator: "出生人数 — births",
    factor: 100,
    unit: "%",
    goodDirection: "HIGHER",
    sourceSystems: [...BIRTH_CHANNELS, BIRTH_REGISTRATION],
    compute: (m) => ratio(m.birthsRegistered, m.births, 100),
  },
  REGISTRY_COVERAGE_RATE: {
    nameZh: "全员人口库常住人口覆盖率",
    nameEn: "Population registry coverage of residents",
    numerator: "全员人口库常住人口记录数 — resident records in the population registry",
    denominator: "期末常住人口 — year-end resident population",
    factor: 100,
    unit: "%",
    goodDirection: "HIGHER",
    sourceSystems: [REGISTRY, STATISTICS],
    compute: (m) => ratio(m.registryResidents, m.residentPopulationEnd ?? 0, 100),
  },
  KEY_ITEM_ACCURACY_RATE: {
    nameZh: "主要数据项准确率",
    nameEn: "Key data item accuracy rate",
    numerator: "主要数据项与权威渠道一致的记录数 — records whose key items match the authoritative channel",
    denominator: "已比对记录数 — records checked",
    factor: 100,
    unit: "%",
    goodDirection: "HIGHER",
    sourceSystems: [REGISTRY, ...BIRTH_CHANNELS],
    compute: (m) => ratio(m.keyItemsMatched, m.keyItemsChecked, 100),
  },
  BIRTH_REPORT_TIMELINESS_RATE: {
    nameZh: "出生信息上报及时率",
    nameEn: "Birth report timeliness rate",
    numerator: "时限内上报的出生数 — births reported within the window",
    denominator: "已上报出生数 — births reported",
    factor: 100,
    unit: "%",
    goodDirection: "HIGHER",
    sourceSystems: BIRTH_CHANNELS,
    compute: (m) => ratio(m.birthsReportedInWindow, m.birthsReported, 100),
  },
  },
});

/** 人口监测指标代码 — indicators computed from the population measures. */
export const PopulationIndicatorCode = z.enum(POPULATION_INDICATORS.codes).describe("人口监测指标代码 — population indicator code");
export type PopulationIndicatorCode = z.infer<typeof PopulationIndicatorCode>;

/** The population indicators, in display order. */
export const POPULATION_INDICATOR_CODES = POPULATION_INDICATORS.codes;
