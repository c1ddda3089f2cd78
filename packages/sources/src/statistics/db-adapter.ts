import { ancestorCodesOf, Target, type PopulationMeasures } from "@popfam/domain";
import type { SqlClient, SqlValue } from "@popfam/db";
import { invalidRecord } from "../errors.js";
import type { PortsOptions } from "../define-system.js";
import type { PortOf } from "../http/contract.js";
import { flowsInPeriod, inPeriodFlow, jsonCounts, ROLLUP_KEYS, rollupKeyParams, upToPeriodEnd } from "../rollups.js";
import type { EventCountKey, MeasuresKey, monitoringStatisticsContract, TargetsKey } from "./contract.js";

/** The population measures counted in a period (flows at the period's keys). */
const COUNTED = [
  "BIRTHS", "BIRTHS_MALE", "BIRTHS_FEMALE", "DEATHS", "BIRTHS_POLICY_CONFORMING", "BIRTHS_REGISTERED", "BIRTHS_KEY_ITEMS_CHECKED", "BIRTHS_KEY_ITEMS_MATCHED",
  ...Array.from({ length: 32 }, (_, days) => `BIRTH_REPORT_DELAY:${String(days).padStart(2, "0")}`),
];

/**
 * Reads the rollups that the database triggers keep (see the rollups migration): one statement
 * for any number of regions and periods, whatever the number of residents below them.
 */
export function monitoringStatisticsFromDatabase(sql: SqlClient, options: Pick<PortsOptions, "birthReportWindowDays">): PortOf<typeof monitoringStatisticsContract> {
  const window = Math.max(0, Math.min(30, Math.floor(options.birthReportWindowDays)));
  return {
    async populationMeasures(keys: readonly MeasuresKey[]) {
      const rows = await sql.query<{ query_index: string | number; counts: Record<string, number> | string; registry_residents: string | number; population_start: number | null; population_end: number | null }>(
        `SELECT q.query_index,
           ${flowsInPeriod("r.measure = ANY($6::text[])")} AS counts,
           (SELECT coalesce(sum(CASE WHEN r.measure = 'REGISTRY_ENTRIES' THEN r.value ELSE -r.value END), 0)
              FROM region_rollup r
             WHERE r.region_code = q.code AND r.measure IN ('REGISTRY_ENTRIES', 'REGISTRY_EXITS') AND ${upToPeriodEnd("r")}) AS registry_residents,
           (SELECT b.resident_population FROM population_base b WHERE b.region_code = q.code AND b.year = q.year - 1) AS population_start,
           (SELECT b.resident_population FROM population_base b WHERE b.region_code = q.code AND b.year = q.year) AS population_end
         FROM ${ROLLUP_KEYS}
         ORDER BY q.query_index`,
        // Only the population's own measures of the key: the other areas keep theirs beside them.
        [...rollupKeyParams(keys), COUNTED] as SqlValue[],
      );
      return rows.map((row) => {
        const counts = jsonCounts(row.counts);
        const count = (measure: string) => Number(counts[measure] ?? 0);
        let inWindow = 0;
        for (let days = 0; days <= window; days++) inWindow += count(`BIRTH_REPORT_DELAY:${String(days).padStart(2, "0")}`);
        const measures: PopulationMeasures = {
          births: count("BIRTHS"),
          birthsMale: count("BIRTHS_MALE"),
          birthsFemale: count("BIRTHS_FEMALE"),
          deaths: count("DEATHS"),
          birthsPolicyConforming: count("BIRTHS_POLICY_CONFORMING"),
          birthsRegistered: count("BIRTHS_REGISTERED"),
          keyItemsChecked: count("BIRTHS_KEY_ITEMS_CHECKED"),
          keyItemsMatched: count("BIRTHS_KEY_ITEMS_MATCHED"),
          birthsReported: count("BIRTHS"),
          birthsReportedInWindow: inWindow,
          registryResidents: Number(row.registry_residents),
          residentPopulationStart: row.population_start === null ? null : Number(row.population_start),
          residentPopulationEnd: row.population_end === null ? null : Number(row.population_end),
        };
        return measures;
      });
    },

    // A count in a period is one rollup key; in all periods, the sum of the years' keys.
    async eventCounts(keys: readonly EventCountKey[]) {
      const rows = await sql.query<{ n: string | number }>(
        `SELECT CASE WHEN q.period IS NOT NULL
                  THEN (SELECT sum(r.value) FROM region_rollup r WHERE r.region_code = q.code AND ${inPeriodFlow("r")} AND r.measure = q.measure)
                  ELSE (SELECT sum(r.value) FROM region_rollup r WHERE r.region_code = q.code AND r.measure = q.measure AND length(r.period) = 4)
                END AS n
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q(code, period, measure, query_index)
         ORDER BY q.query_index`,
        [keys.map((k) => k.regionCode), keys.map((k) => k.period), keys.map((k) => k.event)] as SqlValue[],
      );
      return rows.map((row) => Number(row.n ?? 0));
    },

    async targets(keys: readonly TargetsKey[]) {
      const chains = keys.map((key) => [key.regionCode, ...ancestorCodesOf(key.regionCode).reverse()]);
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT indicator_code AS "indicatorCode", region_code AS "regionCode", year, comparator::text AS comparator,
                threshold, upper_threshold AS "upperThreshold", unit, source, scope::text AS scope
         FROM target WHERE region_code = ANY($1::text[]) AND year = ANY($2::int[])`,
        [[...new Set(chains.flat())], [...new Set(keys.map((k) => k.year))]] as SqlValue[],
      );
      const targets: Target[] = [];
      const invalid: { regionCode: string; year: number; error: Error }[] = [];
      for (const row of rows) {
        const parsed = Target.safeParse(row);
        if (parsed.success) targets.push(parsed.data);
        else invalid.push({ regionCode: String(row.regionCode), year: Number(row.year), error: invalidRecord("MONITORING_STATISTICS", `target ${String(row.indicatorCode)} of ${String(row.regionCode)} for ${String(row.year)}`, parsed.error.issues) });
      }
      return keys.map((key, i) => {
        // The nearest region in the chain (the region itself first) that set a target wins; a
        // region above passes down only its targets that hold below it too (TargetScope).
        const chain = chains[i]!;
        // An invalid target in the chain fails the targets of this key only.
        const broken = invalid.find((b) => b.year === key.year && chain.includes(b.regionCode));
        if (broken) return broken.error;
        const nearest = new Map<string, Target>();
        for (const code of chain) {
          for (const target of targets) {
            const applies = code === key.regionCode || target.scope === "REGION_AND_BELOW";
            if (target.regionCode === code && target.year === key.year && applies && !nearest.has(target.indicatorCode)) {
              nearest.set(target.indicatorCode, target);
            }
          }
        }
        return [...nearest.values()];
      });
    },
  };
}
