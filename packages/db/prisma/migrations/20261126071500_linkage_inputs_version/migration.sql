-- The gateway keeps a region's birth-linkage measures (coverage, accuracy, timeliness, findings
-- by kind) in its result cache under rollup_version(), beside the indicator measures: a write to
-- what the linkage reads (the channels' birth records, the birth registrations, and which ID
-- numbers the registry holds) bumps the version, as a change of a rollup does. A person's other
-- fields (a name corrected) change no linkage measure and keep the version.
CREATE TRIGGER birth_channel_record_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON birth_channel_record
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
CREATE TRIGGER birth_registration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON birth_registration
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
CREATE TRIGGER person_version AFTER INSERT OR UPDATE OF id_number OR DELETE OR TRUNCATE ON person
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
