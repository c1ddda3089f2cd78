-- The gateway keeps the targets in force beside the indicator measures, under the same version
-- (rollup_version()): a change of a work plan's target bumps it, as a change of a rollup does.
CREATE TRIGGER target_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
