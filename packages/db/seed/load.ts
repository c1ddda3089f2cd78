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

export async function loadDataset(sql: SqlClient, data: Dataset, onTable?: LoadProgress): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT set_config('popfam.bulk_load', 'on', true)`);
    // Area by area, each area's tables in its order: every foreign key's table is loaded first.
    for (const { key, table } of SEED_AREAS.tables) {
      const rows = (data as RowLists)[key] ?? [];
      await loadRows(tx, table, rows);
      onTable?.(table, rows.length);
    }
    await tx.query(`SELECT set_config('popfam.bulk_load', 'off', true)`);
    // Statistics before the rebuild: planned without them, its set-based joins over tables the
    // planner believes empty become nested loops (minutes instead of seconds at scale 1).
    await tx.query(`ANALYZE`);
    await tx.query(`SELECT rollup_rebuild()`);
    onTable?.("region_rollup", -1);
  });
  // The statistics again, now with the rollups and what the rebuild wrote: the embedded database
  // has no autovacuum to gather them, and without them it plans a county's lists as if the
  // tables were empty.
  await sql.query(`ANALYZE`);
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
