// Writes a generated data set in one transaction: COPY (PGlite) or batched INSERTs (PostgreSQL)
// with the per-row rollup triggers off, then one rollup_rebuild(): minutes of triggers become
// a few seconds of set-based SQL.
import type { SqlClient, SqlValue } from "../src/sql.js";
import type { Dataset } from "./generate.js";

const TABLES: readonly (readonly [keyof Dataset, string])[] = [
  ["regions", "region"],
  ["populationBase", "population_base"],
  ["households", "household"],
  ["persons", "person"],
  ["births", "birth"],
  ["channelRecords", "birth_channel_record"],
  ["deaths", "death"],
  ["registrations", "birth_registration"],
  ["approvals", "rebirth_approval"],
  ["targets", "target"],
];

export interface LoadProgress {
  (table: string, rows: number): void;
}

export async function loadDataset(sql: SqlClient, data: Dataset, onTable?: LoadProgress): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT set_config('popfam.bulk_load', 'on', true)`);
    for (const [key, table] of TABLES) {
      const rows = data[key] as readonly Record<string, unknown>[];
      await loadRows(tx, table, rows);
      onTable?.(table, rows.length);
    }
    await tx.query(`SELECT set_config('popfam.bulk_load', 'off', true)`);
    await tx.query(`SELECT rollup_rebuild()`);
    onTable?.("region_rollup", -1);
  });
}

/** Loads objects whose camelCase keys name the table's snake_case columns. */
export async function loadRows(sql: SqlClient, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const keys = Object.keys(first);
  const columns = keys.map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  await sql.load(table, columns, rows.map((row) => keys.map((key) => (row[key] ?? null) as SqlValue)));
}
