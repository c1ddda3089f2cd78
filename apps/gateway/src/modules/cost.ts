// What a field costs the query-cost bound (MAX_QUERY_COMPLEXITY, 200,000 by default), in units
// of about 40 µs of server time. A scalar or a record's field costs 1 and a connection multiplies
// its nodes by its page size (pagination.ts); a field that reads a whole region's roster,
// registry or archive costs what reading it takes. Each weight is the fastest of five runs of the
// field alone (`{ region(code: "320722") { <field> } }`, one connection, embedded database at
// scale 1, a 2-core machine shared with other work, load average about 13), less the 32 ms such
// a request takes with no field at all, in these units (ms × 25), rounded. 东海县 holds four
// fifths of its province's rows, so its time stands for the largest region a field is asked of in
// the synthetic data set.
//
// | field                                          | fastest ms | weight |
// |------------------------------------------------|------------|--------|
// | targetPopulation                               |        311 |  7,000 |
// | eligibilityAssessments (any filter), + page    |         40 |    200 |
// | fundEstimate                                   |      2,187 | 54,000 |
// | paid                                           |        940 | 22,700 |
// | rosterReconciliation                           |      2,540 | 62,700 |
// | birthLinkage                                   |        983 | 23,800 |
// | specialFamilies (no `lacking`), + page         |         13 |    100 |
// | specialFamilies with `lacking`, + page         |        412 |  9,500 |
//
// Indicators of every area are read from the rollups (the special-family ones too, since they
// moved there): a few key reads per batch of regions, charged as a plain field.
//
// Since the table was measured, the target population and the paid totals moved onto the
// rollups and special-family coverage reads only a period's holiday visits: on a quiet machine
// those fields now take 10 ms, 2 ms and 97 ms (lacking) for 东海县. Their weights are kept as
// measured, so the bound errs towards refusing; it is to be re-measured with the per-request
// costs of the whole execution path, not field by field.
//
// The default bound lets the README's rewards example (about 150,000) through and refuses, e.g.,
// four fund estimates, nine birth linkages, or a page of 50 townships each asking its target
// population in one query (aliases are bounded apart, MAX_ALIASES). Lower it where such reports
// are not needed; a village drill-down of a county (100 × 100 records) costs about 110,000.
import { connectionComplexity, type ConnectionArgs } from "../kit/pagination.js";

export const FIELD_COST = {
  targetPopulation: 7_000,
  eligibilityAssessments: 200,
  fundEstimate: 54_000,
  paid: 22_700,
  rosterReconciliation: 62_700,
  birthLinkage: 23_800,
  specialFamilies: 100,
  specialFamiliesLacking: 9_500,
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

/** Indicators: read from the rollups, a few key reads whatever the area. */
export const indicatorsCost = () => ({ field: 5, multiplier: 1 });
