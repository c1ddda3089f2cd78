-- CreateEnum
CREATE TYPE "ChildcareInstitutionKind" AS ENUM ('CHILDCARE_INSTITUTION', 'HOME_CHILDCARE_POINT', 'KINDERGARTEN_CLASS', 'EMPLOYER_CHILDCARE', 'COMMUNITY_CHILDCARE', 'COMPREHENSIVE_CENTRE');

-- CreateEnum
CREATE TYPE "ChildcareOwnership" AS ENUM ('PUBLIC', 'PRIVATE', 'PUBLIC_PRIVATELY_RUN', 'PRIVATE_PUBLICLY_AIDED');

-- CreateEnum
CREATE TYPE "ChildcareLegalForm" AS ENUM ('PUBLIC_INSTITUTION', 'SOCIAL_SERVICE_ORGANISATION', 'FOR_PROFIT');

-- CreateEnum
CREATE TYPE "InclusiveBasis" AS ENUM ('PUBLIC', 'SOCIAL_INCLUSIVE', 'KINDERGARTEN_CLASS');

-- CreateEnum
CREATE TYPE "ChildcareFilingKind" AS ENUM ('INITIAL', 'CHANGE', 'CANCELLATION');

-- CreateEnum
CREATE TYPE "ChildcareClassType" AS ENUM ('INFANT', 'TODDLER', 'PRESCHOOL', 'MIXED');

-- CreateEnum
CREATE TYPE "ChildcareStaffRole" AS ENUM ('HEAD', 'CAREGIVER', 'HEALTH_WORKER', 'SECURITY_GUARD', 'COOK');

-- CreateEnum
CREATE TYPE "ChildcareIncidentKind" AS ENUM ('NATURAL_DISASTER', 'INFECTIOUS_DISEASE', 'FOOD_POISONING', 'STAMPEDE', 'FIRE', 'VIOLENCE', 'INJURY', 'OTHER');

-- CreateEnum
CREATE TYPE "ChildcareIncidentSeverity" AS ENUM ('MINOR', 'SERIOUS', 'MAJOR');

-- CreateEnum
CREATE TYPE "ChildcareDesignationKind" AS ENUM ('DEMONSTRATION_POINT', 'CITY_PILOT', 'GUIDANCE_CENTRE', 'COMMUNITY_PARENT_CHILD_CENTRE');

-- CreateTable
CREATE TABLE "childcare_institution" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ChildcareInstitutionKind" NOT NULL,
    "ownership" "ChildcareOwnership" NOT NULL,
    "legal_form" "ChildcareLegalForm" NOT NULL,
    "service_types" TEXT[],
    "region_code" TEXT NOT NULL,
    "usable_area_m2" DOUBLE PRECISION NOT NULL,
    "lowest_child_floor" INTEGER NOT NULL,
    "highest_child_floor" INTEGER NOT NULL,
    "lease_starts_on" DATE,
    "lease_ends_on" DATE,
    "operator_id" TEXT,
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inclusive_recognition" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "basis" "InclusiveBasis" NOT NULL,
    "recognised_by" TEXT NOT NULL,
    "recognised_on" DATE NOT NULL,
    "withdrawn_on" DATE,
    "fee_list" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "inclusive_recognition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_filing" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "kind" "ChildcareFilingKind" NOT NULL,
    "submitted_on" DATE NOT NULL,
    "attachments" TEXT[],
    "recorded_on" DATE,
    "receipt_number" TEXT,
    "non_compliance_notice_on" DATE,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_filing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_class" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "type" "ChildcareClassType" NOT NULL,
    "places" INTEGER NOT NULL,
    "inclusive_places" INTEGER NOT NULL,
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_class_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_enrolment" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "class_id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "child_id_number" TEXT NOT NULL,
    "child_person_id" TEXT,
    "age_months" INTEGER NOT NULL,
    "report_key" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_staff" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "class_id" TEXT,
    "role" "ChildcareStaffRole" NOT NULL,
    "name" TEXT NOT NULL,
    "full_time" BOOLEAN NOT NULL,
    "qualifications" TEXT[],
    "health_certificate_until" DATE,
    "background_checked_on" DATE,
    "started_on" DATE NOT NULL,
    "left_on" DATE,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_inspection" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "inspected_on" DATE NOT NULL,
    "inspector" TEXT NOT NULL,
    "findings" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_incident" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "occurred_on" DATE NOT NULL,
    "kind" "ChildcareIncidentKind" NOT NULL,
    "severity" "ChildcareIncidentSeverity" NOT NULL,
    "major" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "childcare_designation" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "kind" "ChildcareDesignationKind" NOT NULL,
    "designated_by" TEXT NOT NULL,
    "designated_on" DATE NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "childcare_designation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "childcare_institution_idempotency_key_key" ON "childcare_institution"("idempotency_key");

