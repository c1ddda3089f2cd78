import type { PopulationMeasures, Target } from "@popfam/domain";
import { PeriodKey, RegionCodeKey } from "../paging.js";
import { z } from "zod";

export const MeasuresKey = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type MeasuresKey = z.infer<typeof MeasuresKey>;

export const TargetsKey = z.object({ regionCode: RegionCodeKey, year: z.number().int().min(1949).max(2100) });
export type TargetsKey = z.infer<typeof TargetsKey>;

/**
 * 人口监测统计 — the monitoring statistics: the counts behind every population indicator
 * (kept as rollups per region and period) and the targets of the work plans.
 */
export interface MonitoringStatisticsPort {
  populationMeasures(keys: readonly MeasuresKey[]): Promise<(PopulationMeasures | Error)[]>;
  /** The targets in force for each region and year: its own, or else the nearest ancestor's. */
  targets(keys: readonly TargetsKey[]): Promise<(Target[] | Error)[]>;
}
