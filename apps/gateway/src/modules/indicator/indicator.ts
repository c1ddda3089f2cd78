// 监测指标 — indicator values of every area with their numerator, denominator, target and
// attainment. Each area's module registers how its measures are counted (area-measures.ts); a
// drill-down over any number of regions costs the same few upstream calls.
import { indicatorsCost } from "../cost.js";
import {
  attainment,
  computeIndicator,
  INDICATOR_AREAS,
  INDICATORS,
  IndicatorArea,
  IndicatorCode,
  parsePeriod,
  Period,
  POPULATION_INDICATOR_CODES,
  type AnyIndicatorDefinition,
  type Attainment,
  type ParsedPeriod,
  type IndicatorResult,
  type Region,
  TargetScope,
  type Target,
} from "@popfam/domain";
import { SYSTEMS } from "@popfam/sources";
import { z } from "zod";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { enumFrom } from "../../kit/enums.js";
import { measuresOf } from "./area-measures.js";
import { selectsAny } from "../../kit/selection.js";
import type { GraphQLResolveInfo } from "graphql";

export const IndicatorCodeEnum = builder.enumType("IndicatorCode", {
  description: "指标代码 — indicator code",
  values: Object.fromEntries(
    IndicatorCode.options.map((code) => [code, { description: `${INDICATORS[code].nameZh} — ${INDICATORS[code].nameEn}` }]),
  ) as Record<IndicatorCode, { description: string }>,
});

const GoodDirectionEnum = builder.enumType("GoodDirection", {
  description: "指标方向 — which way is better",
  values: {
    HIGHER: { description: "越高越好 — higher is better" },
    LOWER: { description: "越低越好 — lower is better" },
    RANGE: { description: "在合理区间 — within a range is better" },
  },
});

const ComparatorEnum = builder.enumType("Comparator", {
  description: "目标比较方式 — how a value is compared with a target",
  values: {
    LTE: { description: "不高于 — at most the threshold" },
    GTE: { description: "不低于 — at least the threshold" },
    LT: { description: "低于 — below the threshold" },
    GT: { description: "高于 — above the threshold" },
    BETWEEN: { description: "介于（含） — between threshold and upperThreshold, inclusive" },
  },
});

const IndicatorAreaEnum = enumFrom(
  "IndicatorArea",
  IndicatorArea,
  "指标领域 — the area an indicator's counts come from",
  Object.fromEntries(INDICATOR_AREAS.map((a) => [a.area, `${a.nameZh} — ${a.nameEn.toLowerCase()}`])) as Record<IndicatorArea, string>,
);

const IndicatorDefinitionRef = builder.objectRef<AnyIndicatorDefinition>("IndicatorDefinition").implement({
  description: "指标定义 — how an indicator is computed",
  fields: (t) => ({
    area: t.expose("area", { type: IndicatorAreaEnum, description: "领域 — area" }),
    code: t.expose("code", { type: IndicatorCodeEnum, description: "指标代码 — code" }),
    name: t.exposeString("nameZh", { description: "指标名称 — Chinese name" }),
    nameEn: t.exposeString("nameEn", { description: "英文名称 — English name" }),
    numerator: t.exposeString("numerator", { description: "分子 — what the numerator counts" }),
    denominator: t.exposeString("denominator", { description: "分母 — what the denominator counts" }),
    factor: t.exposeFloat("factor", { description: "系数（100或1000） — factor (100 or 1000)" }),
    unit: t.exposeString("unit", { description: "单位 — unit" }),
    goodDirection: t.expose("goodDirection", { type: GoodDirectionEnum, description: "指标方向 — good direction" }),
    sourceSystems: t.exposeStringList("sourceSystems", { description: "数据来源系统 — the source systems" }),
  }),
});

const TargetScopeEnum = enumFrom("TargetScope", TargetScope, "目标适用范围 — where a target applies", {
  REGION_AND_BELOW: "本级及下级各区划（下级未另设时） — the region and each region below it, unless one sets its own",
  REGION_ONLY: "仅本级合计 — the region's own total only",
});

const TargetRef = builder.objectRef<Target>("Target").implement({
  description: "目标 — a quantified target set by a work plan (工作要点)",
  fields: (t) => ({
    comparator: t.expose("comparator", { type: ComparatorEnum, description: "比较方式 — comparator" }),
    threshold: t.exposeFloat("threshold", { description: "目标值（区间下限） — threshold (lower bound for BETWEEN)" }),
    upperThreshold: t.exposeFloat("upperThreshold", { nullable: true, description: "区间上限 — upper bound for BETWEEN" }),
    unit: t.exposeString("unit", { description: "单位 — unit" }),
    year: t.exposeInt("year", { description: "年度 — year" }),
    source: t.exposeString("source", { description: "出处（文件） — the document that set it" }),
    scope: t.expose("scope", { type: TargetScopeEnum, description: "适用范围 — where it applies" }),
    setBy: t.field({
      type: RegionRef,
      nullable: true,
      description: "设定目标的区划（本级或上级） — the region whose plan set it (this region or an ancestor)",
      resolve: (target, _args, context) => regionByCode(context, target.regionCode),
    }),
  }),
});

const AttainmentRef = builder.objectRef<Attainment>("Attainment").implement({
  description: "达标情况 — whether the target is met",
  fields: (t) => ({
    attained: t.exposeBoolean("attained", { nullable: true, description: "是否达标（无数值时为空） — met; null when there is no value" }),
    gap: t.exposeFloat("gap", { nullable: true, description: "与目标的差距（正为超出，负为不足） — margin (+) or shortfall (-)" }),
  }),
});

