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
  ["programs", "assistance_program"],
  ["rates", "rate_component"],
  ["fpFamilies", "fp_family"],
  ["assessments", "eligibility_assessment"],
  ["decisions", "eligibility_decision"],
  ["beneficiaries", "beneficiary"],
  ["beneficiaryExits", "beneficiary_exit"],
  ["paymentBatches", "payment_batch"],
  ["paymentLines", "payment_line"],
  ["specialFamilies", "special_family"],
  ["specialFamilyMembers", "special_family_member"],
  ["contactPersons", "contact_person"],
  ["doctorContracts", "family_doctor_contract"],
  ["greenChannels", "green_channel"],
  ["mentalHealthServices", "mental_health_service"],
  ["visits", "visit"],
  ["familyServices", "family_service"],
];

/** Columns holding JSON documents (Prisma Json), by table: loaded as documents, not as text arrays. */
const JSON_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  assistance_program: ["parameters"],
  fp_family: ["children"],
  eligibility_assessment: ["reasons"],
};

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
  // The planner's statistics of what was just loaded: the embedded database has no autovacuum to
  // gather them, and without them it plans a county's lists as if the tables were empty.
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
  const json = new Set(JSON_COLUMNS[table] ?? []);
  const convert = keys.map((_, i) => {
    if (!json.has(columns[i]!)) return (value: unknown) => (typeof value === "bigint" ? value.toString() : value) as SqlValue;
    return sql.kind === "pglite" ? (value: unknown) => JSON.stringify(value) : (value: unknown) => value as SqlValue;
  });
  await sql.load(table, columns, rows.map((row) => keys.map((key, i) => convert[i]!(row[key] ?? null))));
}
