-- The gateway keeps the region directory's answers (a region by code, a region's children) in its
-- result cache under rollup_version(): a change to the region table bumps the version, as a
-- change of a rollup does, so a renamed or added region is served with the very next request.
CREATE TRIGGER region_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
