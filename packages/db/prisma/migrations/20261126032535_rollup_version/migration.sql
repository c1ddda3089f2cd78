-- A version of the rollups: a number that grows with every committed transaction that changes
-- region_rollup, so that the gateway can cache what it computed from the rollups under it.
--
-- A counter in one row, not a sequence: the row is updated inside the writing transaction, so a
-- reader that can see version V can also see every rollup change of the transaction that made V
-- (a nextval() is visible to others before its transaction commits). Concurrent writers of the
-- rollups queue on the row until the one ahead commits.
CREATE TABLE rollup_version_counter (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint  NOT NULL,
  -- The transaction that last bumped it: each transaction bumps it once, whatever it writes.
  bumped_by xid8
) WITH (fillfactor = 10);
INSERT INTO rollup_version_counter (version) VALUES (1);

CREATE FUNCTION rollup_version() RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT version FROM rollup_version_counter
$$;

-- Every statement that writes region_rollup, whichever trigger or function runs it (a rebuild
-- too, so a bulk load's closing rollup_rebuild() bumps it), bumps the version once for its
-- transaction. Fired after the statement, so the row lock is taken as late as it can be; the
-- transaction that already holds it reads its own mark and writes nothing more (a statement
-- rolled back to a savepoint takes its bump back with it, and the next one bumps again).
CREATE FUNCTION rollup_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT bumped_by FROM rollup_version_counter) IS DISTINCT FROM pg_current_xact_id() THEN
    UPDATE rollup_version_counter SET version = version + 1, bumped_by = pg_current_xact_id()
    WHERE bumped_by IS DISTINCT FROM pg_current_xact_id();
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER region_rollup_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_rollup
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_version_bump();
