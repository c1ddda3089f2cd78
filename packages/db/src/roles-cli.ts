// Sets up (or brings up to date) the owner and runtime roles on a PostgreSQL server; idempotent.
//   ADMIN_DATABASE_URL=postgresql://postgres@db/popfam OWNER_PASSWORD=… RUNTIME_PASSWORD=… \
//     npx -y pnpm@10.34.8 --filter @popfam/db roles -- --owner popfam_owner --runtime popfam_gateway
//   … roles -- --owner popfam_owner --runtime popfam_gateway --print     only print the SQL (for psql)
// Passwords come from the environment, never from flags (shell history).
import { parseArgs } from "node:util";
import pg from "pg";
import { rolesSql } from "./roles.js";

// A command line tool inside the library's folder: it writes to the streams itself.
const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

const USAGE = `Creates or updates the database's owner role (migrations, archive-audit) and the gateway's runtime role
(no UPDATE, DELETE or TRUNCATE on the audit log and payment ledger; owns nothing), and hands the schema's
objects to the owner. Run as a superuser against the application's database: ADMIN_DATABASE_URL (else
DATABASE_URL). Run it again after migrations that add tables. Passwords: OWNER_PASSWORD, RUNTIME_PASSWORD.

usage: roles -- --owner <name> --runtime <name> [--schema public] [--print]`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--")),
      options: {
        help: { type: "boolean", short: "h", default: false },
        owner: { type: "string" },
        runtime: { type: "string" },
        schema: { type: "string", default: "public" },
        print: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (!values.owner || !values.runtime) {
    err(`--owner and --runtime are required\n\n${USAGE}`);
    return 2;
  }
  const url = process.env.ADMIN_DATABASE_URL || process.env.DATABASE_URL;
  const database = url ? decodeURIComponent(new URL(url).pathname.slice(1)) || null : null;
  const sql = rolesSql({
    owner: values.owner,
    runtime: values.runtime,
    schema: values.schema,
    database,
    ownerPassword: process.env.OWNER_PASSWORD || null,
    runtimePassword: process.env.RUNTIME_PASSWORD || null,
  });
  if (values.print) {
    out(sql);
    return 0;
  }
  if (!url) {
    err(`ADMIN_DATABASE_URL (or DATABASE_URL) must name the database, as a superuser\n\n${USAGE}`);
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  out(`roles ready: ${values.owner} owns the schema ${values.schema} (MIGRATION_DATABASE_URL), ${values.runtime} is the gateway's (DATABASE_URL)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
