// What a field costs the query-cost bound (MAX_QUERY_COMPLEXITY), in units of about 0.1 ms of
// server time. A scalar or a record's field costs 1 and a connection multiplies its nodes by its
// page size (pagination.ts); a field that reads a whole region's roster, registry or archive
// costs what reading it takes. Each weight is the fastest of five runs of the field alone
// (`{ region(code: "320722") { <field> } }`, one connection, embedded database at scale 1, a
// 2-core machine shared with other work, load average about 13), in these units, less the
// 32 ms such a request takes with no field at all. 东海县 holds four fifths of its province's
// rows, so its time stands for the largest region a field is asked of in the synthetic data set.
//
// | field                                          | fastest ms | weight |
// |------------------------------------------------|------------|--------|
// | targetPopulation                               |        311 |  2,800 |
// | eligibilityAssessments (any filter), + page    |         40 |    100 |
// | fundEstimate                                   |      2,187 | 21,600 |
// | paid                                           |        940 |  9,100 |
// | rosterReconciliation                           |      2,540 | 25,100 |
// | birthLinkage                                   |        983 |  9,500 |
// | specialFamilies (no `lacking`), + page         |         13 |    100 |
// | specialFamilies with `lacking`, + page         |        412 |  3,800 |
// | indicators naming special-family indicators    |  (as above)|  3,800 |
//
// The default bound, 80,000, lets the README's rewards example (about 63,000) through and
// refuses, e.g., four fund estimates or nine birth linkages in one query (aliases are bounded
// apart, MAX_ALIASES). Lower it where such reports are not needed.
import { INDICATORS, type IndicatorCode } from "@popfam/domain";
import { connectionComplexity, type ConnectionArgs } from "./pagination.js";

export const FIELD_COST = {
  targetPopulation: 2_800,
  eligibilityAssessments: 100,
  fundEstimate: 21_600,
  paid: 9_100,
  rosterReconciliation: 25_100,
  birthLinkage: 9_500,
  specialFamilies: 100,
  specialFamiliesLacking: 3_800,
  specialFamilyIndicators: 3_800,
} as const;

/** The cost of a field that reads a region's rows whatever it returns. */
export const scanCost = (field: keyof typeof FIELD_COST) => ({ field: FIELD_COST[field], multiplier: 1 });

/** A connection whose page is taken from a scan of the region's rows: the scan, plus its nodes times the page size. */
export const scannedConnectionCost = (field: keyof typeof FIELD_COST) => (args: ConnectionArgs) => ({
  field: FIELD_COST[field],
  multiplier: connectionComplexity(args).multiplier,
});

/** Special families: filtered by what they lack, every family's contacts, contracts and visits are read first. */
export const specialFamiliesCost = (args: ConnectionArgs & { lacking?: readonly unknown[] | null }) => ({
  field: args.lacking?.length ? FIELD_COST.specialFamiliesLacking : FIELD_COST.specialFamilies,
  multiplier: connectionComplexity(args).multiplier,
});

/** Indicators: the rollups are cheap; the special-family indicators read the region's archive. */
export const indicatorsCost = (args: { codes?: readonly IndicatorCode[] | null }) => ({
  field: 5 + (args.codes?.some((code) => INDICATORS[code].area !== "POPULATION") ? FIELD_COST.specialFamilyIndicators : 0),
  multiplier: 1,
});