-- CreateIndex
CREATE INDEX "childcare_institution_region_code_id_idx" ON "childcare_institution"("region_code", "id");

-- CreateIndex
CREATE INDEX "childcare_institution_operator_id_idx" ON "childcare_institution"("operator_id");

-- CreateIndex
CREATE UNIQUE INDEX "inclusive_recognition_idempotency_key_key" ON "inclusive_recognition"("idempotency_key");

-- CreateIndex
CREATE INDEX "inclusive_recognition_institution_id_idx" ON "inclusive_recognition"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "childcare_filing_idempotency_key_key" ON "childcare_filing"("idempotency_key");

-- CreateIndex
CREATE INDEX "childcare_filing_institution_id_submitted_on_idx" ON "childcare_filing"("institution_id", "submitted_on");

-- CreateIndex
CREATE INDEX "childcare_class_institution_id_idx" ON "childcare_class"("institution_id");

-- CreateIndex
CREATE INDEX "childcare_enrolment_class_id_month_idx" ON "childcare_enrolment"("class_id", "month");

-- CreateIndex
CREATE INDEX "childcare_enrolment_child_id_number_idx" ON "childcare_enrolment"("child_id_number");

-- CreateIndex
CREATE UNIQUE INDEX "childcare_enrolment_institution_id_month_child_id_number_key" ON "childcare_enrolment"("institution_id", "month", "child_id_number");

-- CreateIndex
CREATE INDEX "childcare_staff_institution_id_idx" ON "childcare_staff"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "childcare_inspection_idempotency_key_key" ON "childcare_inspection"("idempotency_key");

-- CreateIndex
CREATE INDEX "childcare_inspection_institution_id_inspected_on_idx" ON "childcare_inspection"("institution_id", "inspected_on");

-- CreateIndex
CREATE UNIQUE INDEX "childcare_incident_idempotency_key_key" ON "childcare_incident"("idempotency_key");

-- CreateIndex
CREATE INDEX "childcare_incident_institution_id_occurred_on_idx" ON "childcare_incident"("institution_id", "occurred_on");

-- CreateIndex
CREATE INDEX "childcare_designation_institution_id_idx" ON "childcare_designation"("institution_id");


-- ─── Rollups: one rebuild part per area, and contributions that a change can take back ──────

-- A rebuild is the sum of its parts: each area's migration adds a function rollup_rebuild_<part>()
-- that inserts its counts, and a row here. rollup_rebuild() itself no longer changes per area.
CREATE TABLE rollup_part (name text PRIMARY KEY);

-- What one record contributes to the rollups (its region, day, measure and value), kept so that a
-- change to anything the record's counts depend on takes exactly that back before adding anew.
CREATE TABLE rollup_contribution (
  source      text   NOT NULL,
  source_id   text   NOT NULL,
  region_code text   NOT NULL,
  day         date   NOT NULL,
  measure     text   NOT NULL,
  value       bigint NOT NULL
);
CREATE INDEX rollup_contribution_source_idx ON rollup_contribution (source, source_id);

