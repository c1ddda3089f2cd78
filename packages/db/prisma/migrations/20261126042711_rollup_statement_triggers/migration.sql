-- Rollups kept per statement, not per row: a statement's rows (its transition tables) are turned
-- into leaf deltas (region, month, measure, ±n) summed over the statement, and each rollup key
-- they reach is upserted once, in key order. A write that changes no count (a person's name)
-- writes no rollup row at all, and so does not move rollup_version(). The per-row triggers and
-- rollup_add() go; what a birth, a death or a person (registry entries and exits, children under
-- three) counts in is one function per fact, and the rest is shared.

-- Room on each page for the updated versions of its rows, so an update stays on its page (HOT:
-- no new index entry, and the old version pruned on the page without a VACUUM, which the
-- embedded database never runs). The table is rewritten in key order with that room.
ALTER TABLE region_rollup SET (fillfactor = 70);
CLUSTER region_rollup USING region_rollup_pkey;
ANALYZE region_rollup;

-- The region's chain as one expression, which the planner inlines into the query calling it (the
-- ARRAY(SELECT DISTINCT ...) it replaces ran as a function call of its own, for every leaf). The
-- same set: a code's ancestors are its prefixes padded with zeros, so they sort before it and a
-- repeated one (a city's own code as its county, Dongguan's townships) is next to its twin.
CREATE OR REPLACE FUNCTION rollup_region_chain(code text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    left(code, 2) || '0000',
    nullif(left(code, 4) || '00', left(code, 2) || '0000'),
    nullif(CASE WHEN length(code) IN (9, 12) THEN left(code, 6) ELSE code END, left(code, 4) || '00'),
    CASE WHEN length(code) IN (9, 12) THEN nullif(left(code, 9), left(code, 6)) END,
    CASE WHEN length(code) = 12 THEN nullif(code, left(code, 9)) END
  ], NULL)
$$;

-- Adds leaf deltas (parallel arrays: region, a day of the month, measure, delta) to the rollups:
-- every region of each leaf's chain, every period key of its measure (rollup_keys_of), summed per
-- key first (ON CONFLICT may touch a row once a statement) and written in key order (concurrent
-- writers then meet on the rows in the same order). Nothing is written for no deltas.
CREATE FUNCTION rollup_apply(regions text[], days date[], measures text[], deltas bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(regions), 0) = 0 THEN RETURN; END IF;
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, x.measure, sum(x.delta)
  FROM (SELECT l.measure, l.delta, rollup_region_chain(l.region) AS chain, rollup_keys_of(l.measure, l.day) AS keys
        FROM unnest(regions, days, measures, deltas) AS l(region, day, measure, delta)
        OFFSET 0) AS x, -- each leaf's chain and keys computed once, not once per region of its chain
       unnest(x.chain) AS c,
       unnest(x.keys) AS p
  GROUP BY 1, 2, 3
  HAVING sum(x.delta) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- One event a fact row counts in: its leaf region, its day and the measure; it counts 1.
CREATE TYPE rollup_event AS (region_code text, day date, measure text);

-- What one fact row counts in.
CREATE FUNCTION birth_rollup_events(b birth) RETURNS SETOF rollup_event
LANGUAGE sql IMMUTABLE AS $$
  SELECT b.region_code, b.birth_date, m
  FROM unnest(birth_measures(b.sex, b.policy_conforming, b.registration_id, b.key_items_checked,
                             b.key_items_match, b.birth_date, b.reported_on)) AS m
$$;

CREATE FUNCTION death_rollup_events(d death) RETURNS SETOF rollup_event
LANGUAGE sql IMMUTABLE AS $$
  SELECT d.region_code, d.death_date, 'DEATHS'::text
$$;

