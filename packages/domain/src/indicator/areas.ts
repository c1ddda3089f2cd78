// The areas whose indicators the system computes: one line per area. The indicator codes, the
// areas' enum, the table of every definition and the measures an indicator needs all follow from
// this list.
import { z } from "zod";
import { POPULATION_INDICATORS } from "../population/indicators.js";
import { CHILDCARE_INDICATORS } from "../childcare/indicators.js";
import { RegionCode } from "../region/region.js";
import { SPECIAL_FAMILY_INDICATORS } from "../special-family/indicators.js";
import { Comparator, type IndicatorAreaDefinition, type IndicatorDefinition, type IndicatorResult } from "./definition.js";

export const INDICATOR_AREAS = [POPULATION_INDICATORS, SPECIAL_FAMILY_INDICATORS, CHILDCARE_INDICATORS] as const;

type Area = (typeof INDICATOR_AREAS)[number];
type MeasuresOf<A> = A extends IndicatorAreaDefinition<string, string, infer M> ? M : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** 监测指标代码 — every indicator code, of any area. */
export type IndicatorCode = Area["codes"][number];
export const IndicatorCode = z
  .enum(INDICATOR_AREAS.flatMap((a) => a.codes) as [IndicatorCode, ...IndicatorCode[]])
  .describe("监测指标代码 — indicator code");

/** 指标领域 — which measures an indicator is computed from. */
export type IndicatorArea = Area["area"];
export const IndicatorArea = z
  .enum(INDICATOR_AREAS.map((a) => a.area) as [IndicatorArea, ...IndicatorArea[]])
  .describe("指标领域 — indicator area: the measures it is computed from");

/**
 * Every definition by its code, each typed by its own area: `INDICATORS.BIRTH_RATE.compute` takes
 * PopulationMeasures.
 */
export type IndicatorTable = UnionToIntersection<Area["indicators"]>;
export const INDICATORS = Object.assign({}, ...INDICATOR_AREAS.map((a) => a.indicators)) as IndicatorTable;

/** Any indicator's definition. */
export type AnyIndicatorDefinition = IndicatorTable[IndicatorCode];

/** The measures of one region and period by area: load only the areas of the codes asked for (`INDICATORS[code].area`). */
export type IndicatorMeasures = { [A in Area as A["area"]]?: MeasuresOf<A> };

/**
 * Computes one indicator of any area from the measures of its area.
 * @throws Error when the measures of the indicator's area are missing.
 */
export function computeIndicator(code: IndicatorCode, measures: IndicatorMeasures): IndicatorResult {
  // Each definition's compute takes its own area's measures, which is what is looked up here.
  const definition = INDICATORS[code] as IndicatorDefinition<string, IndicatorArea, unknown>;
  const given = (measures as Record<string, unknown>)[definition.area];
  // A plain Error, not a DomainError: leaving out measures the code needs is the caller's bug,
  // not something a user can correct.
  if (given === undefined) throw new Error(`${code} is computed from the ${definition.area} measures, which were not given`);
  return definition.compute(given);
}

/**
 * 目标适用范围 — a rate's target holds in every region below the one that set it too ("2.4
 * places per 1,000 in each township"), unless a region below sets its own; a count's target is of
 * the region's own total ("2 new 普惠 institutions in the county"), not of each region below.
 */
export const TargetScope = z
  .enum(["REGION_AND_BELOW", "REGION_ONLY"])
  .describe("目标适用范围（本级及下级各区划/仅本级合计） — where a target applies: the region and each region below it, or the region's own total only");
export type TargetScope = z.infer<typeof TargetScope>;

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
    scope: TargetScope.default("REGION_AND_BELOW"),
  })
  .refine((t) => t.comparator !== "BETWEEN" || (t.upperThreshold !== null && t.upperThreshold >= t.threshold), {
    path: ["upperThreshold"],
    message: "区间目标需要不小于下限的上限 — BETWEEN requires upperThreshold >= threshold",
  })
  .describe("目标值 — indicator target");
export type Target = z.infer<typeof Target>;

