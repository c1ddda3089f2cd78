// Reading the rollups the database's triggers keep (region_rollup: region × period × measure), for
// any number of regions and periods in one statement. A count of what happened in a period is the
// sum of its flow keys' rows (rollup_flow_keys: a year's or a month's own key, a quarter's three
// months); a stock at the period's end (residents, places) is its ins minus its outs up to that
// day: every year before the period's year, and the months of its year up to the period's last.
import { parsePeriod } from "@popfam/domain";
import type { SqlValue } from "@popfam/db";

/** The batch of keys as `q(code, period, year_key, year, last_month, query_index)`, bound to $1..$5 by `rollupKeyParams`. */
export const ROLLUP_KEYS = `unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
  WITH ORDINALITY AS q(code, period, year_key, year, last_month, query_index)`;

export function rollupKeyParams(keys: readonly { regionCode: string; period: string }[]): SqlValue[] {
  const periods = keys.map((key) => parsePeriod(key.period));
  return [
    keys.map((k) => k.regionCode),
    periods.map((p) => p.key),
    periods.map((p) => String(p.year)),
    periods.map((p) => p.year),
    periods.map((p) => p.end.slice(0, 7)),
  ];
}

/** The condition on rollup rows `r` whose values sum to a flow over the period `q.period`. */
export const inPeriodFlow = (r: string) => `${r}.period = ANY(rollup_flow_keys(q.period))`;

/** A JSON object of the flows over the period of `q.code` by measure, of the measures `condition` (on rows `r`) keeps. */
export const flowsInPeriod = (condition: string) => `(SELECT coalesce(json_object_agg(f.measure, f.value), '{}'::json) FROM (
    SELECT r.measure, sum(r.value) AS value FROM region_rollup r
    WHERE r.region_code = q.code AND ${inPeriodFlow("r")} AND ${condition}
    GROUP BY 1) f)`;

/** The condition on rollup rows `r` of `q.code` whose flows sum to a stock at the period's end. */
export const upToPeriodEnd = (r: string) =>
  `((length(${r}.period) = 4 AND ${r}.period < q.year_key) OR (length(${r}.period) = 7 AND ${r}.period LIKE q.year_key || '-%' AND ${r}.period <= q.last_month))`;

/**
 * A JSON object of stocks at the period's end by name, each kept as `<name>_IN` and `<name>_OUT`
 * flows (`stockMeasures(names)` bound to `param`, a text[]).
 */
export const stocksAtPeriodEnd = (param: string) => `(SELECT coalesce(json_object_agg(s.measure, s.value), '{}'::json) FROM (
    SELECT regexp_replace(r.measure, '_(IN|OUT)$', '') AS measure, sum(CASE WHEN r.measure LIKE '%\\_IN' THEN r.value ELSE -r.value END) AS value
    FROM region_rollup r
    WHERE r.region_code = q.code AND r.measure = ANY(${param}) AND ${upToPeriodEnd("r")}
    GROUP BY 1) s)`;

export const stockMeasures = (names: readonly string[]) => names.flatMap((name) => [`${name}_IN`, `${name}_OUT`]);

/** A JSON object column (json_object_agg) as the driver gives it: parsed already, or text. */
export function jsonCounts(value: Record<string, number> | string | null): Record<string, number> {
  if (value === null) return {};
  return typeof value === "string" ? (JSON.parse(value) as Record<string, number>) : value;
}
