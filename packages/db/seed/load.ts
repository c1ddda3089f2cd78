// Writes a generated data set in one transaction: COPY (PGlite) or batched INSERTs (PostgreSQL)
// with the per-row rollup triggers off, then one rollup_rebuild(): minutes of triggers become
// a few seconds of set-based SQL.
import type { SqlClient, SqlValue } from "../src/sql.js";
import type { RowLists } from "./area.js";
import { SEED_AREAS, type Dataset } from "./areas.js";

/** Columns holding JSON documents (Prisma Json), by table, as the areas declare them. */
const JSON_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map(SEED_AREAS.tables.map(({ table, jsonColumns }) => [table, jsonColumns ?? []]));

export interface LoadProgress {
  (table: string, rows: number): void;
}

/** How long each phase of a load took, in seconds, and the rows written by row list. */
export interface LoadReport {
  /** Generating the chunks (when they are generated as they are loaded, see writeChunks). */
  generateSeconds: number;
  /** Writing the rows (COPY on PGlite, json_populate_recordset chunks on PostgreSQL). */
  loadSeconds: number;
  /** Building the secondary indexes, once, after the rows (see deferSecondaryIndexes). */
  indexSeconds: number;
  /** The statistics before the rebuild. */
  analyzeSeconds: number;
  /** The one `rollup_rebuild()`. */
  rollupSeconds: number;
  /** The statistics again, after the transaction. */
  finalAnalyzeSeconds: number;
  rows: Map<string, number>;
}

export async function loadDataset(sql: SqlClient, data: Dataset, onTable?: LoadProgress): Promise<void> {
  await writeChunks(sql, [data as RowLists]);
  for (const { key, table } of SEED_AREAS.tables) onTable?.(table, ((data as RowLists)[key] ?? []).length);
  onTable?.("region_rollup", -1);
}

/**
 * Writes a data set given as chunks (see generateChunks) in one transaction, each chunk as it
 * comes and then dropped, with the per-row rollup triggers off, then one rollup_rebuild():
 * minutes of triggers become a few seconds of set-based SQL. A chunk's tables are written in the
 * areas' order, so every foreign key's row is written first (in this chunk or one before).
 */
export async function writeChunks(sql: SqlClient, chunks: Iterable<RowLists>, onPhase?: (line: string) => void): Promise<LoadReport> {
  const report: LoadReport = { generateSeconds: 0, loadSeconds: 0, indexSeconds: 0, analyzeSeconds: 0, rollupSeconds: 0, finalAnalyzeSeconds: 0, rows: new Map() };
  const seconds = (since: number) => (performance.now() - since) / 1000;
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT set_config('popfam.bulk_load', 'on', true)`);
    const deferredIndexes = await deferSecondaryIndexes(tx, SEED_AREAS.tables.map(({ table }) => table));
    const iterator = chunks[Symbol.iterator]();
    for (;;) {
      let started = performance.now();
      const next = iterator.next();
      report.generateSeconds += seconds(started);
      if (next.done) break;
      started = performance.now();
      // Area by area, each area's tables in its order: every foreign key's table is loaded first.
      for (const { key, table } of SEED_AREAS.tables) {
        const rows = next.value[key];
        if (!rows || rows.length === 0) continue;
        await loadRows(tx, table, rows);
        report.rows.set(key, (report.rows.get(key) ?? 0) + rows.length);
      }
      report.loadSeconds += seconds(started);
    }
    await tx.query(`SELECT set_config('popfam.bulk_load', 'off', true)`);
    onPhase?.(`generated and loaded the rows in ${(report.generateSeconds + report.loadSeconds).toFixed(1)} s`);
    let started = performance.now();
    for (const definition of deferredIndexes) await tx.query(definition);
    report.indexSeconds = seconds(started);
    onPhase?.(`built ${deferredIndexes.length} secondary indexes in ${report.indexSeconds.toFixed(1)} s`);
    // Statistics before the rebuild: planned without them, its set-based joins over tables the
    // planner believes empty become nested loops (minutes instead of seconds at scale 1).
    started = performance.now();
    await tx.query(`ANALYZE`);
    report.analyzeSeconds = seconds(started);
    started = performance.now();
    await tx.query(`SELECT rollup_rebuild()`);
    report.rollupSeconds = seconds(started);
    onPhase?.(`rollup_rebuild() in ${report.rollupSeconds.toFixed(1)} s`);
  });
  // The statistics again, now with the rollups and what the rebuild wrote: the embedded database
  // has no autovacuum to gather them, and without them it plans a county's lists as if the
  // tables were empty.
  const started = performance.now();
  await sql.query(`ANALYZE`);
  report.finalAnalyzeSeconds = seconds(started);
  return report;
}

/**
 * Drops the tables' secondary indexes (neither primary keys nor unique ones, nor a constraint's)
 * that the current role may drop, and returns the statements that build them again. A bulk load's
 * usual order: rows first, then each index built once from them. Kept up row by row, an index
 * takes a random insert per row, which grows with the index (most of a large seed's load time).
 * Inside the load's transaction, so a failed load leaves every index as it was.
 */
async function deferSecondaryIndexes(tx: SqlClient, tables: readonly string[]): Promise<string[]> {
  const indexes = await tx.query<{ name: string; definition: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE t.relname = ANY($1::text[]) AND n.nspname = current_schema()
        AND NOT i.indisprimary AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        AND pg_has_role(current_user, t.relowner, 'MEMBER')
      ORDER BY 1`,
    [tables as string[]],
  );
  for (const { name } of indexes) await tx.query(`DROP INDEX ${name}`);
  return indexes.map(({ definition }) => definition);
}

/**
 * Loads objects whose camelCase keys name the table's snake_case columns. A bigint is written as
 * its decimal text; a JSON column's value as JSON text for COPY (PGlite), and as the document
 * itself for json_populate_recordset (PostgreSQL), which would otherwise store a JSON string.
 */
export async function loadRows(sql: SqlClient, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const keys = Object.keys(first);
  const columns = keys.map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const json = new Set(JSON_COLUMNS.get(table));
  const convert = keys.map((_, i) => {
    if (!json.has(columns[i]!)) return (value: unknown) => (typeof value === "bigint" ? value.toString() : value) as SqlValue;
    return sql.kind === "pglite" ? (value: unknown) => JSON.stringify(value) : (value: unknown) => value as SqlValue;
  });
  await sql.load(table, columns, rows.map((row) => keys.map((key, i) => convert[i]!(row[key] ?? null))));
}
