import { openMigratedDatabase } from "@popfam/db";
import { databasePorts } from "./src/index.ts";
const db = await openMigratedDatabase({ dataDir: "/work/main/.data/pglite" });
const ports = databasePorts(db, { birthReportWindowDays: 30 });
const kids = (await ports.REGION_DIRECTORY.childrenPages([{ parentCode: "320722", first: 100, after: null }]))[0]!.items.map(r => r.code);
const keys = ["320722", ...kids].map(regionCode => ({ regionCode, period: "2021" }));
for (let i = 0; i < 5; i++) { const t = performance.now(); await ports.MONITORING_STATISTICS.populationMeasures(keys); console.log("measures", (performance.now() - t).toFixed(1)); }
for (let i = 0; i < 3; i++) { const t = performance.now(); await ports.MONITORING_STATISTICS.targets(keys.map(k => ({ regionCode: k.regionCode, year: 2021 }))); console.log("targets", (performance.now() - t).toFixed(1)); }
for (let i = 0; i < 3; i++) { const t = performance.now(); await ports.REGION_DIRECTORY.childrenPages([{ parentCode: "320722", first: 100, after: null }]); console.log("children", (performance.now() - t).toFixed(1)); }
const plan = await db.sql.query<any>(`EXPLAIN ANALYZE SELECT coalesce(sum(CASE WHEN r.measure = 'REGISTRY_ENTRIES' THEN r.value ELSE -r.value END), 0) FROM region_rollup r WHERE r.region_code = '320722' AND r.measure IN ('REGISTRY_ENTRIES', 'REGISTRY_EXITS') AND ((length(r.period) = 4 AND r.period < '2021') OR (length(r.period) = 7 AND r.period LIKE '2021-%' AND r.period <= '2021-12'))`);
console.log(plan.map((r: any) => r["QUERY PLAN"]).join("\n"));
await db.close();
