// Reading a table into domain objects with set-based SQL. A table spec lists every column of a
// Prisma model (so the compiler notices a column added to the schema and not here); dates are
// read as ISO strings, and every row is parsed by the entity's zod schema on the way out.
import { regionPrefix } from "@popfam/domain";
import type { SqlClient, SqlValue } from "@popfam/db";
import type { z } from "zod";
import { invalidRecord } from "./errors.js";
import { periodRange, regionCodeRange, type Page, type RegionListQuery } from "./paging.js";
import type { SystemCode } from "./systems.js";

type ColumnKind = "value" | "date";

/** Every column of a Prisma model but the synthetic-data mark, each with how it reads. */
export type Columns<Model> = Record<Exclude<keyof Model, "synthetic">, ColumnKind>;

export interface TableSpec<Entity> {
  /** The system the table stands for: it is named in the error of a record that fails its schema. */
  system: SystemCode;
  table: string;
  /** Each field of the entity and how its column reads. */
  columns: Record<string, ColumnKind>;
  schema: z.ZodType<Entity>;
  /** The column a region filter applies to (by code prefix), and the date a period applies to. */
  regionColumn?: string;
  dateColumn?: string;
  /** For lists filtered by period whose rows live over a span (persons: in the registry from..to). */
  spanColumns?: [from: string, to: string];
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function selectList(spec: Pick<TableSpec<unknown>, "columns">, alias = "t"): string {
  return Object.entries(spec.columns)
    .map(([field, kind]) =>
      kind === "date" ? `to_char(${alias}.${snake(field)}, 'YYYY-MM-DD') AS "${field}"` : `${alias}.${snake(field)} AS "${field}"`,
    )
    .join(", ");
}

/** Rows by id, in the order of the ids asked for; null where there is none. One statement. */
export function readByIds<Entity>(sql: SqlClient, spec: TableSpec<Entity>, ids: readonly string[]): Promise<(Entity | null | Error)[]> {
  return readByKeys(sql, `SELECT ${selectList(spec)} FROM ${spec.table} t WHERE t.id = ANY($1::text[])`, ids, "id", spec.schema, spec.system);
}

/**
 * Runs a statement taking the keys as its one array parameter; answers in the keys' order: the
 * record, null where there is none, or an error for that key alone where the record is invalid.
 */
export async function readByKeys<Entity>(
  sql: SqlClient,
  statement: string,
  keys: readonly string[],
  keyField: string,
  schema: z.ZodType<Entity>,
  system: SystemCode,
): Promise<(Entity | null | Error)[]> {
  const rows = await sql.query<Record<string, unknown>>(statement, [keys as string[]]);
  const byKey = new Map<string, Entity | Error>();
  for (const row of rows) {
    const key = String(row[keyField]);
    const parsed = schema.safeParse(row);
    byKey.set(key, parsed.success ? parsed.data : invalidRecord(system, `${keyField} ${key}`, parsed.error.issues));
  }
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Many region lists in one statement: each query becomes a row of a VALUES list, and a LATERAL
 * subquery takes that query's page. The number of statements does not grow with the queries.
 */
export async function readRegionPages<Entity>(sql: SqlClient, spec: TableSpec<Entity>, queries: readonly RegionListQuery[]): Promise<(Page<Entity> | Error)[]> {
  if (!spec.regionColumn) throw new Error(`${spec.table} has no region column`);
  const lows: string[] = [], highs: string[] = [], starts: (string | null)[] = [], ends: (string | null)[] = [];
  const afters: (string | null)[] = [], limits: number[] = [];
  for (const query of queries) {
    const [low, high] = regionCodeRange(regionPrefix(query.regionCode));
    const [start, end] = periodRange(query.period);
    lows.push(low); highs.push(high); starts.push(start); ends.push(end);
    afters.push(query.after); limits.push(query.first + 1);
  }
  const region = `t.${spec.regionColumn}`;
  const periodFilter = spec.dateColumn
    ? `AND (q.start_date IS NULL OR t.${spec.dateColumn} BETWEEN q.start_date AND q.end_date)`
    : spec.spanColumns
      ? `AND (q.start_date IS NULL OR (t.${spec.spanColumns[0]} <= q.end_date AND (t.${spec.spanColumns[1]} IS NULL OR t.${spec.spanColumns[1]} >= q.start_date)))`
      : "";
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(
    `SELECT q.query_index, page.* FROM
       unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::int[])
         WITH ORDINALITY AS q(low, high, start_date, end_date, after_id, row_limit, query_index)
     CROSS JOIN LATERAL (
       SELECT ${selectList(spec)} FROM ${spec.table} t
       WHERE ${region} >= q.low AND ${region} < q.high ${periodFilter}
         AND (q.after_id IS NULL OR t.id > q.after_id)
       ORDER BY t.id LIMIT q.row_limit
     ) page
     ORDER BY q.query_index, page.id`,
    [lows, highs, starts, ends, afters, limits] as SqlValue[],
  );
  return toPages(rows, queries, (fields) => parseRecord(spec, fields));
}

/** Pages of the records under each parent (e.g. the members of each household), in one statement. */
export async function readPagesByParent<Entity>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  parentColumn: string,
  queries: readonly { parent: string; first: number; after: string | null }[],
): Promise<(Page<Entity> | Error)[]> {
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(
    `SELECT q.query_index, page.* FROM
       unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS q(parent, after_id, row_limit, query_index)
     CROSS JOIN LATERAL (
       SELECT ${selectList(spec)} FROM ${spec.table} t
       WHERE t.${parentColumn} = q.parent AND (q.after_id IS NULL OR t.id > q.after_id)
       ORDER BY t.id LIMIT q.row_limit
     ) page
     ORDER BY q.query_index, page.id`,
    [queries.map((q) => q.parent), queries.map((q) => q.after), queries.map((q) => q.first + 1)] as SqlValue[],
  );
  return toPages(rows, queries, (fields) => parseRecord(spec, fields));
}

/**
 * Every record of each key (e.g. all the records of each mother), in one statement however many
 * keys: a list per key in the keys' order, empty where there is none, each list ordered by
 * `orderBy` (SQL over the table's alias `t`). An invalid record fails its own key's list only.
 */
export async function readListsByKeys<Entity>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  keyColumn: string,
  keys: readonly string[],
  orderBy: string,
): Promise<(Entity[] | Error)[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(
    `SELECT q.query_index, list.* FROM
       unnest($1::text[]) WITH ORDINALITY AS q(key, query_index)
     CROSS JOIN LATERAL (
       SELECT ${selectList(spec)}, row_number() OVER (ORDER BY ${orderBy}) AS row_order
       FROM ${spec.table} t WHERE t.${keyColumn} = q.key
     ) list
     ORDER BY q.query_index, list.row_order`,
    [keys as string[]],
  );
  return toLists(rows, keys.length, (fields) => parseRecord(spec, fields));
}

