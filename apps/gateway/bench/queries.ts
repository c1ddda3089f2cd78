// What is measured: each GraphQL query, and the minimal SQL a hand-written server would run to
// answer it (the floor the gateway is compared with). Also the README's example queries, measured
// on their own at one connection.
import { ancestorCodesOf } from "@popfam/domain";
import { readmeExample } from "../test/readme-examples.js";

/** Runs one statement: a pg Pool's query, or the embedded database's. */
export type RunSql = (text: string, params: unknown[]) => Promise<unknown[]>;

export interface Place {
  county: string;
  township: string;
  period: string;
}

export interface ComparedQuery {
  /** Short name, used by --rows and in the tables. */
  title: string;
  /** What it asks, in a few words, for the table's notes. */
  description: string;
  document: string;
  variables(place: Place): Record<string, unknown>;
  /** The minimal SQL: statements run per request (all of them, in order). */
  minimalSql(place: Place): { text: string; params: unknown[] }[];
  /** Also measured through the minimal node:http + pg server (servers/minimal-dashboard.ts). */
  minimalServer?: boolean;
  /** Served whole from the answer cache when repeated: also measured with it off (RESPONSE_CACHE_MB=0), the result cache still on. */
  answerCacheOff?: boolean;
  /** Also measured with the gateway's indicator cache off (INDICATOR_CACHE=off). */
  indicatorCacheOff?: boolean;
  /** Executed at every request (no kept answer): also measured with its operations interpreted by graphql-js (GRAPHQL_EXECUTION=interpreted). */
  interpreted?: boolean;
  /** Measured without batching too (the naive path). */
  naive: boolean;
}

/** The first code after every code that starts with `prefix` (region codes nest by prefix). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export const COUNTY_PERSONS = `query CountyPersons($code: String!) {
  region(code: $code) { persons(first: 100) { edges { node { id name sex birthDate residenceRegion { code name } } } pageInfo { hasNextPage endCursor } } }
}`;

/**
 * A township's births in a year, as a count. `births(period){ totalCount }` is served from the
 * rollups; the births numerator of the indicators (the same rollup key) stands in where the
 * connection has no totalCount yet.
 */
export const TOWNSHIP_BIRTHS = `query TownshipBirths($code: String!, $period: String!) {
  region(code: $code) { births(period: $period) { totalCount } }
}`;

export const TOWNSHIPS_BIRTHS = `query TownshipsBirths($code: String!, $period: String!) {
  region(code: $code) { children(first: 100) { edges { node { code births(period: $period) { totalCount } } } } }
}`;

export const COUNTY_DASHBOARD = `query CountyDashboard($code: String!, $period: String!) {
  region(code: $code) {
    code name
    indicators(period: $period) { code value numerator denominator unit target { comparator threshold } attainment { attained gap } }
    children(first: 100) { totalCount edges { node { code name indicators(period: $period) { code value numerator denominator target { threshold } attainment { attained } } } } }
  }
}`;

export const PERSONS_SQL = `SELECT p.id, p.name, p.sex, p.birth_date, r.code, r.name AS region_name
  FROM person p JOIN region r ON r.code = p.residence_region_code
  WHERE p.residence_region_code >= $1 AND p.residence_region_code < $2
  ORDER BY p.residence_region_code, p.id LIMIT 101`;

export const BIRTHS_KEY_SQL = `SELECT value FROM region_rollup WHERE region_code = $1 AND period = $2 AND measure = 'BIRTHS'`;

export const CHILDREN_BIRTHS_SQL = `SELECT r.code, coalesce(x.value, 0) AS births
  FROM region r LEFT JOIN region_rollup x ON x.region_code = r.code AND x.period = $2 AND x.measure = 'BIRTHS'
  WHERE r.parent_code = $1 ORDER BY r.code LIMIT 100`;

/** The population measures of a year that the dashboard's indicators are computed from. */
export const DASHBOARD_MEASURES = [
  "BIRTHS", "BIRTHS_MALE", "BIRTHS_FEMALE", "DEATHS", "BIRTHS_POLICY_CONFORMING", "BIRTHS_REGISTERED", "BIRTHS_KEY_ITEMS_CHECKED", "BIRTHS_KEY_ITEMS_MATCHED",
  ...Array.from({ length: 32 }, (_, days) => `BIRTH_REPORT_DELAY:${String(days).padStart(2, "0")}`),
];

/**
 * Everything the county dashboard shows, for the county and each township, in one statement:
 * the year's counts (rollup keys), the registry's residents at the year's end (its entries minus
 * exits up to then), the resident population at the start and end of the year, and the targets in
 * force (the region's own, else the nearest ancestor's that hold below it). A year period only.
 * $1 county, $2 year as text, $3 year, $4 measures, $5 the county and its ancestors, nearest first.
 */
