// Retention: exports the audit rows older than the cutoff (at least six months) to a JSON-lines
// file with their hashes, checks it, and only then removes them through the owner's
// audit_log_archive function, which records where the chain resumes. Run as the owner role.
//   MIGRATION_DATABASE_URL=… npx -y pnpm@10.34.8 archive-audit -- --months 12 --out /srv/popfam/audit-archive
import { archiveAuditLog, defaultDataDir, openDatabase, openMigratedDatabase, retentionCutoff } from "@popfam/db";
import { auditCommandDatabase } from "../env.js";
import { failUsage, readFlags } from "./command-line.js";

const USAGE = `Archives the audit log's oldest rows: exports those older than the cutoff to <out>/audit-<first>-<last>.jsonl
(every column, the canonical content and the hashes), verifies the file, then removes the rows through
the database's audit_log_archive function (MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded
database; the role must own the audit log).

usage: archive-audit -- --out <dir> [--months <n>]

  --out <dir>       where the archive file is written (required); keep it on write-once storage
  --months <n>      archive rows older than this many months; 6 or more (default 6)`;

async function main() {
  const values = readFlags(USAGE, { out: { type: "string" }, months: { type: "string", default: "6" } });
  if (!values.out) failUsage(USAGE, "--out is required");
  let cutoff: Date;
  try {
    cutoff = retentionCutoff(Number(values.months));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const target = auditCommandDatabase(process.env, true);
  // A server is migrated by its own command; the embedded database is brought up to date here.
  const db = "url" in target ? await openDatabase(target) : await openMigratedDatabase({ dataDir: target.dataDir ?? defaultDataDir() });
  try {
    const result = await archiveAuditLog(db.sql, { cutoff, dir: values.out });
    if (!result.file) console.log(`no audit row is older than ${cutoff.toISOString()}: nothing archived`);
    else console.log(`archived ${result.rows} audit rows (${result.firstId}–${result.throughId}, older than ${cutoff.toISOString()}) to ${result.file}; the chain resumes from hash ${result.lastHash}`);
  } finally {
    await db.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
