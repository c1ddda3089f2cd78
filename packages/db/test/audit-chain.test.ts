// The audit log's hash chain: set by the database whoever writes, verified by walking it, a
// tampered row named; retention: rows older than six months archived to a verifiable file and
// only then removed, the chain resuming from the archive's anchor.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveAuditLog, retentionCutoff, verifyArchiveFile, verifyAuditChain, type Database } from "../src/index.js";
import { testDatabaseTargets } from "../testing/index.js";

const row = (i: number, extra: Record<string, unknown> = {}) => ({
  subject: `s${i}`, role: "OFFICER", action: "READ_UNMASKED", entityType: "Person", entityId: `P${i}`, fields: ["idNumber"], reason: "入户核查", purpose: "入户核查", ...extra,
});

/** As the owner: change what the append-only trigger guards (what a tamperer with the owner's rights would do). */
async function asOwner(db: Database, statement: string) {
  await db.sql.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ${statement}; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`);
}

describe.each(testDatabaseTargets())("the audit chain on $name", (target) => {
  let db: Database;
  const scratch = mkdtempSync(join(tmpdir(), "popfam-audit-"));
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("chains every row, whatever hash or id the writer sends, and verifies", async () => {
    await db.prisma.auditLog.createMany({ data: [1, 2, 3].map((i) => row(i, { hash: "forged", prevHash: "forged", detail: { n: i } })) });
    await db.sql.query(`INSERT INTO audit_log (id, subject, role, action, entity_type, entity_id, fields, reason, hash) VALUES (1, 'raw', 'R', 'A', 'E', 'X', '{}', '', 'x')`);
    const rows = await db.sql.query<{ id: string; prev_hash: string; hash: string }>(`SELECT id::text, prev_hash, hash FROM audit_log a ORDER BY a.id`);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    expect(rows[3]!.id).not.toBe("1");
    const result = await verifyAuditChain(db.sql, { batchSize: 2 });
    expect(result).toMatchObject({ ok: true, rows: 4, broken: null, lastHash: rows[3]!.hash });
  });

  it("names the first changed row, a removed row's successor and a removed tail", async () => {
    await db.prisma.auditLog.createMany({ data: [4, 5, 6, 7].map((i) => row(i)) });
    const ids = (await db.sql.query<{ id: string }>(`SELECT id::text FROM audit_log a ORDER BY a.id`)).map((r) => r.id);
    const [target5, target6] = [ids[5]!, ids[6]!];

    await asOwner(db, `UPDATE audit_log SET reason = '资金发放' WHERE id = ${target5}`);
    const changed = await verifyAuditChain(db.sql, { batchSize: 3 });
    expect(changed.ok).toBe(false);
    expect(changed.broken).toMatchObject({ id: target5, problem: expect.stringMatching(/content does not match its hash/) });
    await asOwner(db, `UPDATE audit_log SET reason = '入户核查' WHERE id = ${target5}`);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);

    await asOwner(db, `DELETE FROM audit_log WHERE id = ${target5}`);
    const removed = await verifyAuditChain(db.sql);
    expect(removed.broken).toMatchObject({ id: target6, problem: expect.stringMatching(/prev_hash .* does not match the hash of row/) });
  });

  it("notices rows removed from the end", async () => {
    const fresh = await target.open();
    try {
      await fresh.prisma.auditLog.createMany({ data: [1, 2, 3].map((i) => row(i)) });
      const [last] = await fresh.sql.query<{ id: string }>(`SELECT max(id)::text AS id FROM audit_log`);
      await asOwner(fresh, `DELETE FROM audit_log WHERE id = ${last!.id}`);
      const result = await verifyAuditChain(fresh.sql);
      expect(result.broken).toMatchObject({ id: last!.id, problem: expect.stringMatching(/removed from the end/) });
    } finally {
      await fresh.close();
    }
  });

  it("archives rows older than six months to a file and only then removes them; the chain resumes from the anchor", async () => {
    const fresh = await target.open();
    try {
      const old = new Date(Date.now() - 400 * 86_400_000);
      await fresh.prisma.auditLog.createMany({ data: [1, 2, 3, 4, 5].map((i) => row(i, { at: new Date(old.getTime() + i * 1000), detail: { note: "旧", i } })) });
      await fresh.prisma.auditLog.createMany({ data: [6, 7].map((i) => row(i)) });
      expect(() => retentionCutoff(5)).toThrow(/at least 6 months/);
      await expect(archiveAuditLog(fresh.sql, { cutoff: new Date(Date.now() - 30 * 86_400_000), dir: scratch })).rejects.toThrow(/six months/);
      // The database refuses a short cutoff and a direct DELETE too.
      await expect(fresh.sql.query(`SELECT audit_log_archive(1, 'x', now() - interval '1 month', 'f')`)).rejects.toThrow(/six months/);
      await expect(fresh.sql.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);

      const result = await archiveAuditLog(fresh.sql, { cutoff: retentionCutoff(6), dir: scratch, batchSize: 2 });
      expect(result.rows).toBe(5);
      const lines = readFileSync(result.file!, "utf8").trim().split("\n").map((l) => JSON.parse(l));
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatchObject({ subject: "s1", purpose: "入户核查", prevHash: "0".repeat(64), detail: { note: "旧", i: 1 } });
      expect(await verifyArchiveFile(result.file!)).toMatchObject({ ok: true, rows: 5, lastHash: result.lastHash });

      const left = await fresh.sql.query<{ subject: string; action: string }>(`SELECT subject, action FROM audit_log ORDER BY id`);
      expect(left.map((r) => r.action)).toEqual(["READ_UNMASKED", "READ_UNMASKED", "ARCHIVED"]);
      const verified = await verifyAuditChain(fresh.sql);
      expect(verified).toMatchObject({ ok: true, rows: 3, anchor: { throughId: result.throughId, lastHash: result.lastHash } });
      // Nothing more is old enough: nothing happens.
      expect((await archiveAuditLog(fresh.sql, { cutoff: retentionCutoff(6), dir: scratch })).file).toBeNull();

      // An archive edited afterwards is named too.
      const edited = readFileSync(result.file!, "utf8").replace('"s3"', '"s9"');
      writeFileSync(join(scratch, "edited.jsonl"), edited);
      expect((await verifyArchiveFile(join(scratch, "edited.jsonl"))).broken).toMatchObject({ id: lines[2].id });
    } finally {
      await fresh.close();
    }
  });

  it.runIf(target.name === "postgres")("keeps one chain when replicas insert concurrently", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const [{ db: name }] = (await db.sql.query<{ db: string }>(`SELECT current_database() AS db`)) as [{ db: string }];
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
    try {
      await Promise.all(Array.from({ length: 8 }, (_, w) => (async () => {
        for (let i = 0; i < 25; i++) {
          await pool.query(`INSERT INTO audit_log (subject, role, action, entity_type, entity_id, fields, reason) VALUES ($1, 'R', 'A', 'E', $2, '{}', '')`, [`w${w}`, String(i)]);
        }
      })()));
    } finally {
      await pool.end();
    }
    // (The earlier tests left a removed row in this database: the links of the new rows are checked.)
    const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE subject LIKE 'w%'`);
    expect(rows[0]!.n).toBe(200);
    const links = await db.sql.query<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY id) AS before, subject FROM audit_log) t WHERE subject LIKE 'w%' AND prev_hash <> before`,
    );
    expect(links[0]!.bad).toBe(0);
  });
});
