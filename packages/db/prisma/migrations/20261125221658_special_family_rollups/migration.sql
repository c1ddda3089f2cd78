-- CreateTable
CREATE TABLE "holiday_window" (
    "holiday" "Holiday" NOT NULL,
    "day" DATE NOT NULL,
    "window_start" DATE NOT NULL,
    "window_end" DATE NOT NULL,

    CONSTRAINT "holiday_window_pkey" PRIMARY KEY ("day")
);


-- The domain's holiday table (packages/domain/src/special-family/holidays.ts) as rows; a test
-- checks that the two agree, year by year.
INSERT INTO holiday_window (holiday, day, window_start, window_end) VALUES
  ('SPRING_FESTIVAL', '2019-02-05', '2019-01-21', '2019-02-20'),
  ('MID_AUTUMN', '2019-09-13', '2019-09-03', '2019-09-13'),
  ('DOUBLE_NINTH', '2019-10-07', '2019-09-27', '2019-10-07'),
  ('SPRING_FESTIVAL', '2020-01-25', '2020-01-10', '2020-02-09'),
  ('MID_AUTUMN', '2020-10-01', '2020-09-21', '2020-10-01'),
  ('DOUBLE_NINTH', '2020-10-25', '2020-10-15', '2020-10-25'),
  ('SPRING_FESTIVAL', '2021-02-12', '2021-01-28', '2021-02-27'),
  ('MID_AUTUMN', '2021-09-21', '2021-09-11', '2021-09-21'),
  ('DOUBLE_NINTH', '2021-10-14', '2021-10-04', '2021-10-14'),
  ('SPRING_FESTIVAL', '2022-02-01', '2022-01-17', '2022-02-16'),
  ('MID_AUTUMN', '2022-09-10', '2022-08-31', '2022-09-10'),
  ('DOUBLE_NINTH', '2022-10-04', '2022-09-24', '2022-10-04'),
  ('SPRING_FESTIVAL', '2023-01-22', '2023-01-07', '2023-02-06'),
  ('MID_AUTUMN', '2023-09-29', '2023-09-19', '2023-09-29'),
  ('DOUBLE_NINTH', '2023-10-23', '2023-10-13', '2023-10-23'),
  ('SPRING_FESTIVAL', '2024-02-10', '2024-01-26', '2024-02-25'),
  ('MID_AUTUMN', '2024-09-17', '2024-09-07', '2024-09-17'),
  ('DOUBLE_NINTH', '2024-10-11', '2024-10-01', '2024-10-11'),
  ('SPRING_FESTIVAL', '2025-01-29', '2025-01-14', '2025-02-13'),
  ('MID_AUTUMN', '2025-10-06', '2025-09-26', '2025-10-06'),
  ('DOUBLE_NINTH', '2025-10-29', '2025-10-19', '2025-10-29'),
  ('SPRING_FESTIVAL', '2026-02-17', '2026-02-02', '2026-03-04'),
  ('MID_AUTUMN', '2026-09-25', '2026-09-15', '2026-09-25'),
  ('DOUBLE_NINTH', '2026-10-18', '2026-10-08', '2026-10-18'),
  ('SPRING_FESTIVAL', '2027-02-06', '2027-01-22', '2027-02-21'),
  ('MID_AUTUMN', '2027-09-15', '2027-09-05', '2027-09-15'),
  ('DOUBLE_NINTH', '2027-10-08', '2027-09-28', '2027-10-08'),
  ('SPRING_FESTIVAL', '2028-01-26', '2028-01-11', '2028-02-10'),
  ('MID_AUTUMN', '2028-10-03', '2028-09-23', '2028-10-03'),
  ('DOUBLE_NINTH', '2028-10-26', '2028-10-16', '2028-10-26'),
  ('SPRING_FESTIVAL', '2029-02-13', '2029-01-29', '2029-02-28'),
  ('MID_AUTUMN', '2029-09-22', '2029-09-12', '2029-09-22'),
  ('DOUBLE_NINTH', '2029-10-16', '2029-10-06', '2029-10-16'),
  ('SPRING_FESTIVAL', '2030-02-03', '2030-01-19', '2030-02-18'),
  ('MID_AUTUMN', '2030-09-12', '2030-09-02', '2030-09-12'),
  ('DOUBLE_NINTH', '2030-10-05', '2030-09-25', '2030-10-05');

-- ─── A measure kept at one period level ──────────────────────────────────────────────────────
-- A measure named '<name>:YEAR', ':QUARTER' or ':MONTH' counts only in that level's key of its
-- day (a count judged per period, such as the families due a holiday visit in it); every other
-- measure counts in the day's year, quarter and month.
CREATE FUNCTION rollup_keys_of(measure text, d date) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN measure LIKE '%:YEAR' THEN ARRAY[to_char(d, 'YYYY')]
    WHEN measure LIKE '%:QUARTER' THEN ARRAY[to_char(d, 'YYYY') || 'Q' || to_char(d, 'Q')]
    WHEN measure LIKE '%:MONTH' THEN ARRAY[to_char(d, 'YYYY-MM')]
    ELSE rollup_period_keys(d)
  END
