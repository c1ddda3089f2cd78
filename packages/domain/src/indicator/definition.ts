// The indicator framework: what an indicator's definition says, how an area declares its
// indicators (defineIndicatorArea), and the arithmetic they share. The areas themselves live with
// their measures (population/indicators.ts, special-family/indicators.ts, ...); the list of areas
// is indicator/areas.ts.
import { z } from "zod";

/** 指标方向 — which way is better: higher, lower, or within a range. */
export const GoodDirection = z.enum(["HIGHER", "LOWER", "RANGE"]).describe("指标方向（越高越好/越低越好/区间） — good direction");
export type GoodDirection = z.infer<typeof GoodDirection>;

/** A computed value with the numerator and denominator it came from. */
export type IndicatorResult = {
  /** null when the denominator is 0 or unknown; never NaN or Infinity. */
  value: number | null;
  numerator: number;
  denominator: number;
};

/** What every definition says, whatever its area. */
export type DefinitionFields = {
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

/** An indicator of an area: its code, its area, and how it is computed from that area's measures. */
export type IndicatorDefinition<Code extends string = string, Area extends string = string, Measures = never> = DefinitionFields & {
  code: Code;
  area: Area;
  compute: (measures: Measures) => IndicatorResult;
};

/** An area's indicators: the measures they are computed from, each definition by code, and the display order. */
export interface IndicatorAreaDefinition<Area extends string, Code extends string, Measures> {
  area: Area;
  nameZh: string;
  nameEn: string;
  /** The counts of one region and period the area's indicators are computed from. */
  measures: z.ZodType<Measures>;
  /** Every code of the area, in display order. */
  codes: readonly Code[];
  indicators: { readonly [C in Code]: IndicatorDefinition<C, Area, Measures> };
}

/**
 * Declares an area's indicators. `order` lists every code once (the display order); each
 * definition gets its code and area filled in, so a table entry cannot name another code.
 * @throws Error when `order` is not exactly the codes of `indicators` (a programming error).
 */
export function defineIndicatorArea<const Area extends string, const Code extends string, Measures>(spec: {
  area: Area;
  nameZh: string;
  nameEn: string;
  measures: z.ZodType<Measures>;
  order: readonly Code[];
  indicators: { readonly [C in Code]: DefinitionFields & { compute: (measures: Measures) => IndicatorResult } };
}): IndicatorAreaDefinition<Area, Code, Measures> {
  const keys = Object.keys(spec.indicators).sort();
  if (keys.join() !== [...spec.order].sort().join() || new Set(spec.order).size !== spec.order.length) {
    throw new Error(`indicator area ${spec.area}: order must list every indicator once (${keys.join(", ")})`);
  }
  const indicators = Object.fromEntries(spec.order.map((code) => [code, { ...spec.indicators[code], code, area: spec.area }])) as {
    readonly [C in Code]: IndicatorDefinition<C, Area, Measures>;
  };
  return { area: spec.area, nameZh: spec.nameZh, nameEn: spec.nameEn, measures: spec.measures, codes: spec.order, indicators };
}

/** numerator / denominator × factor, or null when the denominator is 0 or not finite. */
export function ratio(numerator: number, denominator: number, factor: number): IndicatorResult {
  const value = denominator > 0 && Number.isFinite(denominator) && Number.isFinite(numerator) ? (numerator / denominator) * factor : null;
  return { value, numerator, denominator };
}

/** 比较方式 — how a value is compared with a target threshold. */
export const Comparator = z
  .enum(["LTE", "GTE", "LT", "GT", "BETWEEN"])
  .describe("比较方式（≤/≥/</>/区间） — comparator");
export type Comparator = z.infer<typeof Comparator>;

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
export function attainment(value: number | null, target: { comparator: Comparator; threshold: number; upperThreshold: number | null }): Attainment {
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
