-- Rollups: counts per region, period and measure, kept current by triggers on the fact tables
-- and summed up the region tree (a village's row also counts in its township, county, city and
-- province, by code prefix), so reading an indicator is a few key lookups.
-- Every writer (the gateway, an ingestion job, a hand-written SQL fix) goes through the
-- triggers in the same transaction as its write, so a rollup is never behind its rows.
-- Bulk loads set `popfam.bulk_load = on` for their transaction, skip the per-row triggers and
-- call rollup_rebuild() once at the end.

-- The region itself and its ancestors by code shape: 12-digit village, 9-digit township,
-- 6-digit county / city / province (GB/T 2260).
CREATE FUNCTION rollup_region_chain(code text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY(
    SELECT DISTINCT c FROM unnest(CASE length(code)
      WHEN 12 THEN ARRAY[left(code, 2) || '0000', left(code, 4) || '00', left(code, 6), left(code, 9), code]
      WHEN 9 THEN ARRAY[left(code, 2) || '0000', left(code, 4) || '00', left(code, 6), code]
      ELSE ARRAY[left(code, 2) || '0000', left(code, 4) || '00', code]
    END) AS c ORDER BY c)
$$;

-- The year, quarter and month a date falls in: '2021', '2021Q2', '2021-05'.
CREATE FUNCTION rollup_period_keys(d date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[to_char(d, 'YYYY'), to_char(d, 'YYYY') || 'Q' || to_char(d, 'Q'), to_char(d, 'YYYY-MM')]
$$;

-- The measures one birth counts in. The report delay is kept as a histogram (0..30 days, 31 =
-- later) so that the timeliness window stays configuration rather than being baked in here.
CREATE FUNCTION birth_measures(
  sex "Sex", policy_conforming boolean, registration_id text,
  key_items_checked boolean, key_items_match boolean, birth_date date, reported_on date
) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    'BIRTHS',
    CASE WHEN sex = 'MALE' THEN 'BIRTHS_MALE' ELSE 'BIRTHS_FEMALE' END,
    CASE WHEN policy_conforming THEN 'BIRTHS_POLICY_CONFORMING' END,
    CASE WHEN registration_id IS NOT NULL THEN 'BIRTHS_REGISTERED' END,
    CASE WHEN key_items_checked THEN 'BIRTHS_KEY_ITEMS_CHECKED' END,
    CASE WHEN key_items_checked AND key_items_match THEN 'BIRTHS_KEY_ITEMS_MATCHED' END,
    'BIRTH_REPORT_DELAY:' || lpad(least(greatest(reported_on - birth_date, 0), 31)::text, 2, '0')
  ], NULL)
$$;

CREATE FUNCTION rollup_add(region text, d date, measures text[], delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF region IS NULL OR d IS NULL OR delta = 0 OR cardinality(measures) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, m, delta
  FROM unnest(rollup_region_chain(region)) AS c,
       unnest(rollup_period_keys(d)) AS p,
       unnest(measures) AS m
  ON CONFLICT (region_code, period, measure)
  DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

CREATE FUNCTION rollup_bulk_load() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('popfam.bulk_load', true), '') = 'on'
$$;

CREATE FUNCTION birth_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_add(OLD.region_code, OLD.birth_date, birth_measures(OLD.sex, OLD.policy_conforming,
      OLD.registration_id, OLD.key_items_checked, OLD.key_items_match, OLD.birth_date, OLD.reported_on), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM rollup_add(NEW.region_code, NEW.birth_date, birth_measures(NEW.sex, NEW.policy_conforming,
      NEW.registration_id, NEW.key_items_checked, NEW.key_items_match, NEW.birth_date, NEW.reported_on), 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION death_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_add(OLD.region_code, OLD.death_date, ARRAY['DEATHS'], -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM rollup_add(NEW.region_code, NEW.death_date, ARRAY['DEATHS'], 1);
  END IF;
  RETURN NULL;
END
$$;

-- Registry residents at the end of a year = entries up to that year - exits up to that year.
CREATE FUNCTION person_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_add(OLD.residence_region_code, OLD.registered_on, ARRAY['REGISTRY_ENTRIES'], -1);
    IF OLD.status <> 'REGISTERED' THEN
      PERFORM rollup_add(OLD.residence_region_code, OLD.exited_on, ARRAY['REGISTRY_EXITS'], -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM rollup_add(NEW.residence_region_code, NEW.registered_on, ARRAY['REGISTRY_ENTRIES'], 1);
    IF NEW.status <> 'REGISTERED' THEN
      PERFORM rollup_add(NEW.residence_region_code, NEW.exited_on, ARRAY['REGISTRY_EXITS'], 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER birth_rollup AFTER INSERT OR UPDATE OR DELETE ON birth
  FOR EACH ROW EXECUTE FUNCTION birth_rollup_trigger();
CREATE TRIGGER death_rollup AFTER INSERT OR UPDATE OR DELETE ON death
  FOR EACH ROW EXECUTE FUNCTION death_rollup_trigger();
CREATE TRIGGER person_rollup AFTER INSERT OR UPDATE OR DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION person_rollup_trigger();

-- Recomputes every rollup from the fact tables: after a bulk load, or to verify the triggers.
-- Facts are grouped by leaf region and month first, then spread up the tree and over periods.
CREATE FUNCTION rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM region_rollup;
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, leaf.measure, sum(leaf.n)::integer
  FROM (
    SELECT b.region_code, date_trunc('month', b.birth_date)::date AS d, m AS measure, count(*) AS n
    FROM birth b,
         unnest(birth_measures(b.sex, b.policy_conforming, b.registration_id, b.key_items_checked,
                               b.key_items_match, b.birth_date, b.reported_on)) AS m
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT region_code, date_trunc('month', death_date)::date, 'DEATHS', count(*)
    FROM death GROUP BY 1, 2
    UNION ALL
    SELECT residence_region_code, date_trunc('month', registered_on)::date, 'REGISTRY_ENTRIES', count(*)
    FROM person GROUP BY 1, 2
    UNION ALL
    SELECT residence_region_code, date_trunc('month', exited_on)::date, 'REGISTRY_EXITS', count(*)
    FROM person WHERE status <> 'REGISTERED' AND exited_on IS NOT NULL GROUP BY 1, 2
  ) AS leaf,
  unnest(rollup_region_chain(leaf.region_code)) AS c,
  unnest(rollup_period_keys(leaf.d)) AS p
  GROUP BY 1, 2, 3;
END
$$;

-- The audit log only ever grows.
CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