$$;

CREATE OR REPLACE FUNCTION rollup_recount(src text, id text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF rollup_bulk_load() THEN RETURN; END IF;
  FOR c IN DELETE FROM rollup_contribution WHERE source = src AND source_id = id RETURNING * LOOP
    PERFORM rollup_add_to(c.region_code, rollup_keys_of(c.measure, c.day), ARRAY[c.measure], -c.value);
  END LOOP;
  EXECUTE format('INSERT INTO rollup_contribution (source, source_id, region_code, day, measure, value)
                  SELECT %L, %L, x.region_code, x.day, x.measure, x.value FROM %I(%L) x WHERE x.day IS NOT NULL AND x.value <> 0',
                 src, id, src || '_contributions', id);
  FOR c IN SELECT * FROM rollup_contribution WHERE source = src AND source_id = id LOOP
    PERFORM rollup_add_to(c.region_code, rollup_keys_of(c.measure, c.day), ARRAY[c.measure], c.value);
  END LOOP;
END
$$;

-- Every part, then every kept contribution summed into its periods: first by region, day and
-- measure (many records contribute on the same day, a festival's), each group's period keys and
-- each region's chain computed once (called per expanded row, they took most of the time).
CREATE OR REPLACE FUNCTION rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  part record;
BEGIN
  DELETE FROM region_rollup;
  DELETE FROM rollup_contribution;
  FOR part IN SELECT name FROM rollup_part ORDER BY name LOOP
    EXECUTE format('SELECT %I()', 'rollup_rebuild_' || part.name);
  END LOOP;
  WITH x AS (
      SELECT region_code, measure, rollup_keys_of(measure, day) AS keys, sum(value) AS value
      FROM rollup_contribution GROUP BY region_code, day, measure),
    chains AS (SELECT r.code, rollup_region_chain(r.code) AS chain FROM (SELECT DISTINCT region_code AS code FROM x) r)
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, x.measure, sum(x.value)
  FROM x JOIN chains ON chains.code = x.region_code, unnest(chains.chain) AS c, unnest(x.keys) AS p
  GROUP BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- ─── Special-family coverage as rollups ─────────────────────────────────────────────────────
-- What one family contributes, by the definitions of the domain's specialFamilyMeasures:
-- stocks at a period's end kept as ins and outs: in the archive from registered_on until
-- closed_on (the first day out); with a contact person, a doctor contract (any member's), a green
-- channel or a mental-health service in force (from its first day through its last, inclusive:
-- out the day after), the spans of each kind merged and held within the archive span. The
-- holiday visit is judged per period: for each year, quarter and month holding a festival on
-- whose day the family was in the archive, it was due a visit (counted on the first such
-- festival's day, under the period's level), and visited when a visit fell within the window of
-- every such festival.
CREATE FUNCTION special_family_contributions(family text)
RETURNS TABLE (region_code text, day date, measure text, value bigint)
LANGUAGE sql STABLE AS $$
  WITH f AS (SELECT * FROM special_family WHERE id = family),
  spans (kind, from_day, until_day) AS (
    SELECT 'SF_CONTACT', c.assigned_on, c.ended_on + 1 FROM contact_person c WHERE c.family_id = family
    UNION ALL SELECT 'SF_DOCTOR', d.signed_on, d.valid_until + 1 FROM family_doctor_contract d WHERE d.family_id = family
    UNION ALL SELECT 'SF_GREEN', g.since, g.until + 1 FROM green_channel g WHERE g.family_id = family
    UNION ALL SELECT 'SF_MENTAL', m.started_on, m.ended_on + 1 FROM mental_health_service m WHERE m.family_id = family
  ),
  reaching AS (
    SELECT s.kind, s.from_day, s.until_day,
           max(coalesce(s.until_day, 'infinity'::date)) OVER (PARTITION BY s.kind ORDER BY s.from_day, s.until_day NULLS LAST
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM spans s
  ),
  islands AS (
    SELECT r.kind, r.from_day, r.until_day,
           sum(CASE WHEN r.reach IS NULL OR r.from_day > r.reach THEN 1 ELSE 0 END)
             OVER (PARTITION BY r.kind ORDER BY r.from_day, r.until_day NULLS LAST ROWS UNBOUNDED PRECEDING) AS island
    FROM reaching r
  ),
  merged AS (
    SELECT i.kind, min(i.from_day) AS from_day, nullif(max(coalesce(i.until_day, 'infinity'::date)), 'infinity'::date) AS until_day
    FROM islands i GROUP BY i.kind, i.island
  ),
  archived AS (SELECT 'SF_FAMILIES'::text AS kind, f.registered_on AS from_day, f.closed_on AS until_day FROM f),
  stocks AS (
    SELECT a.kind, a.from_day, a.until_day FROM archived a
    UNION ALL
    SELECT m.kind, greatest(m.from_day, a.from_day),
           nullif(least(coalesce(m.until_day, 'infinity'::date), coalesce(a.until_day, 'infinity'::date)), 'infinity'::date)
    FROM merged m, archived a
  ),
  due AS (
    SELECT h.day,
           EXISTS (SELECT 1 FROM visit v WHERE v.family_id = family AND v.visited_on BETWEEN h.window_start AND h.window_end) AS visited
    FROM f JOIN holiday_window h ON h.day >= f.registered_on AND (f.closed_on IS NULL OR f.closed_on > h.day)
  ),
  periods AS (
    SELECT l.level, l.period, min(d.day) AS day, bool_and(d.visited) AS visited
    FROM due d,
         LATERAL (VALUES ('YEAR', to_char(d.day, 'YYYY')), ('QUARTER', to_char(d.day, 'YYYY"Q"Q')), ('MONTH', to_char(d.day, 'YYYY-MM'))) AS l(level, period)
    GROUP BY l.level, l.period
  )
  SELECT f.region_code, s.from_day, s.kind || '_IN', 1::bigint FROM f, stocks s
   WHERE s.until_day IS NULL OR s.until_day > s.from_day
  UNION ALL
  SELECT f.region_code, s.until_day, s.kind || '_OUT', 1 FROM f, stocks s
   WHERE s.until_day IS NOT NULL AND s.until_day > s.from_day
  UNION ALL SELECT f.region_code, p.day, 'SF_HOLIDAY_VISITABLE:' || p.level, 1 FROM f, periods p
  UNION ALL SELECT f.region_code, p.day, 'SF_HOLIDAY_VISITED:' || p.level, 1 FROM f, periods p WHERE p.visited
$$;

-- A change to a record, or to anything its contribution depends on, recounts that record: one
-- trigger function for every area, told by its trigger the source and the column of the changed
-- row that names the record (its id, or the id of the record it belongs to).
CREATE FUNCTION rollup_recount_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_id text;
  new_id text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN old_id := to_jsonb(OLD) ->> TG_ARGV[1]; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN new_id := to_jsonb(NEW) ->> TG_ARGV[1]; END IF;
  IF old_id IS NOT NULL THEN PERFORM rollup_recount(TG_ARGV[0], old_id); END IF;
  IF new_id IS NOT NULL AND new_id IS DISTINCT FROM old_id THEN PERFORM rollup_recount(TG_ARGV[0], new_id); END IF;
  RETURN NULL;
END
$$;

-- The childcare triggers on it, in place of their own function.
DROP TRIGGER childcare_institution_recount ON childcare_institution;
DROP TRIGGER childcare_filing_recount ON childcare_filing;
DROP TRIGGER inclusive_recognition_recount ON inclusive_recognition;
DROP TRIGGER childcare_class_recount ON childcare_class;
DROP TRIGGER childcare_designation_recount ON childcare_designation;
DROP FUNCTION childcare_recount_trigger();
CREATE TRIGGER childcare_institution_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_institution
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('childcare_institution', 'id');
CREATE TRIGGER childcare_filing_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_filing
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('childcare_institution', 'institution_id');
CREATE TRIGGER inclusive_recognition_recount AFTER INSERT OR UPDATE OR DELETE ON inclusive_recognition
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('childcare_institution', 'institution_id');
CREATE TRIGGER childcare_class_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_class
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('childcare_institution', 'institution_id');
CREATE TRIGGER childcare_designation_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_designation
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('childcare_institution', 'institution_id');

-- A special family is recounted on any change to it or to what is arranged and done for it.
CREATE TRIGGER special_family_recount AFTER INSERT OR UPDATE OR DELETE ON special_family
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'id');
CREATE TRIGGER contact_person_recount AFTER INSERT OR UPDATE OR DELETE ON contact_person
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'family_id');
CREATE TRIGGER family_doctor_contract_recount AFTER INSERT OR UPDATE OR DELETE ON family_doctor_contract
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'family_id');
CREATE TRIGGER green_channel_recount AFTER INSERT OR UPDATE OR DELETE ON green_channel
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'family_id');
CREATE TRIGGER mental_health_service_recount AFTER INSERT OR UPDATE OR DELETE ON mental_health_service
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'family_id');
CREATE TRIGGER visit_recount AFTER INSERT OR UPDATE OR DELETE ON visit
  FOR EACH ROW EXECUTE FUNCTION rollup_recount_trigger('special_family', 'family_id');

CREATE FUNCTION rollup_rebuild_special_families() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_contribution (source, source_id, region_code, day, measure, value)
  SELECT 'special_family', f.id, x.region_code, x.day, x.measure, x.value
  FROM special_family f, special_family_contributions(f.id) x
  WHERE x.day IS NOT NULL AND x.value <> 0;
END
$$;

INSERT INTO rollup_part (name) VALUES ('special_families');

-- A database seeded before this migration: the special families counted.
SELECT rollup_rebuild();
