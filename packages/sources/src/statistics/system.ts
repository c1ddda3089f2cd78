import { defineSystem, type SystemPort } from "../define-system.js";
import { monitoringStatisticsContract } from "./contract.js";
import { monitoringStatisticsFromDatabase } from "./db-adapter.js";

export const monitoringStatistics = defineSystem({
  code: "MONITORING_STATISTICS",
  key: "monitoringStatistics",
  nameZh: "人口监测统计",
  nameEn: "population monitoring statistics",
  path: "monitoring-statistics",
  contract: monitoringStatisticsContract,
  fromDatabase: (db, options) => monitoringStatisticsFromDatabase(db.sql, options),
});

export type MonitoringStatisticsPort = SystemPort<typeof monitoringStatistics>;