-- Registry entries and exits (residents at a period's end = entries - exits up to it), and the
-- children under three (person_under3_events).
CREATE FUNCTION person_rollup_events(p person) RETURNS SETOF rollup_event
LANGUAGE sql IMMUTABLE AS $$
  SELECT p.residence_region_code, p.registered_on, 'REGISTRY_ENTRIES'::text
  UNION ALL
  SELECT p.residence_region_code, p.exited_on, 'REGISTRY_EXITS' WHERE p.status <> 'REGISTERED'
  UNION ALL
  SELECT u.region_code, u.day, u.measure
  FROM person_under3_events(p.residence_region_code, p.birth_date, p.registered_on, p.status, p.exited_on) u
$$;

-- A statement's events taken back (its old rows') and added (its new rows'), netted by leaf and
-- month (a day's period keys depend on its month only), into the rollups. Events without a region
-- or a day count nowhere.
CREATE FUNCTION rollup_apply_events(taken rollup_event[], added rollup_event[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r text[]; d date[]; m text[]; v bigint[];
BEGIN
  SELECT array_agg(e.region_code), array_agg(e.month), array_agg(e.measure), array_agg(e.n) INTO r, d, m, v
  FROM (SELECT e.region_code, date_trunc('month', e.day)::date AS month, e.measure, sum(e.n) AS n
        FROM (SELECT t.*, -1 AS n FROM unnest(taken) t UNION ALL SELECT a.*, 1 FROM unnest(added) a) e
        WHERE e.region_code IS NOT NULL AND e.day IS NOT NULL
        GROUP BY 1, 2, 3 HAVING sum(e.n) <> 0) e;
  PERFORM rollup_apply(r, d, m, v);
END
$$;

-- The statement-level triggers of birth, death and person: the old and new rows' events (the
-- transition tables old_rows and new_rows; a table's events function names its row type, so
-- each fact has its trigger function, the same three lines).
CREATE FUNCTION birth_rollup_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  taken rollup_event[]; added rollup_event[];
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN taken := ARRAY(SELECT e FROM old_rows x, birth_rollup_events(x) e); END IF;
  IF TG_OP <> 'DELETE' THEN added := ARRAY(SELECT e FROM new_rows x, birth_rollup_events(x) e); END IF;
  PERFORM rollup_apply_events(taken, added);
  RETURN NULL;
END
$$;

CREATE FUNCTION death_rollup_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  taken rollup_event[]; added rollup_event[];
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN taken := ARRAY(SELECT e FROM old_rows x, death_rollup_events(x) e); END IF;
  IF TG_OP <> 'DELETE' THEN added := ARRAY(SELECT e FROM new_rows x, death_rollup_events(x) e); END IF;
  PERFORM rollup_apply_events(taken, added);
  RETURN NULL;
END
$$;

CREATE FUNCTION person_rollup_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  taken rollup_event[]; added rollup_event[];
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN taken := ARRAY(SELECT e FROM old_rows x, person_rollup_events(x) e); END IF;
  IF TG_OP <> 'DELETE' THEN added := ARRAY(SELECT e FROM new_rows x, person_rollup_events(x) e); END IF;
  PERFORM rollup_apply_events(taken, added);
  RETURN NULL;
END
$$;

DROP TRIGGER birth_rollup ON birth;
DROP TRIGGER death_rollup ON death;
DROP TRIGGER person_rollup ON person;
DROP TRIGGER person_under3_rollup ON person;
DROP FUNCTION birth_rollup_trigger();
DROP FUNCTION death_rollup_trigger();
DROP FUNCTION person_rollup_trigger();
DROP FUNCTION person_under3_rollup_trigger();
DROP FUNCTION rollup_add(text, date, text[], integer);

-- A trigger with transition tables fires on one event: three per fact.
CREATE TRIGGER birth_rollup_insert AFTER INSERT ON birth REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION birth_rollup_statement();
CREATE TRIGGER birth_rollup_update AFTER UPDATE ON birth REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION birth_rollup_statement();
CREATE TRIGGER birth_rollup_delete AFTER DELETE ON birth REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION birth_rollup_statement();
CREATE TRIGGER death_rollup_insert AFTER INSERT ON death REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION death_rollup_statement();
CREATE TRIGGER death_rollup_update AFTER UPDATE ON death REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION death_rollup_statement();
CREATE TRIGGER death_rollup_delete AFTER DELETE ON death REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION death_rollup_statement();
CREATE TRIGGER person_rollup_insert AFTER INSERT ON person REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_statement();
CREATE TRIGGER person_rollup_update AFTER UPDATE ON person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_statement();
CREATE TRIGGER person_rollup_delete AFTER DELETE ON person REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_statement();

-- A recount takes back and adds only the difference between a record's previous contributions
-- and its present ones, through rollup_apply: a change that moves no count writes no rollup row.
CREATE OR REPLACE FUNCTION rollup_recount(src text, id text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r text[]; d date[]; m text[]; v bigint[];
BEGIN
  IF rollup_bulk_load() THEN RETURN; END IF;
  EXECUTE format(
    'WITH taken AS (DELETE FROM rollup_contribution WHERE source = %1$L AND source_id = %2$L
                    RETURNING region_code, day, measure, -value AS value),
          added AS (INSERT INTO rollup_contribution (source, source_id, region_code, day, measure, value)
                    SELECT %1$L, %2$L, x.region_code, x.day, x.measure, x.value FROM %3$I(%2$L) x
                    WHERE x.day IS NOT NULL AND x.value <> 0
                    RETURNING region_code, day, measure, value)
     SELECT array_agg(e.region_code), array_agg(e.month), array_agg(e.measure), array_agg(e.value)
     FROM (SELECT c.region_code, date_trunc(''month'', c.day)::date AS month, c.measure, sum(c.value) AS value
           FROM (SELECT * FROM taken UNION ALL SELECT * FROM added) c
           GROUP BY 1, 2, 3 HAVING sum(c.value) <> 0) e',
    src, id, src || '_contributions')
  INTO r, d, m, v;
  PERFORM rollup_apply(r, d, m, v);
END
$$;

-- The version's row is locked before a statement writes rollup rows, not after: a writer then
-- holds no rollup row while it waits for the row, and two transactions that each write the
-- rollups in several statements cannot deadlock on it (one holding the version and waiting for
-- a rollup row the other wrote, the other waiting for the version). The deltas are computed by
-- then; only the upsert runs under the lock before the commit.
DROP TRIGGER region_rollup_version ON region_rollup;
CREATE TRIGGER region_rollup_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_rollup
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