export const DASHBOARD_SQL = `SELECT g.code, g.name,
  (SELECT coalesce(json_object_agg(r.measure, r.value), '{}'::json) FROM region_rollup r
    WHERE r.region_code = g.code AND r.period = $2 AND r.measure = ANY($4::text[])) AS counts,
  (SELECT coalesce(sum(CASE WHEN r.measure = 'REGISTRY_ENTRIES' THEN r.value ELSE -r.value END), 0) FROM region_rollup r
    WHERE r.region_code = g.code AND r.measure IN ('REGISTRY_ENTRIES', 'REGISTRY_EXITS')
      AND ((length(r.period) = 4 AND r.period < $2) OR (length(r.period) = 7 AND r.period LIKE $2 || '-%'))) AS registry_residents,
  (SELECT b.resident_population FROM population_base b WHERE b.region_code = g.code AND b.year = $3 - 1) AS population_start,
  (SELECT b.resident_population FROM population_base b WHERE b.region_code = g.code AND b.year = $3) AS population_end,
  (SELECT coalesce(json_agg(t), '[]'::json) FROM (
     SELECT DISTINCT ON (t.indicator_code) t.indicator_code AS "indicatorCode", t.comparator::text AS comparator, t.threshold, t.upper_threshold AS "upperThreshold"
     FROM target t
     WHERE t.year = $3 AND (t.region_code = g.code OR (t.scope = 'REGION_AND_BELOW' AND t.region_code = ANY($5::text[])))
     ORDER BY t.indicator_code, CASE WHEN t.region_code = g.code THEN 0 ELSE array_position($5::text[], t.region_code) END) t) AS targets
FROM (SELECT code, name, 0 AS level FROM region WHERE code = $1
      UNION ALL (SELECT code, name, 1 FROM region WHERE parent_code = $1 ORDER BY code LIMIT 100)) g
ORDER BY g.level, g.code`;

export function dashboardParams(county: string, period: string): unknown[] {
  if (!/^\d{4}$/.test(period)) throw new Error(`the minimal dashboard statement takes a year, not '${period}'`);
  return [county, period, Number(period), DASHBOARD_MEASURES, [county, ...ancestorCodesOf(county).reverse()]];
}

export function comparedQueries(totalCount: boolean): ComparedQuery[] {
  // Until the births connection has totalCount, the births numerator of the indicators (the same rollup key).
  const townshipBirths = totalCount
    ? TOWNSHIP_BIRTHS
    : `query TownshipBirths($code: String!, $period: String!) { region(code: $code) { indicators(period: $period, codes: [BIRTH_RATE]) { numerator } } }`;
  const townshipsBirths = totalCount
    ? TOWNSHIPS_BIRTHS
    : `query TownshipsBirths($code: String!, $period: String!) { region(code: $code) { children(first: 100) { edges { node { code indicators(period: $period, codes: [BIRTH_RATE]) { numerator } } } } } }`;
  return [
    {
      title: "persons",
      description: "a page of 100 residents of the county with their region",
      document: COUNTY_PERSONS,
      variables: (p) => ({ code: p.county }),
      minimalSql: (p) => [{ text: PERSONS_SQL, params: [p.county, prefixEnd(p.county)] }],
      interpreted: true,
      naive: true,
    },
    {
      title: "township births",
      description: "one township's births in the year, a count",
      document: townshipBirths,
      variables: (p) => ({ code: p.township, period: p.period }),
      minimalSql: (p) => [{ text: BIRTHS_KEY_SQL, params: [p.township, p.period] }],
      answerCacheOff: true,
      naive: true,
    },
    {
      title: "births per township",
      description: "the births of the year of each township of the county",
      document: townshipsBirths,
      variables: (p) => ({ code: p.county, period: p.period }),
      minimalSql: (p) => [{ text: CHILDREN_BIRTHS_SQL, params: [p.county, p.period] }],
      answerCacheOff: true,
      naive: true,
    },
    {
      title: "county dashboard",
      description: "9 indicators × 19 regions (the county and its townships), with targets and attainment",
      document: COUNTY_DASHBOARD,
      variables: (p) => ({ code: p.county, period: p.period }),
      minimalSql: (p) => [{ text: DASHBOARD_SQL, params: dashboardParams(p.county, p.period) }],
      minimalServer: true,
      answerCacheOff: true,
      indicatorCacheOff: true,
      naive: true,
    },
  ];
}

export interface ReadmeQuery {
  title: string;
  document: string;
}

/** The README's example queries, as printed there (their own regions and years). */
export function readmeQueries(): ReadmeQuery[] {
  return [
    { title: "README: county dashboard (东海县 2021)", document: readmeExample("CountyDashboard").document },
    { title: "README: births of a township, a page of 20 (2024)", document: readmeExample("query Births").document },
    { title: "README: record linkage and data quality (东海县 2024)", document: readmeExample("birthLinkage", "flaggedBirths").document },
    { title: "README: rewards and assistance (东海县 2024)", document: readmeExample("targetPopulation", "fundEstimate").document },
    { title: "README: special families (东海县 2025)", document: readmeExample("specialFamilies", "coverageGaps").document },
    { title: "README: childcare (东海县 2021 and 2025)", document: readmeExample("query CountyChildcare").document },
  ];
}
