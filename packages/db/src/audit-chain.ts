// The audit log's hash chain, read from outside the database: verify it (streaming, in id order,
// from the last archive's anchor), export its oldest rows to a JSON-lines archive and hand them
// to the owner's archiving function, and verify such an archive file on its own.
// The hashes themselves are computed by the database (migration audit_chain): each row's hash is
// sha256(previous hash || audit_log_canonical(row)), hex, the first previous hash 64 zeros.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { SqlClient } from "./sql.js";

export const GENESIS_HASH = "0".repeat(64);
/** The least time an audit row stays online before it may be archived. */
export const AUDIT_RETENTION_MONTHS = 6;

export const chainHash = (previousHash: string, canonical: string) => createHash("sha256").update(previousHash + canonical, "utf8").digest("hex");

export interface ChainBreak {
  /** The first row that does not fit (for a tail removed: the head's last id). */
  id: string;
  problem: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** Where the walk started: the last archive's last row and hash, or none. */
  anchor: { throughId: string; lastHash: string } | null;
  lastId: string | null;
  lastHash: string;
  broken: ChainBreak | null;
}

interface ChainRow {
  id: string;
  prev_hash: string;
  hash: string;
  canonical: string;
}

/** Walks the chain in id order, `batchSize` rows at a time, and stops at the first broken row. */
export async function verifyAuditChain(sql: SqlClient, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 2000;
  const [anchorRow] = await sql.query<{ through_id: string; last_hash: string }>(
    `SELECT through_id::text, last_hash FROM audit_archive ORDER BY id DESC LIMIT 1`,
  );
  const anchor = anchorRow ? { throughId: anchorRow.through_id, lastHash: anchorRow.last_hash } : null;
  let expected = anchor?.lastHash ?? GENESIS_HASH;
  let after = anchor?.throughId ?? "0";
  let lastId: string | null = null;
  let rows = 0;
  const result = (broken: ChainBreak | null): ChainVerification => ({ ok: broken === null, rows, anchor, lastId, lastHash: expected, broken });
  for (;;) {
    const batch = await sql.query<ChainRow>(
      `SELECT id::text, prev_hash, hash, audit_log_canonical(a) AS canonical FROM audit_log a WHERE id > $1::bigint ORDER BY a.id LIMIT $2`,
      [after, batchSize],
    );
    for (const row of batch) {
      if (row.prev_hash !== expected) {
        const before = lastId ? `the hash of row ${lastId} before it` : anchor ? `the archive anchor's last hash (row ${anchor.throughId})` : "the chain's start (64 zeros)";
        return result({ id: row.id, problem: `prev_hash ${row.prev_hash} does not match ${before}, ${expected}: a row before it was removed or changed` });
      }
      const recomputed = chainHash(row.prev_hash, row.canonical);
      if (recomputed !== row.hash) {
        return result({ id: row.id, problem: `its content does not match its hash (stored ${row.hash}, recomputed ${recomputed}): the row was changed after it was written` });
      }
      expected = row.hash;
      lastId = row.id;
      rows += 1;
    }
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]!.id;
  }
  const [head] = await sql.query<{ last_id: string | null; last_hash: string }>(`SELECT last_id::text, last_hash FROM audit_chain_head`);
  if (!head) return result({ id: lastId ?? "0", problem: "the chain's head (audit_chain_head) is missing" });
  if (head.last_hash !== expected) {
    return result({ id: head.last_id ?? "0", problem: `the chain's head records row ${head.last_id} with hash ${head.last_hash}, but the last row is ${lastId ?? "none"} with ${expected}: rows were removed from the end` });
  }
  return result(null);
}

