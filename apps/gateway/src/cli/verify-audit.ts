// Walks the audit log's hash chain in id order, from the last archive's anchor, and names the
// first broken row; exit code 1 when the chain is broken, 2 on a usage error.
//   npx -y pnpm@10.34.8 verify-audit                     the gateway's database (DATABASE_URL, else the embedded one)
//   npx -y pnpm@10.34.8 verify-audit -- --archive <file> also an archive file written by archive-audit
import { defaultDataDir, openDatabase, openMigratedDatabase, verifyArchiveFile, verifyAuditChain } from "@popfam/db";
import { auditCommandDatabase } from "../env.js";
import { readFlags } from "./command-line.js";

const USAGE = `Verifies the audit log's hash chain (DATABASE_URL, else the embedded database in DATA_DIR; stop
an embedded gateway first) and names the first row that breaks it.

usage: verify-audit [-- --archive <file.jsonl> ...] [--batch <rows>]

  --archive <file>   also verify an archive file of archive-audit (repeatable); its last hash must be
                     where the database's chain resumes, for the newest archive
  --batch <rows>     rows read per query (default 2000)`;

async function main() {
  const values = readFlags(USAGE, { archive: { type: "string", multiple: true, default: [] }, batch: { type: "string", default: "2000" } });
  let broken = false;
  for (const file of values.archive) {
    const check = await verifyArchiveFile(file);
    if (check.ok) console.log(`archive ${file}: ${check.rows} rows, chained from ${check.firstPrevHash} to row ${check.lastId}, last hash ${check.lastHash}`);
    else {
      console.log(`archive ${file}: BROKEN at row ${check.broken!.id}: ${check.broken!.problem}`);
      broken = true;
    }
  }
  const target = auditCommandDatabase();
  // A server is migrated by its own command; the embedded database is brought up to date here.
  const db = "url" in target ? await openDatabase(target) : await openMigratedDatabase({ dataDir: target.dataDir ?? defaultDataDir() });
  try {
    const started = performance.now();
    const result = await verifyAuditChain(db.sql, { batchSize: Number(values.batch) || 2000 });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const from = result.anchor ? `from the archive anchor (rows up to ${result.anchor.throughId}, last hash ${result.anchor.lastHash})` : "from the start";
    if (result.ok) {
      console.log(`audit chain intact: ${result.rows} rows ${from}; last row ${result.lastId ?? "none"}, hash ${result.lastHash} (${seconds} s)`);
    } else {
      console.log(`audit chain BROKEN at row ${result.broken!.id}: ${result.broken!.problem} (${result.rows} rows before it intact, ${from}; ${seconds} s)`);
      broken = true;
    }
  } finally {
    await db.close();
  }
  return broken ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
