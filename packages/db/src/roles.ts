// Least privilege on a PostgreSQL server: two roles.
//  - the owner: owns the schema's tables, sequences and functions, runs the migrations
//    (MIGRATION_DATABASE_URL) and archive-audit; it alone could disable a trigger.
//  - the runtime role (the gateway's DATABASE_URL): reads and writes the tables it serves, but the
//    audit log and the payment ledger only INSERT and SELECT (no UPDATE, DELETE, TRUNCATE), the
//    archive records and the chain's head only SELECT, the migration history only SELECT; it owns
//    nothing, so it cannot ALTER TABLE … DISABLE TRIGGER.
// The script is idempotent: run it again after every migration that adds a table (the default
// privileges cover tables the owner creates later too, but an append-only table must be listed in
// APPEND_ONLY_TABLES here to lose UPDATE and DELETE).

/** Insert and read only, for the runtime role. */
export const APPEND_ONLY_TABLES = ["audit_log", "payment_batch", "payment_line"] as const;
/** Read only, for the runtime role. */
export const READ_ONLY_TABLES = ["audit_archive", "audit_chain_head", "_prisma_migrations"] as const;

export interface RolesOptions {
  owner: string;
  runtime: string;
  ownerPassword?: string | null;
  runtimePassword?: string | null;
  /** The database the grants are for (CONNECT); default: the current one. */
  database?: string | null;
  schema?: string;
  /** Hand every table, sequence, view and function of the schema to the owner (default true). */
  takeOwnership?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (name: string) => {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain role or schema name (lower-case letters, digits, _)`);
  return `"${name}"`;
};
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The SQL that creates or updates both roles and their rights; run it as a superuser (or a role with CREATEROLE that owns the objects). */
export function rolesSql(options: RolesOptions): string {
  const owner = ident(options.owner);
  const runtime = ident(options.runtime);
  if (owner === runtime) throw new Error("the owner and the runtime role must be two roles");
  const schema = ident(options.schema ?? "public");
  const schemaName = options.schema ?? "public";
  const role = (name: string, quoted: string, password: string | null | undefined) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(name)}) THEN
    CREATE ROLE ${quoted} LOGIN;
  END IF;
END $$;
ALTER ROLE ${quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password ? ` PASSWORD ${literal(password)}` : ""};`;
  const database = options.database ? ident(options.database) : null;
  const ownership = options.takeOwnership === false ? "" : `
-- Every object of the schema belongs to the owner (tables first; their sequences follow them).
DO $$
DECLARE o record;
BEGIN
  FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ${literal(schemaName)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND pg_get_userbyid(c.relowner) <> ${literal(options.owner)} LOOP
    EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', ${literal(schemaName)}, o.relname, ${literal(options.owner)});
  END LOOP;
  FOR o IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ${literal(schemaName)} AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> ${literal(options.owner)}
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO %I', ${literal(schemaName)}, o.relname, ${literal(options.owner)});
  END LOOP;
  FOR o IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ${literal(schemaName)} AND pg_get_userbyid(p.proowner) <> ${literal(options.owner)} LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.signature, ${literal(options.owner)});
  END LOOP;
  FOR o IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = ${literal(schemaName)} AND pg_get_userbyid(t.typowner) <> ${literal(options.owner)}
              AND (t.typtype = 'e' OR EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')) LOOP
    EXECUTE format('ALTER TYPE %I.%I OWNER TO %I', ${literal(schemaName)}, o.typname, ${literal(options.owner)});
  END LOOP;
END $$;`;
  const existing = (tables: readonly string[], statement: (list: string) => string) => `
DO $$
DECLARE names text;
BEGIN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO names FROM pg_tables
   WHERE schemaname = ${literal(schemaName)} AND tablename = ANY (ARRAY[${tables.map(literal).join(", ")}]);
  IF names IS NOT NULL THEN EXECUTE format(${literal(statement("%s"))}, names); END IF;
END $$;`;
  return `-- popfam database roles: owner ${options.owner}, runtime ${options.runtime} (idempotent)
BEGIN;
${role(options.owner, owner, options.ownerPassword)}
${role(options.runtime, runtime, options.runtimePassword)}
${database ? `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${owner}, ${runtime};` : ""}
-- Only the owner creates objects in the schema.
REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${owner};
GRANT USAGE ON SCHEMA ${schema} TO ${runtime};
REVOKE CREATE ON SCHEMA ${schema} FROM ${runtime};
${ownership}
-- The runtime role: reads and writes, never TRUNCATE, REFERENCES or TRIGGER; rights reset each run.
REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${runtime};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${runtime};
${existing(APPEND_ONLY_TABLES, (list) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${list} FROM ${runtime}`)}
${existing(READ_ONLY_TABLES, (list) => `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${list} FROM ${runtime}`)}
REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${runtime};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${runtime};
-- Tables and sequences the owner's later migrations create.
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${runtime};
-- Archiving is the owner's (the migration revokes it from PUBLIC; repeated here for an older database).
DO $$ BEGIN
  IF to_regprocedure(${literal(`${schemaName}.audit_log_archive(bigint, text, timestamptz, text)`)}) IS NOT NULL THEN
    EXECUTE ${literal(`REVOKE ALL ON FUNCTION ${schemaName}.audit_log_archive(bigint, text, timestamptz, text) FROM PUBLIC, ${options.runtime}`)};
  END IF;
END $$;
COMMIT;
`;
}