/** The months-back cutoff, refused when it keeps less than six months online. */
export function retentionCutoff(months: number, now: Date = new Date()): Date {
  if (!Number.isInteger(months) || months < AUDIT_RETENTION_MONTHS) {
    throw new Error(`the audit log keeps at least ${AUDIT_RETENTION_MONTHS} months online: --months must be an integer of ${AUDIT_RETENTION_MONTHS} or more (got ${months})`);
  }
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export interface ArchiveResult {
  /** The archive file written, or null when no row was old enough. */
  file: string | null;
  rows: number;
  firstId: string | null;
  throughId: string | null;
  lastHash: string | null;
}

const EXPORT_COLUMNS = `id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, subject, role, action,
  entity_type AS "entityType", entity_id AS "entityId", fields, reason, operation, purpose, case_number AS "caseNumber", code, client, detail,
  prev_hash AS "prevHash", hash, audit_log_canonical(a) AS canonical`;

/**
 * Exports every row older than `cutoff` (up to the first younger one, in id order) to
 * `<dir>/audit-<firstId>-<throughId>.jsonl`, checks the file, and only then removes those rows
 * through audit_log_archive (which records the anchor). Run as the owner role.
 */
export async function archiveAuditLog(sql: SqlClient, options: { cutoff: Date; dir: string; batchSize?: number }): Promise<ArchiveResult> {
  const batchSize = options.batchSize ?? 2000;
  const limit = new Date();
  limit.setUTCMonth(limit.getUTCMonth() - AUDIT_RETENTION_MONTHS);
  if (options.cutoff > limit) throw new Error(`the cutoff ${options.cutoff.toISOString()} is less than ${AUDIT_RETENTION_MONTHS} months ago: the audit log keeps six months online`);
  const [range] = await sql.query<{ first_id: string | null; through_id: string | null }>(
    `SELECT min(id)::text AS first_id, max(id)::text AS through_id FROM audit_log
      WHERE at < $1 AND id < COALESCE((SELECT min(id) FROM audit_log WHERE at >= $1), 9223372036854775807)`,
    [options.cutoff],
  );
  if (!range?.through_id || !range.first_id) return { file: null, rows: 0, firstId: null, throughId: null, lastHash: null };
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, `audit-${range.first_id}-${range.through_id}.jsonl`);
  if (existsSync(file)) throw new Error(`${file} exists already: move it away or choose another directory`);
  const partial = `${file}.partial`;
  const fd = openSync(partial, "w");
  let rows = 0;
  let lastHash = "";
  try {
    let after = "0";
    for (;;) {
      const batch = await sql.query<Record<string, unknown> & { id: string; hash: string }>(
        `SELECT ${EXPORT_COLUMNS} FROM audit_log a WHERE id > $1::bigint AND id <= $2::bigint ORDER BY a.id LIMIT $3`,
        [after, range.through_id, batchSize],
      );
      if (batch.length > 0) writeSync(fd, batch.map((row) => JSON.stringify(row)).join("\n") + "\n");
      for (const row of batch) lastHash = row.hash;
      rows += batch.length;
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]!.id;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  // Nothing is removed unless the file reads back whole and ends where the database says.
  const check = await verifyArchiveFile(file);
  if (!check.ok || check.rows !== rows || check.lastId !== range.through_id || check.lastHash !== lastHash) {
    throw new Error(`the archive ${file} does not read back as written (${check.broken?.problem ?? "rows or last hash differ"}): nothing was removed`);
  }
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT audit_log_archive($1::bigint, $2, $3, $4)`, [range.through_id, lastHash, options.cutoff, file]);
  });
  return { file, rows, firstId: range.first_id, throughId: range.through_id, lastHash };
}

export interface ArchiveFileVerification {
  ok: boolean;
  rows: number;
  /** The hash the first row chains to (the previous archive's last hash, or 64 zeros). */
  firstPrevHash: string | null;
  lastId: string | null;
  lastHash: string | null;
  broken: ChainBreak | null;
}

const CONTENT_KEYS = ["id", "at", "subject", "role", "action", "entityType", "entityId", "fields", "reason", "operation", "purpose", "caseNumber", "code", "client", "detail"] as const;

/** Checks an archive file line by line: each row's content is its canonical text, each hash recomputes, each row links to the one before. */
export async function verifyArchiveFile(file: string): Promise<ArchiveFileVerification> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let rows = 0;
  let firstPrevHash: string | null = null;
  let lastId: string | null = null;
  let lastHash: string | null = null;
  const result = (broken: ChainBreak | null): ArchiveFileVerification => ({ ok: broken === null, rows, firstPrevHash, lastId, lastHash, broken });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as Record<string, unknown> & { id: string; prevHash: string; hash: string; canonical: string };
    if (firstPrevHash === null) firstPrevHash = row.prevHash;
    else if (row.prevHash !== lastHash) return result({ id: row.id, problem: `prevHash does not match the hash of row ${lastId} before it` });
    if (chainHash(row.prevHash, row.canonical) !== row.hash) return result({ id: row.id, problem: "its canonical content does not match its hash" });
    const canonical = JSON.parse(row.canonical) as unknown[];
    const stated = [1, ...CONTENT_KEYS.map((key) => (key === "id" ? Number(row.id) : row[key]))];
    if (JSON.stringify(canonical) !== JSON.stringify(stated)) return result({ id: row.id, problem: "its columns differ from its canonical content" });
    rows += 1;
    lastId = row.id;
    lastHash = row.hash;
  }
  return result(null);
}
