// 人口监测计数 — the population measures of a region and period, as the monitoring statistics keep
// them in the rollups: one batched read for every region of a drill-down.
import { countMeasuresWith } from "../indicator/area-measures.js";

countMeasuresWith("POPULATION", "MONITORING_STATISTICS", (context, regionCode, period) => context.loaders.monitoringStatistics.populationMeasures.load({ regionCode, period: period.key }));
