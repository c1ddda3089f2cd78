-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "case_number" TEXT,
ADD COLUMN     "client" TEXT,
ADD COLUMN     "code" TEXT,
ADD COLUMN     "detail" JSONB,
ADD COLUMN     "hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "prev_hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "purpose" TEXT;

-- CreateTable
CREATE TABLE "audit_archive" (
    "id" SERIAL NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "through_id" BIGINT NOT NULL,
    "last_hash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "file" TEXT NOT NULL,

    CONSTRAINT "audit_archive_pkey" PRIMARY KEY ("id")
);


-- ─── The audit log as a hash chain ──────────────────────────────────────────────────────────
-- Each row's hash is sha256(previous row's hash || the row's canonical content), hex; the first
-- row's previous hash is 64 zeros. The content is a JSON array of the row's columns in a fixed
-- order (version 1), the time in UTC with milliseconds, so it reads the same in any session.
-- verify-audit reads this text, recomputes each hash and follows the links.
CREATE FUNCTION audit_log_canonical(a audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    1, a.id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    a.subject, a.role, a.action, a.entity_type, a.entity_id, to_jsonb(a.fields), a.reason, a.operation,
    a.purpose, a.case_number, a.code, a.client, a.detail
  )::text
$$;

CREATE FUNCTION audit_log_row_hash(prev_hash text, a audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || audit_log_canonical(a), 'UTF8')), 'hex')
$$;

-- The chain's head: the last row's id and hash. One row; only the owner's trigger writes it, and
-- it also lets verify-audit notice rows removed from the end.
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint,
  last_hash text NOT NULL
);

-- The rows already written are chained in id order, once.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  r audit_log;
  prev text := repeat('0', 64);
  last bigint;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    UPDATE audit_log SET prev_hash = prev, hash = audit_log_row_hash(prev, r) WHERE id = r.id RETURNING hash INTO prev;
    last := r.id;
  END LOOP;
  INSERT INTO audit_chain_head (last_id, last_hash) VALUES (last, prev);
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

-- Every insert, whoever makes it, is chained here: replicas insert concurrently, so the chain is
-- extended under a transaction-level advisory lock and the head's row lock, and the row takes
-- its id inside them (ids follow the chain's order; the id the default drew is left unused).
-- The writer's id, prev_hash and hash are overwritten. SECURITY DEFINER: the gateway's role
-- needs no right on the head.
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  head audit_chain_head;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('popfam.audit_log_chain'));
  SELECT * INTO head FROM audit_chain_head FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'audit_chain_head is missing: the audit chain cannot be extended'; END IF;
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit_log_row_hash(NEW.prev_hash, NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Append-only, except for the archiving function below: it sets a transaction-local flag and
-- runs as the table's owner (the gateway's role has no DELETE right anyway). TRUNCATE and
-- UPDATE stay refused to everyone.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('popfam.audit_archiving', true) = 'on'
     AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = TG_RELID) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Retention: the oldest rows leave only through here, after archive-audit has exported them.
-- The caller names the last exported row and its hash (so exactly what was exported goes), and
-- a cutoff at least six months back that every such row is older than. The archive is recorded
-- in audit_archive (where verify-audit resumes the chain) and by a chained ARCHIVED row.
CREATE FUNCTION audit_log_archive(p_through_id bigint, p_last_hash text, p_cutoff timestamptz, p_file text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  stored text;
  n integer;
  newest timestamptz;
BEGIN
  IF p_cutoff > now() - interval '6 months' THEN
    RAISE EXCEPTION 'audit_log_archive: the cutoff % is less than six months ago: the audit log keeps six months online', p_cutoff;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('popfam.audit_log_chain'));
  SELECT hash INTO stored FROM audit_log WHERE id = p_through_id;
  IF stored IS NULL OR stored <> p_last_hash THEN
    RAISE EXCEPTION 'audit_log_archive: row % does not carry the hash %: export again', p_through_id, p_last_hash;
  END IF;
  SELECT count(*), max(at) INTO n, newest FROM audit_log WHERE id <= p_through_id;
  IF newest >= p_cutoff THEN
    RAISE EXCEPTION 'audit_log_archive: rows up to % include one of % (not before the cutoff %)', p_through_id, newest, p_cutoff;
  END IF;
  INSERT INTO audit_archive (through_id, last_hash, rows, cutoff, file) VALUES (p_through_id, p_last_hash, n, p_cutoff, p_file);
  PERFORM set_config('popfam.audit_archiving', 'on', true);
  DELETE FROM audit_log WHERE id <= p_through_id;
  PERFORM set_config('popfam.audit_archiving', 'off', true);
  INSERT INTO audit_log (subject, role, action, entity_type, entity_id, fields, reason, detail)
  VALUES (session_user, 'OWNER', 'ARCHIVED', 'AuditLog', p_through_id::text, '{}', 'retention',
          jsonb_build_object('throughId', p_through_id, 'lastHash', p_last_hash, 'rows', n, 'cutoff', p_cutoff, 'file', p_file));
  RETURN n;
END
$$;
REVOKE ALL ON FUNCTION audit_log_archive(bigint, text, timestamptz, text) FROM PUBLIC;

-- The archive records only grow too.
CREATE FUNCTION audit_archive_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_archive is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_archive_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_archive
  FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_append_only();