/**
 * Every record of each region (by code prefix, as readRegionPages) whose date column lies in
 * the period, in one statement however many queries; each list ordered by `orderBy`. A query
 * with an invalid region code or period gets its error, the others their lists.
 */
export async function readRegionPeriodLists<Entity>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  queries: readonly { regionCode: string; period: string }[],
  orderBy: string,
): Promise<(Entity[] | Error)[]> {
  if (!spec.regionColumn || !spec.dateColumn) throw new Error(`${spec.table} has no region and date columns`);
  if (queries.length === 0) return [];
  const lows: (string | null)[] = [], highs: (string | null)[] = [], starts: (string | null)[] = [], ends: (string | null)[] = [];
  const invalid = new Map<number, Error>();
  queries.forEach((query, i) => {
    try {
      const [low, high] = regionCodeRange(regionPrefix(query.regionCode));
      const [start, end] = periodRange(query.period);
      lows.push(low); highs.push(high); starts.push(start); ends.push(end);
    } catch (error) {
      invalid.set(i, error instanceof Error ? error : new Error(String(error)));
      lows.push(null); highs.push(null); starts.push(null); ends.push(null);
    }
  });
  const region = `t.${spec.regionColumn}`;
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(
    `SELECT q.query_index, list.* FROM
       unnest($1::text[], $2::text[], $3::date[], $4::date[]) WITH ORDINALITY AS q(low, high, start_date, end_date, query_index)
     CROSS JOIN LATERAL (
       SELECT ${selectList(spec)}, row_number() OVER (ORDER BY ${orderBy}) AS row_order
       FROM ${spec.table} t
       WHERE ${region} >= q.low AND ${region} < q.high AND t.${spec.dateColumn} BETWEEN q.start_date AND q.end_date
     ) list
     ORDER BY q.query_index, list.row_order`,
    [lows, highs, starts, ends] as SqlValue[],
  );
  const lists = toLists(rows, queries.length, (fields) => parseRecord(spec, fields));
  return lists.map((list, i) => invalid.get(i) ?? list);
}

/** Splits the rows of a batched list statement (tagged with their 1-based query_index) into one list per key. */
function toLists<Entity>(
  rows: readonly (Record<string, unknown> & { query_index: string | number })[],
  count: number,
  parse: (fields: Record<string, unknown>) => Entity | Error,
): (Entity[] | Error)[] {
  const lists: (Entity[] | Error)[] = Array.from({ length: count }, () => []);
  for (const row of rows) {
    const index = Number(row.query_index) - 1;
    const list = lists[index]!;
    if (list instanceof Error) continue;
    const { query_index: _, row_order: __, ...fields } = row;
    const record = parse(fields);
    if (record instanceof Error) lists[index] = record;
    else list.push(record);
  }
  return lists;
}

function parseRecord<Entity>(spec: TableSpec<Entity>, fields: Record<string, unknown>): Entity | Error {
  const parsed = spec.schema.safeParse(fields);
  return parsed.success ? parsed.data : invalidRecord(spec.system, `id ${String(fields.id)}`, parsed.error.issues);
}

/**
 * Splits the rows of a batched page statement (tagged with their 1-based query_index, at most
 * `first + 1` a query) into one page per query. One invalid record fails its own page only.
 */
export function toPages<Entity>(
  rows: readonly (Record<string, unknown> & { query_index: string | number })[],
  queries: readonly { first: number }[],
  parse: (fields: Record<string, unknown>) => Entity | Error,
): (Page<Entity> | Error)[] {
  const pages: (Page<Entity> | Error)[] = queries.map(() => ({ items: [], hasNextPage: false }));
  for (const row of rows) {
    const index = Number(row.query_index) - 1;
    const page = pages[index]!;
    if (page instanceof Error) continue;
    if (page.items.length >= queries[index]!.first) {
      page.hasNextPage = true;
      continue;
    }
    const { query_index: _, ...fields } = row;
    const record = parse(fields);
    if (record instanceof Error) pages[index] = record;
    else page.items.push(record);
  }
  return pages;
}
