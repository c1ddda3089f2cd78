import { z } from "zod";
import { RegionCode } from "../region/region.js";
import type { SpecialFamilyMeasures } from "../special-family/coverage.js";

/** 人口监测指标代码 — indicators computed from the population measures. */
export const PopulationIndicatorCode = z
  .enum([
    "NATURAL_GROWTH_RATE",
    "BIRTH_RATE",
    "DEATH_RATE",
    "SEX_RATIO_AT_BIRTH",
    "POLICY_CONFORMITY_RATE",
    "BIRTH_REGISTRATION_RATE",
    "REGISTRY_COVERAGE_RATE",
    "KEY_ITEM_ACCURACY_RATE",
    "BIRTH_REPORT_TIMELINESS_RATE",
  ])
  .describe("人口监测指标代码 — population indicator code");
export type PopulationIndicatorCode = z.infer<typeof PopulationIndicatorCode>;

/** 计生特殊家庭指标代码 — indicators computed from the special-family measures. */
export const SpecialFamilyIndicatorCode = z
  .enum([
    "SPECIAL_FAMILY_CONTACT_COVERAGE_RATE",
    "SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE",
    "SPECIAL_FAMILY_GREEN_CHANNEL_RATE",
    "SPECIAL_FAMILY_MENTAL_HEALTH_RATE",
    "SPECIAL_FAMILY_HOLIDAY_VISIT_RATE",
  ])
  .describe("计生特殊家庭指标代码 — special-family indicator code");
export type SpecialFamilyIndicatorCode = z.infer<typeof SpecialFamilyIndicatorCode>;

/** 监测指标代码 — every indicator code, of any area. */
export const IndicatorCode = z
  .enum([...PopulationIndicatorCode.options, ...SpecialFamilyIndicatorCode.options])
  .describe("监测指标代码 — indicator code");
export type IndicatorCode = z.infer<typeof IndicatorCode>;

/** 指标领域 — which measures an indicator is computed from. */
export const IndicatorArea = z
  .enum(["POPULATION", "SPECIAL_FAMILY"])
  .describe("指标领域（人口监测/计生特殊家庭） — indicator area: the measures it is computed from");
export type IndicatorArea = z.infer<typeof IndicatorArea>;

/** 指标方向 — which way is better: higher, lower, or within a range. */
export const GoodDirection = z.enum(["HIGHER", "LOWER", "RANGE"]).describe("指标方向（越高越好/越低越好/区间） — good direction");
export type GoodDirection = z.infer<typeof GoodDirection>;

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

/** A computed value with the numerator and denominator it came from. */
export type IndicatorResult = {
  /** null when the denominator is 0 or unknown; never NaN or Infinity. */
  value: number | null;
  numerator: number;
  denominator: number;
};

/** What every definition says, whatever its area. */
type DefinitionFields = {
  nameZh: string;
  nameEn: string;
  /** Numerator, "中文 — English". */
  numerator: string;
  /** Denominator, "中文 — English". */
  denominator: string;
  /** Multiplier applied to numerator / denominator (1000 for ‰, 100 for % and the sex ratio). */
  factor: number;
  unit: string;
  goodDirection: GoodDirection;
  /** 数据来源系统 — systems the counts come from. */
  sourceSystems: string[];
};

/** An indicator computed from the population measures. */
export type PopulationIndicatorDefinition = DefinitionFields & {
  area: "POPULATION";
  code: PopulationIndicatorCode;
  compute: (m: PopulationMeasures) => IndicatorResult;
};

/** An indicator computed from the special-family measures. */
export type SpecialFamilyIndicatorDefinition = DefinitionFields & {
  area: "SPECIAL_FAMILY";
  code: SpecialFamilyIndicatorCode;
  compute: (m: SpecialFamilyMeasures) => IndicatorResult;
};

/** Any indicator's definition; `area` tells which measures its `compute` takes. */
export type IndicatorDefinition = PopulationIndicatorDefinition | SpecialFamilyIndicatorDefinition;

/**
 * The indicator table's type: each code maps to the definition of its own area and code, so
 * `INDICATORS.BIRTH_RATE.compute` takes PopulationMeasures and a mismatched entry does not compile.
 */
export type IndicatorTable = {
  readonly [C in IndicatorCode]: (C extends PopulationIndicatorCode ? PopulationIndicatorDefinition : SpecialFamilyIndicatorDefinition) & {
    code: C;
  };
};

/** numerator / denominator × factor, or null when the denominator is 0 or not finite. */
export function ratio(numerator: number, denominator: number, factor: number): IndicatorResult {
  const value = denominator > 0 && Number.isFinite(denominator) && Number.isFinite(numerator) ? (numerator / denominator) * factor : null;
  return { value, numerator, denominator };
}

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

