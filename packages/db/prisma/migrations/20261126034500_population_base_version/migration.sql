-- The indicators divide rollup counts by the resident population of population_base (统计公报),
-- so a change there changes indicator results as a rollup change does: it bumps the same version
-- (see rollup_version()), and nothing cached under the old one is served again.
CREATE TRIGGER population_base_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON population_base
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
