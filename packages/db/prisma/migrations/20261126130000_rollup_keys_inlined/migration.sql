-- A fact's period keys from immutable date parts. to_char is STABLE (it reads the session's
-- locale), so the IMMUTABLE functions built on it could not be inlined into the statements calling
-- them: every call ran through the SQL-function executor (about 30 µs, several per birth written,
-- and one per region, day and measure in rollup_rebuild()). The keys are the same strings.
CREATE OR REPLACE FUNCTION rollup_period_keys(d date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[
    lpad(extract(year FROM d)::int::text, 4, '0'),
    lpad(extract(year FROM d)::int::text, 4, '0') || 'Q' || extract(quarter FROM d)::int::text,
    lpad(extract(year FROM d)::int::text, 4, '0') || '-' || lpad(extract(month FROM d)::int::text, 2, '0')
  ]
$$;

CREATE OR REPLACE FUNCTION rollup_keys_of(measure text, d date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN measure LIKE '%:YEAR' THEN ARRAY[lpad(extract(year FROM d)::int::text, 4, '0')]
    WHEN measure LIKE '%:QUARTER' THEN ARRAY[lpad(extract(year FROM d)::int::text, 4, '0') || 'Q' || extract(quarter FROM d)::int::text]
    WHEN measure LIKE '%:MONTH' THEN ARRAY[lpad(extract(year FROM d)::int::text, 4, '0') || '-' || lpad(extract(month FROM d)::int::text, 2, '0')]
    ELSE rollup_period_keys(d)
  END
$$;