const SPECIAL_FAMILY_ARCHIVE = "计生特殊家庭电子档案";
const FAMILIES_AT_END =
  "期末在档计生特殊家庭数（建档不晚于期末且未销档） — special families in the archive at the period's end (archived by then and not closed)";

/** 特殊家庭覆盖率 — families covered / families × 100 (the work plans aim at 100%, "全覆盖"). */
function specialFamilyRate<C extends SpecialFamilyIndicatorCode>(
  code: C,
  text: Pick<DefinitionFields, "nameZh" | "nameEn" | "numerator" | "denominator">,
  compute: (m: SpecialFamilyMeasures) => IndicatorResult,
): SpecialFamilyIndicatorDefinition & { code: C } {
  return { code, area: "SPECIAL_FAMILY", ...text, factor: 100, unit: "%", goodDirection: "HIGHER", sourceSystems: [SPECIAL_FAMILY_ARCHIVE], compute };
}

export const INDICATORS: IndicatorTable = {
  NATURAL_GROWTH_RATE: {
    code: "NATURAL_GROWTH_RATE",
    area: "POPULATION",
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
    code: "BIRTH_RATE",
    area: "POPULATION",
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
    code: "DEATH_RATE",
    area: "POPULATION",
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
    code: "SEX_RATIO_AT_BIRTH",
    area: "POPULATION",
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
    code: "POLICY_CONFORMITY_RATE",
    area: "POPULATION",
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
    code: "BIRTH_REGISTRATION_RATE",
    area: "POPULATION",
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
    code: "REGISTRY_COVERAGE_RATE",
    area: "POPULATION",
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
    code: "KEY_ITEM_ACCURACY_RATE",
    area: "POPULATION",
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
    code: "BIRTH_REPORT_TIMELINESS_RATE",
    area: "POPULATION",
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
  // The four arrangements are judged at the period's end (see specialFamilyMeasures).
  SPECIAL_FAMILY_CONTACT_COVERAGE_RATE: specialFamilyRate(
    "SPECIAL_FAMILY_CONTACT_COVERAGE_RATE",
    {
      nameZh: "特殊家庭联系人覆盖率",
      nameEn: "Special family contact person coverage rate",
      numerator: "期末有联系人的特殊家庭数 — special families with a contact person assigned and not ended at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withContactPerson, m.families, 100),
  ),
  SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE: specialFamilyRate(
    "SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE",
    {
      nameZh: "家庭医生签约覆盖率",
      nameEn: "Family doctor contract coverage rate of special families",
      numerator: "期末有成员家庭医生签约在有效期内的特殊家庭数 — special families with a member's family-doctor contract valid at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withDoctorContract, m.families, 100),
  ),
  SPECIAL_FAMILY_GREEN_CHANNEL_RATE: specialFamilyRate(
    "SPECIAL_FAMILY_GREEN_CHANNEL_RATE",
    {
      nameZh: "就医绿色通道覆盖率",
      nameEn: "Medical green channel coverage rate of special families",
      numerator: "期末开通就医绿色通道的特殊家庭数 — special families with a medical green channel open at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withGreenChannel, m.families, 100),
  ),
  SPECIAL_FAMILY_MENTAL_HEALTH_RATE: specialFamilyRate(
    "SPECIAL_FAMILY_MENTAL_HEALTH_RATE",
    {
      nameZh: "心理健康服务覆盖率",
      nameEn: "Mental health service coverage rate of special families",
      numerator: "期末接受心理健康服务的特殊家庭数 — special families with a mental-health service ongoing at the period's end",
      denominator: FAMILIES_AT_END,
    },
    (m) => ratio(m.withMentalHealthService, m.families, 100),
  ),
  SPECIAL_FAMILY_HOLIDAY_VISIT_RATE: specialFamilyRate(
    "SPECIAL_FAMILY_HOLIDAY_VISIT_RATE",
    {
      nameZh: "重大节日走访慰问覆盖率",
      nameEn: "Major holiday visit coverage rate of special families",
      numerator:
        "每个在档节日均在慰问窗口内走访的家庭数 — of those, families visited within the window of every festival of the period on whose day they were in the archive",
      denominator:
        "周期内至少一个重大节日（春节/中秋/重阳）当天在档的特殊家庭数；无节日的周期为0 — special families in the archive on the day of at least one major holiday (Spring Festival, Mid-Autumn, Double Ninth) of the period; 0 for a period without one",
    },
    (m) => ratio(m.holidayVisited, m.holidayVisitable, 100),
  ),
};

/** The population indicators, in display order: demography first, then work quality (conformity, registration, data). */
export const POPULATION_INDICATOR_CODES: readonly PopulationIndicatorCode[] = [
  "BIRTH_RATE",
  "DEATH_RATE",
  "NATURAL_GROWTH_RATE",
  "SEX_RATIO_AT_BIRTH",
  "POLICY_CONFORMITY_RATE",
  "BIRTH_REGISTRATION_RATE",
  "REGISTRY_COVERAGE_RATE",
  "KEY_ITEM_ACCURACY_RATE",
  "BIRTH_REPORT_TIMELINESS_RATE",
];

/** The special-family indicators, in display order: the four arrangements, then holiday visits. */
export const SPECIAL_FAMILY_INDICATOR_CODES: readonly SpecialFamilyIndicatorCode[] = [
  "SPECIAL_FAMILY_CONTACT_COVERAGE_RATE",
  "SPECIAL_FAMILY_DOCTOR_CONTRACT_RATE",
  "SPECIAL_FAMILY_GREEN_CHANNEL_RATE",
  "SPECIAL_FAMILY_MENTAL_HEALTH_RATE",
  "SPECIAL_FAMILY_HOLIDAY_VISIT_RATE",
];

/**
 * The measures of one region and period, by area. Load only the areas of the codes asked for
 * (`INDICATORS[code].area`) and pass what was loaded: `{ population, specialFamily }`.
 */
export type IndicatorMeasures = {
  population?: PopulationMeasures;
  specialFamily?: SpecialFamilyMeasures;
};

function measuresFor<M>(measures: M | undefined, code: IndicatorCode, key: keyof IndicatorMeasures): M {
  // A plain Error, not a DomainError: leaving out measures the code needs is the caller's bug,
  // not something a user can correct.
  if (measures === undefined) throw new Error(`${code} is computed from measures.${key}, which were not given`);
  return measures;
}

/**
 * Computes one indicator of any area from the measures of its area.
 * @throws Error when the measures of the indicator's area are missing.
 */
export function computeIndicator(code: IndicatorCode, measures: IndicatorMeasures): IndicatorResult {
  const definition = INDICATORS[code];
  switch (definition.area) {
    case "POPULATION":
      return definition.compute(measuresFor(measures.population, code, "population"));
    case "SPECIAL_FAMILY":
      return definition.compute(measuresFor(measures.specialFamily, code, "specialFamily"));
  }
}

/** 比较方式 — how a value is compared with a target threshold. */
export const Comparator = z
  .enum(["LTE", "GTE", "LT", "GT", "BETWEEN"])
  .describe("比较方式（≤/≥/</>/区间） — comparator");
export type Comparator = z.infer<typeof Comparator>;

/** 目标值 — a quantified target set by a policy document or work plan. */
export const Target = z
  .object({
    indicatorCode: IndicatorCode.describe("指标代码 — indicator code"),
    regionCode: RegionCode.describe("区划代码 — region the target applies to"),
    year: z.number().int().describe("年度 — year"),
    comparator: Comparator.describe("比较方式 — comparator"),
    threshold: z.number().describe("目标值（区间时为下限） — threshold (lower bound for BETWEEN)"),
    upperThreshold: z.number().nullable().describe("区间上限（仅 BETWEEN） — upper bound, for BETWEEN only"),
    unit: z.string().describe("单位 — unit"),
    source: z.string().describe("目标来源文件 — document that set the target"),
  })
  .refine((t) => t.comparator !== "BETWEEN" || (t.upperThreshold !== null && t.upperThreshold >= t.threshold), {
    path: ["upperThreshold"],
    message: "区间目标需要不小于下限的上限 — BETWEEN requires upperThreshold >= threshold",
  })
  .describe("目标值 — indicator target");
export type Target = z.infer<typeof Target>;

/** 达标 — whether a value meets its target, and by how much. */
export type Attainment = {
  /** null when the value is unknown. */
  attained: boolean | null;
  /**
   * Signed distance to the threshold: positive is the margin of success, negative the shortfall.
   * For BETWEEN, the distance to the nearest bound (positive inside, 0 on a bound, negative outside).
   * For LT/GT a value equal to the threshold has gap 0 but is not attained.
   */
  gap: number | null;
};

/** Judges a value against a target. */
export function attainment(value: number | null, target: Target): Attainment {
  if (value === null || !Number.isFinite(value)) return { attained: null, gap: null };
  const t = target.threshold;
  switch (target.comparator) {
    case "LTE":
      return { attained: value <= t, gap: t - value };
    case "LT":
      return { attained: value < t, gap: t - value };
    case "GTE":
      return { attained: value >= t, gap: value - t };
    case "GT":
      return { attained: value > t, gap: value - t };
    case "BETWEEN": {
      // A schema-checked target always has an upper bound; a missing one is treated as open.
      const upper = target.upperThreshold ?? Number.POSITIVE_INFINITY;
      const gap = Math.min(value - t, upper - value);
      return { attained: value >= t && value <= upper, gap };
    }
  }
}
