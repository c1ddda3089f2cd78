// 人口监测统计 — the monitoring statistics: the counts behind every population indicator (kept
// as rollups per region and period) and the targets of the work plans.
import { PopulationMeasures, Target } from "@popfam/domain";
import { z } from "zod";
import type { Contract } from "../http/contract.js";
import { PeriodKey, RegionCodeKey } from "../paging.js";

export const MeasuresKey = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type MeasuresKey = z.infer<typeof MeasuresKey>;

export const TargetsKey = z.object({ regionCode: RegionCodeKey, year: z.number().int().min(1949).max(2100) });
export type TargetsKey = z.infer<typeof TargetsKey>;

/** What the rollups count that the graph also lists one by one (a region's births, its deaths). */
export const CountedEvent = z.enum(["BIRTHS", "DEATHS"]);
export type CountedEvent = z.infer<typeof CountedEvent>;

/** Events of a region and every region below it, within a period (or in all periods: null). */
export const EventCountKey = z.object({ regionCode: RegionCodeKey, period: PeriodKey.nullable(), event: CountedEvent });
export type EventCountKey = z.infer<typeof EventCountKey>;

export const monitoringStatisticsContract = {
  populationMeasures: { summary: "区划、周期的监测计数 — the population measures of each region and period", key: MeasuresKey, value: PopulationMeasures },
  eventCounts: {
    summary: "区划（含下级）期内的出生数或死亡数（无周期为全部） — births or deaths of each region and below, in a period or in all",
    key: EventCountKey,
    value: z.number().int().nonnegative(),
  },
  /** The targets in force for each region and year: its own, or else the nearest ancestor's. */
  targets: { summary: "适用的工作目标（本级或最近上级） — the targets in force for each region and year", key: TargetsKey, value: z.array(Target) },
} satisfies Contract;