interface IndicatorValue {
  definition: AnyIndicatorDefinition;
  region: Region;
  period: ParsedPeriod;
  result: IndicatorResult;
  /** The region's targets for the year when the query shows them (null when it does not, or for a quarter or month). */
  targets: Target[] | Error | null;
}

/**
 * The targets in force for a region and year, read only when a value's target or attainment is
 * asked for: one batched read for every region of the level, beside the measures. Targets are
 * annual; they are shown against year periods only. A failed read becomes the targets' error,
 * reported on the target fields alone, never on the values.
 */
async function targetsIfAsked(context: Context, regionCode: string, period: ParsedPeriod, info: GraphQLResolveInfo): Promise<Target[] | Error | null> {
  if (period.kind !== "YEAR" || !selectsAny(info, ["target", "attainment"])) return null;
  // Kept in the result cache under the version (a change of a target bumps it): a versioned read.
  return context.loaders.monitoringStatistics.targets
    .load({ regionCode, year: period.year })
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** The target in force for a value, or its read's error (thrown, on the field asking). */
function targetOf(value: IndicatorValue): Target | null {
  if (value.targets instanceof Error) throw value.targets;
  return value.targets?.find((t) => t.indicatorCode === value.definition.code) ?? null;
}

const IndicatorValueRef = builder.objectRef<IndicatorValue>("IndicatorValue").implement({
  description: "指标值 — an indicator's value for a region and period, with where it came from",
  fields: (t) => ({
    code: t.field({ type: IndicatorCodeEnum, resolve: (v) => v.definition.code, description: "指标代码 — code" }),
    name: t.string({ resolve: (v) => v.definition.nameZh, description: "指标名称 — name" }),
    value: t.float({ nullable: true, resolve: (v) => v.result.value, description: "指标值（分母为0时为空） — value; null when the denominator is 0" }),
    numerator: t.float({ resolve: (v) => v.result.numerator, description: "分子 — numerator" }),
    denominator: t.float({ resolve: (v) => v.result.denominator, description: "分母 — denominator" }),
    unit: t.string({ resolve: (v) => v.definition.unit, description: "单位 — unit" }),
    period: t.string({ resolve: (v) => v.period.key, description: "统计周期 — period" }),
    region: t.expose("region", { type: RegionRef, description: "区划 — region" }),
    definition: t.expose("definition", { type: IndicatorDefinitionRef, description: "指标定义 — definition" }),
    target: t.field({
      type: TargetRef,
      nullable: true,
      description: "目标（本级或最近上级设定；年度周期） — the target in force, if any (year periods)",
      resolve: (v) => targetOf(v),
    }),
    attainment: t.field({
      type: AttainmentRef,
      nullable: true,
      description: "达标情况（有目标时） — attainment, when there is a target",
      resolve: (v) => {
        const target = targetOf(v);
        return target ? attainment(v.result.value, target) : null;
      },
    }),
    sourceSystems: t.stringList({
      resolve: (v) => v.definition.sourceSystems,
      description: "数据来源系统 — source systems",
    }),
  }),
});

builder.objectField(RegionRef, "indicators", (t) =>
  t.field({
    type: [IndicatorValueRef],
    nullable: true,
    description: `监测指标（${INDICATOR_AREAS.map((a) => a.nameZh).join("、")}） — indicators of this region for a period (${INDICATOR_AREAS.map((a) => a.nameEn.toLowerCase()).join(", ")})`,
    authScopes: (region) => ({ jurisdiction: region.code }),
    args: {
      period: t.arg.string({
        required: true,
        description: "统计周期：2021、2021Q2 或 2021-05 — period: a year, quarter or month",
        validate: z.string().pipe(Period),
      }),
      codes: t.arg({
        type: [IndicatorCodeEnum],
        required: false,
        description: "指标代码（缺省为全部人口监测指标；其他领域的指标须点名） — which indicators (default: every population indicator; name those of the other areas)",
      }),
    },
    complexity: indicatorsCost,
    resolve: async (region, args, context, info) => {
      const period = parsePeriod(args.period);
      const codes = args.codes ?? POPULATION_INDICATOR_CODES;
      // Only the areas asked for are loaded (a population dashboard never reads the special-family
      // archive), and the targets only when shown; both in the same tick, so a drill-down's
      // regions share one read of each. The values' fields then resolve without waiting.
      const [measures, targets] = await Promise.all([
        measuresOf(context, region.code, period, codes.map((code) => INDICATORS[code].area)),
        targetsIfAsked(context, region.code, period, info),
      ]);
      return codes.map((code) => ({
        definition: INDICATORS[code],
        region,
        period,
        result: computeIndicator(code, measures),
        targets,
      }));
    },
  }),
);

builder.queryFields((t) => ({
  indicatorDefinitions: t.field({
    type: [IndicatorDefinitionRef],
    description: "指标定义 — every indicator's definition",
    resolve: () => IndicatorCode.options.map((code) => INDICATORS[code]),
  }),
  sourceSystems: t.field({
    type: [builder.objectRef<{ code: string; nameZh: string; nameEn: string }>("SourceSystem").implement({
      description: "数据来源系统 — a provincial information system behind the graph",
      fields: (f) => ({
        code: f.exposeString("code", { description: "代码 — code" }),
        name: f.exposeString("nameZh", { description: "名称 — name" }),
        nameEn: f.exposeString("nameEn", { description: "英文名称 — English name" }),
      }),
    })],
    description: "数据来源系统 — the systems the graph fronts",
    resolve: () => [...SYSTEMS],
  }),
}));