-- Recounts one record: its previous contributions taken back, the function <source>_contributions(id)
-- asked for its present ones, and those added (in the year, quarter and month of each day).
CREATE FUNCTION rollup_recount(src text, id text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF rollup_bulk_load() THEN RETURN; END IF;
  FOR c IN DELETE FROM rollup_contribution WHERE source = src AND source_id = id RETURNING * LOOP
    PERFORM rollup_add_to(c.region_code, rollup_period_keys(c.day), ARRAY[c.measure], -c.value);
  END LOOP;
  EXECUTE format('INSERT INTO rollup_contribution (source, source_id, region_code, day, measure, value)
                  SELECT %L, %L, x.region_code, x.day, x.measure, x.value FROM %I(%L) x WHERE x.day IS NOT NULL AND x.value <> 0',
                 src, id, src || '_contributions', id);
  FOR c IN SELECT * FROM rollup_contribution WHERE source = src AND source_id = id LOOP
    PERFORM rollup_add_to(c.region_code, rollup_period_keys(c.day), ARRAY[c.measure], c.value);
  END LOOP;
END
$$;

-- The population part: births, deaths, registry entries and exits (by day), and the children
-- under three in the registry (in at birth or registration, out at the third birthday or exit).
CREATE FUNCTION rollup_rebuild_population() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, leaf.measure, sum(leaf.n)
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
    UNION ALL
    SELECT u.region_code, date_trunc('month', u.day)::date, u.measure, count(*)
    FROM person p, person_under3_events(p.residence_region_code, p.birth_date, p.registered_on, p.status, p.exited_on) u
    GROUP BY 1, 2, 3
  ) AS leaf,
  unnest(rollup_region_chain(leaf.region_code)) AS c,
  unnest(rollup_period_keys(leaf.d)) AS p
  GROUP BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- 3岁以下 in the registry: in from birth (or registration, if later), out at the third birthday or
