-- A quarter's count is the sum of its three months' rows: quarters are no longer kept as keys of
-- their own. A fact written through the triggers then upserts two period keys per region and
-- measure (its year and month) instead of three: a birth's 105 rollup rows become 70. The readers
-- sum a period's flow keys (one for a year or a month, three for a quarter; rollups.ts). Measures
-- kept at one grain (`…:QUARTER`) keep their quarter keys: they are not sums of months.
CREATE OR REPLACE FUNCTION rollup_period_keys(d date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[
    lpad(extract(year FROM d)::int::text, 4, '0'),
    lpad(extract(year FROM d)::int::text, 4, '0') || '-' || lpad(extract(month FROM d)::int::text, 2, '0')
  ]
$$;

-- The keys whose rows sum to a flow over a period: its own for a year or a month, its three months
-- for a quarter. Immutable parts only, so that it is inlined into the reading statement and its
-- `period = ANY(...)` is an index condition.
CREATE FUNCTION rollup_flow_keys(period text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN length(period) = 6 THEN ARRAY[
      left(period, 4) || '-' || lpad((right(period, 1)::int * 3 - 2)::text, 2, '0'),
      left(period, 4) || '-' || lpad((right(period, 1)::int * 3 - 1)::text, 2, '0'),
      left(period, 4) || '-' || lpad((right(period, 1)::int * 3)::text, 2, '0')]
    ELSE ARRAY[period] END
$$;

DELETE FROM region_rollup WHERE length(period) = 6 AND measure NOT LIKE '%:QUARTER';
