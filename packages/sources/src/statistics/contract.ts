import { PopulationMeasures, Target } from "@popfam/domain";
import { z } from "zod";
import type { Contract } from "../http/contract.js";
import { MeasuresKey, TargetsKey, type MonitoringStatisticsPort } from "./port.js";

export const monitoringStatisticsContract: Contract<MonitoringStatisticsPort> = {
  populationMeasures: { summary: "区划、周期的监测计数 — the population measures of each region and period", key: MeasuresKey, value: PopulationMeasures },
  targets: { summary: "适用的工作目标（本级或最近上级） — the targets in force for each region and year", key: TargetsKey, value: z.array(Target) },
};
