import type { PopulationMeasures, Target } from "@popfam/domain";

export interface MeasuresKey {
  regionCode: string;
  period: string;
}

export interface TargetsKey {
  regionCode: string;
  year: number;
}

/**
 * 人口监测统计 — the monitoring statistics: the counts behind every population indicator
 * (kept as rollups per region and period) and the targets of the work plans.
 */
export interface MonitoringStatisticsPort {
  populationMeasures(keys: readonly MeasuresKey[]): Promise<PopulationMeasures[]>;
  /** The targets in force for each region and year: its own, or else the nearest ancestor's. */
  targets(keys: readonly TargetsKey[]): Promise<(Target[] | Error)[]>;
}