-- at the exit, whichever comes first; nothing when it is out before it is in.
CREATE FUNCTION person_under3_events(region text, birth date, registered date, status "PersonStatus", exited date)
RETURNS TABLE (region_code text, day date, measure text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT region, d.day, d.measure
  FROM (SELECT greatest(birth, registered) AS in_day,
               least((birth + interval '3 years')::date, CASE WHEN status <> 'REGISTERED' THEN coalesce(exited, birth) END) AS out_day) s,
       LATERAL (VALUES (s.in_day, 'CHILDREN_UNDER3_IN'), (s.out_day, 'CHILDREN_UNDER3_OUT')) AS d(day, measure)
  WHERE s.in_day < s.out_day
$$;

CREATE FUNCTION person_under3_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  u record;
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    FOR u IN SELECT * FROM person_under3_events(OLD.residence_region_code, OLD.birth_date, OLD.registered_on, OLD.status, OLD.exited_on) LOOP
      PERFORM rollup_add_to(u.region_code, rollup_period_keys(u.day), ARRAY[u.measure], -1);
    END LOOP;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    FOR u IN SELECT * FROM person_under3_events(NEW.residence_region_code, NEW.birth_date, NEW.registered_on, NEW.status, NEW.exited_on) LOOP
      PERFORM rollup_add_to(u.region_code, rollup_period_keys(u.day), ARRAY[u.measure], 1);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_under3_rollup AFTER INSERT OR UPDATE OR DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION person_under3_rollup_trigger();

-- The assistance part: every assessment's `decided` rejudged, then the program-year counts.
-- Set-based (hash joins), not a probe per assessment: a rebuild runs right after a bulk load,
-- before the planner has statistics, when per-row probes can take minutes.
CREATE FUNCTION rollup_rebuild_assistance() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  previous text := coalesce(current_setting('popfam.bulk_load', true), '');
BEGIN
  PERFORM set_config('popfam.bulk_load', 'on', true);
  UPDATE eligibility_assessment a SET decided = j.decided
  FROM (
    SELECT t.id, (same_year.id IS NOT NULL OR (p.schedule = 'ONE_TIME' AND any_year.id_number IS NOT NULL)) AS decided
    FROM eligibility_assessment t
    LEFT JOIN assistance_program p ON p.code = t.program_code
    LEFT JOIN eligibility_decision same_year
      ON same_year.program_code = t.program_code AND same_year.year = t.year AND same_year.id_number = t.id_number
    LEFT JOIN (SELECT DISTINCT program_code, id_number FROM eligibility_decision) any_year
      ON any_year.program_code = t.program_code AND any_year.id_number = t.id_number
  ) j
  WHERE j.id = a.id AND a.decided <> j.decided;
  PERFORM set_config('popfam.bulk_load', previous, true);

  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, leaf.period, leaf.measure, sum(leaf.n)
  FROM (
    SELECT a.region_code, a.year::text AS period, m AS measure, count(*) AS n
    FROM eligibility_assessment a, unnest(assessment_measures(a.program_code, a.eligible, a.decided)) AS m
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT r.region_code, b.year::text, 'PAID_FEN:' || b.program_code, sum(l.amount_fen)
    FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id JOIN beneficiary r ON r.id = l.beneficiary_id
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT r.region_code, b.year::text, 'PAID_BENEFICIARIES:' || b.program_code, count(DISTINCT l.beneficiary_id)
    FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id JOIN beneficiary r ON r.id = l.beneficiary_id
    GROUP BY 1, 2, 3
  ) AS leaf,
  unnest(rollup_region_chain(leaf.region_code)) AS c
  GROUP BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- ─── The childcare part ──────────────────────────────────────────────────────────────────────
-- Stocks at a period's end are counted as in − out up to that day (as registry residents are):
-- institutions operating, institutions filed and operating, places, 普惠 places (while the
-- institution is recognised). Flows are counted on their day: new 普惠 institutions, new or
-- expanded institutions (an opening, or the first new class of a later year), kindergarten 托班
-- opened, designations by kind. Enrolment is counted by month, for the period's last month.
CREATE FUNCTION childcare_institution_contributions(institution text)
RETURNS TABLE (region_code text, day date, measure text, value bigint)
LANGUAGE sql STABLE AS $$
  WITH i AS (SELECT * FROM childcare_institution WHERE id = institution),
  filed AS (
    SELECT greatest(i.opened_on, min(f.recorded_on)) AS from_day, i.closed_on AS until_day
    FROM i JOIN childcare_filing f ON f.institution_id = i.id AND f.kind = 'INITIAL' AND f.recorded_on IS NOT NULL
    GROUP BY i.opened_on, i.closed_on
  ),
  recognised AS (
    -- From the first recognition; until its withdrawal only when every recognition is withdrawn.
    SELECT min(r.recognised_on) AS from_day,
           CASE WHEN bool_and(r.withdrawn_on IS NOT NULL) THEN max(r.withdrawn_on) END AS until_day
    FROM inclusive_recognition r WHERE r.institution_id = institution
    HAVING count(*) > 0
  ),
  classes AS (
    SELECT c.opened_on AS from_day, least(c.closed_on, i.closed_on) AS until_day, c.places, c.inclusive_places
    FROM i JOIN childcare_class c ON c.institution_id = i.id
  ),
  inclusive AS (
    SELECT greatest(c.from_day, r.from_day) AS from_day,
           nullif(least(coalesce(c.until_day, 'infinity'), coalesce(r.until_day, 'infinity')), 'infinity')::date AS until_day,
           c.inclusive_places
    FROM classes c, recognised r
    WHERE c.inclusive_places > 0
  ),
  spans (measure, from_day, until_day, value) AS (
    SELECT 'CHILDCARE_INSTITUTIONS', i.opened_on, i.closed_on, 1::bigint FROM i
    UNION ALL SELECT 'CHILDCARE_FILED', f.from_day, f.until_day, 1 FROM filed f
    UNION ALL SELECT 'CHILDCARE_PLACES', c.from_day, c.until_day, c.places FROM classes c
    UNION ALL SELECT 'CHILDCARE_INCLUSIVE_PLACES', x.from_day, x.until_day, x.inclusive_places FROM inclusive x
  ),
  expansions AS (
    SELECT min(c.opened_on) AS day
    FROM i JOIN childcare_class c ON c.institution_id = i.id
    WHERE extract(year FROM c.opened_on) > extract(year FROM i.opened_on)
    GROUP BY extract(year FROM c.opened_on)
  )
  SELECT i.region_code, s.from_day, s.measure || '_IN', s.value FROM i, spans s
   WHERE s.until_day IS NULL OR s.until_day > s.from_day
  UNION ALL
  SELECT i.region_code, s.until_day, s.measure || '_OUT', s.value FROM i, spans s
   WHERE s.until_day IS NOT NULL AND s.until_day > s.from_day
  UNION ALL SELECT i.region_code, r.from_day, 'CHILDCARE_NEW_INCLUSIVE', 1 FROM i, recognised r
  UNION ALL SELECT i.region_code, i.opened_on, 'CHILDCARE_NEW_OR_EXPANDED', 1 FROM i
  UNION ALL SELECT i.region_code, e.day, 'CHILDCARE_NEW_OR_EXPANDED', 1 FROM i, expansions e
  UNION ALL SELECT i.region_code, i.opened_on, 'CHILDCARE_NEW_KINDERGARTEN_CLASSES', 1 FROM i WHERE i.kind = 'KINDERGARTEN_CLASS'
  UNION ALL
  SELECT i.region_code, d.designated_on, 'CHILDCARE_DESIGNATED:' || d.kind::text, 1
  FROM i JOIN childcare_designation d ON d.institution_id = i.id
$$;

-- Any change to an institution or to what its counts depend on recounts that institution.
CREATE FUNCTION childcare_recount_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'childcare_institution' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM rollup_recount('childcare_institution', OLD.id); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM rollup_recount('childcare_institution', NEW.id); END IF;
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM rollup_recount('childcare_institution', OLD.institution_id); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM rollup_recount('childcare_institution', NEW.institution_id); END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER childcare_institution_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_institution
  FOR EACH ROW EXECUTE FUNCTION childcare_recount_trigger();
CREATE TRIGGER childcare_filing_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_filing
  FOR EACH ROW EXECUTE FUNCTION childcare_recount_trigger();
CREATE TRIGGER inclusive_recognition_recount AFTER INSERT OR UPDATE OR DELETE ON inclusive_recognition
  FOR EACH ROW EXECUTE FUNCTION childcare_recount_trigger();
CREATE TRIGGER childcare_class_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_class
  FOR EACH ROW EXECUTE FUNCTION childcare_recount_trigger();
CREATE TRIGGER childcare_designation_recount AFTER INSERT OR UPDATE OR DELETE ON childcare_designation
  FOR EACH ROW EXECUTE FUNCTION childcare_recount_trigger();

-- 在托: each enrolment row counts in its month (the key of the month alone), where its institution is.
CREATE FUNCTION childcare_enrolment_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_add_to((SELECT region_code FROM childcare_institution WHERE id = OLD.institution_id), ARRAY[OLD.month], ARRAY['CHILDCARE_ENROLLED'], -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM rollup_add_to((SELECT region_code FROM childcare_institution WHERE id = NEW.institution_id), ARRAY[NEW.month], ARRAY['CHILDCARE_ENROLLED'], 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER childcare_enrolment_rollup AFTER INSERT OR UPDATE OR DELETE ON childcare_enrolment
  FOR EACH ROW EXECUTE FUNCTION childcare_enrolment_rollup_trigger();

CREATE FUNCTION rollup_rebuild_childcare() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_contribution (source, source_id, region_code, day, measure, value)
  SELECT 'childcare_institution', i.id, x.region_code, x.day, x.measure, x.value
  FROM childcare_institution i, childcare_institution_contributions(i.id) x
  WHERE x.day IS NOT NULL AND x.value <> 0;

  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, leaf.period, leaf.measure, sum(leaf.n)
  FROM (
    SELECT i.region_code, e.month AS period, 'CHILDCARE_ENROLLED' AS measure, count(*) AS n
    FROM childcare_enrolment e JOIN childcare_institution i ON i.id = e.institution_id
    GROUP BY 1, 2
  ) AS leaf,
  unnest(rollup_region_chain(leaf.region_code)) AS c
  GROUP BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

INSERT INTO rollup_part (name) VALUES ('population'), ('assistance'), ('childcare');

-- Every part, then every kept contribution summed into its periods.
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
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, x.measure, sum(x.value)
  FROM rollup_contribution x, unnest(rollup_region_chain(x.region_code)) AS c, unnest(rollup_period_keys(x.day)) AS p
  GROUP BY 1, 2, 3
  ON CONFLICT (region_code, period, measure) DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- A database seeded before this migration: the children under three counted.
SELECT rollup_rebuild();
