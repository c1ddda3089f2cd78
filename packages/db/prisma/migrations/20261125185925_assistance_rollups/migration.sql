-- AlterTable
ALTER TABLE "region_rollup" ALTER COLUMN "value" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "eligibility_assessment" ADD COLUMN     "decided" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "eligibility_assessment_program_code_id_number_idx" ON "eligibility_assessment"("program_code", "id_number");


-- Rewards and assistance counted by the rollups, as population monitoring is: the target
-- population (assessed, eligible, eligible and decided) and what was paid (amount and
-- beneficiaries) per program, region and year. A county's figures become a few key reads instead
-- of a pass over its ten thousand assessments and payment lines. The period is the program year.

-- Adds `delta` to each measure in the region and its ancestors, for the given period keys.
CREATE FUNCTION rollup_add_to(region text, periods text[], measures text[], delta bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF region IS NULL OR delta = 0 OR cardinality(periods) = 0 OR cardinality(measures) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO region_rollup (region_code, period, measure, value)
  SELECT c, p, m, delta
  FROM unnest(rollup_region_chain(region)) AS c, unnest(periods) AS p, unnest(measures) AS m
  ON CONFLICT (region_code, period, measure)
  DO UPDATE SET value = region_rollup.value + EXCLUDED.value;
END
$$;

-- 已确认 — an assessment is decided by a decision of its program for its year, or, for a
-- one-time program, by a decision in any year (it is paid once in a lifetime).
CREATE FUNCTION assessment_decided(program text, assessed_year integer, person_id_number text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM eligibility_decision d
                 WHERE d.program_code = program AND d.year = assessed_year AND d.id_number = person_id_number)
      OR (EXISTS (SELECT 1 FROM assistance_program p WHERE p.code = program AND p.schedule = 'ONE_TIME')
          AND EXISTS (SELECT 1 FROM eligibility_decision d WHERE d.program_code = program AND d.id_number = person_id_number))
$$;

CREATE FUNCTION assessment_measures(program text, eligible boolean, decided boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    'ASSESSED:' || program,
    CASE WHEN eligible THEN 'ELIGIBLE:' || program END,
    CASE WHEN eligible AND decided THEN 'ELIGIBLE_DECIDED:' || program END
  ], NULL)
$$;

CREATE FUNCTION assessment_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_add_to(OLD.region_code, ARRAY[OLD.year::text], assessment_measures(OLD.program_code, OLD.eligible, OLD.decided), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM rollup_add_to(NEW.region_code, ARRAY[NEW.year::text], assessment_measures(NEW.program_code, NEW.eligible, NEW.decided), 1);
  END IF;
  RETURN NULL;
END
$$;

-- A decision written, changed or removed re-judges the assessments of its program and person
-- (each changed one then moves its own rollup counts through the trigger above).
CREATE FUNCTION decision_decides_assessments() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE eligibility_assessment a SET decided = NOT a.decided
    WHERE a.program_code = OLD.program_code AND a.id_number = OLD.id_number
      AND a.decided <> assessment_decided(a.program_code, a.year, a.id_number);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE eligibility_assessment a SET decided = NOT a.decided
    WHERE a.program_code = NEW.program_code AND a.id_number = NEW.id_number
      AND a.decided <> assessment_decided(a.program_code, a.year, a.id_number);
  END IF;
  RETURN NULL;
END
$$;

-- A payment line counts its amount, and its beneficiary once a program year, where the
-- beneficiary is on the roster. The ledger is append-only: lines are only ever inserted.
CREATE FUNCTION payment_line_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  program text;
  paid_year integer;
  region text;
BEGIN
  IF rollup_bulk_load() THEN RETURN NULL; END IF;
  SELECT b.program_code, b.year INTO program, paid_year FROM payment_batch b WHERE b.id = NEW.batch_id;
  SELECT r.region_code INTO region FROM beneficiary r WHERE r.id = NEW.beneficiary_id;
  PERFORM rollup_add_to(region, ARRAY[paid_year::text], ARRAY['PAID_FEN:' || program], NEW.amount_fen);
  IF NOT EXISTS (SELECT 1 FROM payment_line l JOIN payment_batch b ON b.id = l.batch_id
                 WHERE l.beneficiary_id = NEW.beneficiary_id AND l.id <> NEW.id AND b.program_code = program AND b.year = paid_year) THEN
    PERFORM rollup_add_to(region, ARRAY[paid_year::text], ARRAY['PAID_BENEFICIARIES:' || program], 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER assessment_rollup AFTER INSERT OR UPDATE OR DELETE ON eligibility_assessment
  FOR EACH ROW EXECUTE FUNCTION assessment_rollup_trigger();
CREATE TRIGGER decision_decides_assessments AFTER INSERT OR UPDATE OR DELETE ON eligibility_decision
  FOR EACH ROW EXECUTE FUNCTION decision_decides_assessments();
CREATE TRIGGER payment_line_rollup AFTER INSERT ON payment_line
  FOR EACH ROW EXECUTE FUNCTION payment_line_rollup_trigger();

-- The rebuild now also judges every assessment's `decided` and counts the assistance measures.
CREATE OR REPLACE FUNCTION rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  previous text := coalesce(current_setting('popfam.bulk_load', true), '');
BEGIN
  -- Set-based: the per-row triggers stay off while `decided` is rejudged (the counts follow below).
  PERFORM set_config('popfam.bulk_load', 'on', true);
  UPDATE eligibility_assessment a SET decided = NOT a.decided
  WHERE a.decided <> assessment_decided(a.program_code, a.year, a.id_number);
  PERFORM set_config('popfam.bulk_load', previous, true);

  DELETE FROM region_rollup;
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
  ) AS leaf,
  unnest(rollup_region_chain(leaf.region_code)) AS c,
  unnest(rollup_period_keys(leaf.d)) AS p
  GROUP BY 1, 2, 3;

  -- Counted by program year: one period key each, the year.
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
  GROUP BY 1, 2, 3;
END
$$;

-- A database seeded before this migration: judge its assessments and count them.
SELECT rollup_rebuild();
ANALYZE eligibility_assessment;
ANALYZE region_rollup;
