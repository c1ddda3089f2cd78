// Reading a table into domain objects with set-based SQL. A table spec lists every column of a
// Prisma model (so the compiler notices a column added to the schema and not here); dates are
// read as ISO strings, and every row is parsed by the entity's zod schema on the way out.
import { regionPrefix } from "@popfam/domain";
import type { SqlClient, SqlValue } from "@popfam/db";
import type { z } from "zod";
import { invalidRecord } from "./errors.js";
import { periodRange, regionCodeRange, type Page, type RegionListQuery } from "./paging.js";
import type { SystemCode } from "./systems.js";

/**
 * How a column reads: as it comes ("value"), a date as an ISO string ("date"), a bigint as a
 * number when it is a safe integer ("bigint"; else the record fails its schema), or not at all
 * ("omit": a column the entity does not carry, such as a request hash kept for idempotency).
 */
type ColumnKind = "value" | "date" | "bigint" | "omit";

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

/**
 * The fields a table's rows carry (its columns but the omitted), each with the SQL that reads it:
 * a date as its ISO text (JSON writes a date so by itself, whatever the session's DateStyle), a
 * bigint as text (a JSON number would lose digits past 2^53).
 */
function readColumns(spec: Pick<TableSpec<unknown>, "columns">, alias: string, into: "columns" | "json" = "columns"): [field: string, expression: string][] {
  return Object.entries(spec.columns)
    .filter(([, kind]) => kind !== "omit")
    .map(([field, kind]) => {
      const column = `${alias}.${snake(field)}`;
      if (kind === "date") return [field, into === "json" ? column : `to_char(${column}, 'YYYY-MM-DD')`];
      return [field, kind === "bigint" ? `${column}::text` : column];
    });
}

export function selectList(spec: Pick<TableSpec<unknown>, "columns">, alias = "t"): string {
  return readColumns(spec, alias)
    .map(([field, expression]) => `${expression} AS "${field}"`)
    .join(", ");
}

/**
 * A table's row as one value: its fields (as selectList reads them) in a JSON array, as text,
 * `record_json`, with its id beside it. The driver then reads one value a row instead of one a
 * column (a page of 100 persons was 1,300), and a row read before is recognised by comparing one
 * text (see ParsedRecords). JSON keeps every value the columns give: text, numbers, booleans,
 * nulls, dates and bigints as the same text selectList makes of them, and JSON columns as JSON.
 */
function selectRecordJson(spec: Pick<TableSpec<unknown>, "columns">, alias = "t"): string {
  return `${alias}.id AS id, json_build_array(${readColumns(spec, alias, "json").map(([, expression]) => expression).join(", ")})::text AS record_json`;
}

/** Rows by id, in the order of the ids asked for; null where there is none. One statement. */
export function readByIds<Entity>(sql: SqlClient, spec: TableSpec<Entity>, ids: readonly string[]): Promise<(Entity | null | Error)[]> {
  return readByColumn(sql, spec, "id", ids);
}

/** Rows by a unique column (an id, a code), in the order of the keys asked for; null where there is none. One statement. */
export async function readByColumn<Entity>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  field: string,
  keys: readonly string[],
): Promise<(Entity | null | Error)[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${selectList(spec)} FROM ${spec.table} t WHERE t.${snake(field)} = ANY($1::text[])`,
    [keys as string[]],
  );
  const byKey = new Map<string, Entity | Error>();
  for (const row of rows) {
    const key = String(row[field]);
    byKey.set(key, parseRecord(spec, row, `${field} ${key}`));
  }
  return keys.map((key) => byKey.get(key) ?? null);
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
    // Named by its id where it has one: the key may be personal data (an ID number).
    const what = row.id != null ? `id ${String(row.id)}` : `${keyField} ${key}`;
    byKey.set(key, parsed.success ? parsed.data : invalidRecord(system, what, parsed.error.issues));
  }
  return keys.map((key) => byKey.get(key) ?? null);
}

/**
 * Many region lists in one statement: each query is a branch of a UNION ALL with its values bound
 * as parameters of its own, and a LATERAL subquery takes that query's page. The number of
 * statements does not grow with the queries.
 * A page is in (region code, id) order, the order of the table's (region, id) index: a region's
 * code range is then one run of that index, and a page reads its `first + 1` rows and no more
 * (ordered by id alone, every row of the range had to be read and sorted for each page).
 * One query without a period is read by a prepared statement instead (readOneRegionPage).
 */
export async function readRegionPages<Entity>(sql: SqlClient, spec: TableSpec<Entity>, queries: readonly RegionListQuery[]): Promise<(Page<Entity> | Error)[]> {
  const regionColumn = spec.regionColumn;
  if (!regionColumn) throw new Error(`${spec.table} has no region column`);
  if (queries.length === 0) return [];
  const region = `t.${regionColumn}`;
  if (queries.length === 1 && queries[0]!.period === null) return [await readOneRegionPage(sql, spec, regionColumn, queries[0]!)];
  const periodFilter = spec.dateColumn
    ? `AND (q.start_date IS NULL OR t.${spec.dateColumn} BETWEEN q.start_date AND q.end_date)`
    : spec.spanColumns
      ? `AND (q.start_date IS NULL OR (t.${spec.spanColumns[0]} <= q.end_date AND (t.${spec.spanColumns[1]} IS NULL OR t.${spec.spanColumns[1]} >= q.start_date)))`
      : "";
  const params: BatchParam<RegionListQuery>[] = [
    ...regionRangeParams<RegionListQuery>((q) => q.regionCode),
    { name: "start_date", type: "date", value: (q) => periodRange(q.period)[0] },
    { name: "end_date", type: "date", value: (q) => periodRange(q.period)[1] },
    { name: "after_id", type: "text", value: (q) => q.after },
    { name: "row_limit", type: "int", value: (q) => q.first + 1 },
  ];
  // An invalid region code or period throws (from `value`), failing the whole batch.
  const statement = branches(
    queries,
    params,
    (q) => `SELECT ${selectRecordJson(spec)}, ${region} AS page_region FROM ${spec.table} t
       WHERE ${region} >= q.low AND ${region} < q.high ${periodFilter}
         AND ${q.after === null && q.period === null ? firstPage(regionColumn) : afterCursor(spec.table, regionColumn)}
       ORDER BY ${region}, t.id LIMIT q.row_limit`,
    "page_region, id",
  );
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(statement);
  return toPages(rows, queries, (row) => parseRecordJson(spec, row));
}

/**
 * A region's page without a period, the one list a request asks for: a statement whose values are
 * bound as parameters, so its text is the same for every region and cursor, and a connection
 * prepares and plans it once (a page statement with its values written in was planned at every
 * run: a fifth of the database's time for a page of persons). Whatever the values, its one plan is
 * the right one: the (region, id) index from the range's start, or from the cursor's record, for
 * `first + 1` entries; no period filter whose selectivity would need the values to choose an index.
 */
async function readOneRegionPage<Entity>(sql: SqlClient, spec: TableSpec<Entity>, regionColumn: string, query: RegionListQuery): Promise<Page<Entity> | Error> {
  const region = `t.${regionColumn}`;
  const [low, high] = regionCodeRange(regionPrefix(query.regionCode));
  const start = query.after === null ? firstPage(regionColumn, "$1") : afterCursor(spec.table, regionColumn, "$1", "$4");
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${selectRecordJson(spec)} FROM ${spec.table} t
     WHERE ${region} >= $1 AND ${region} < $2 AND ${start}
     ORDER BY ${region}, t.id LIMIT $3`,
    query.after === null ? [low, high, query.first + 1] : [low, high, query.first + 1, query.after],
  );
  return toPages<Entity>(rows, [query], (row) => parseRecordJson(spec, row), () => 0)[0]!;
}

/**
 * One statement for a batch of queries, each query a branch of a UNION ALL: `SELECT <n> AS
 * query_index, page.* FROM (SELECT <value>::type AS name, …) q CROSS JOIN LATERAL (<lateral>) page`,
 * the rows in (query_index, `order`) order. Each query's values are written into its branch as
 * literals, so the planner sees them (a region's code range, a period, a filter, the page size)
 * as it plans that branch: it estimates the rows of the range from the table's statistics and
 * picks the (region, id) index for a page. Bound as parameters they were hidden from it (as
 * arrays and unnested, and in the generic plan of a prepared statement alike): it planned every
 * range with a default guess of a few rows, and for a small table or a filtered list read and
 * sorted the whole range for a page. With no parameters the statement is planned at each run
 * (about a millisecond), never from a cached generic plan.
 */
function branches<Key>(
  keys: readonly Key[],
  params: readonly BatchParam<Key>[],
  lateral: string | ((key: Key) => string),
  order: string,
  values: (key: Key, index: number) => SqlValue[] = (key) => params.map((param) => param.value(key)),
): string {
  const parts = keys.map((key, i) => {
    const own = values(key, i);
    const columns = params.map((param, p) => `${sqlLiteral(own[p] ?? null)}::${param.type} AS ${param.name}`).join(", ");
    return `(SELECT ${i + 1} AS query_index, page.* FROM (SELECT ${columns}) q CROSS JOIN LATERAL (${typeof lateral === "function" ? lateral(key) : lateral}) page)`;
  });
  return `${parts.join("\nUNION ALL\n")}\nORDER BY query_index, ${order}`;
}

/**
 * A value as an SQL literal (as node-postgres's escapeLiteral writes one): a string quoted with
 * its quotes doubled, and its backslashes doubled in an E'' string; a finite number; true, false
 * or NULL. Anything else (an array, a string with a NUL character, which no text value holds) is
 * refused.
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${value} is not a number SQL can hold`);
    return String(value);
  }
  if (typeof value !== "string") throw new Error("only a string, number, boolean or null is written as a literal");
  if (value.includes("\0")) throw new Error("a text value cannot hold a NUL character");
  const quoted = `'${value.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;
  return value.includes("\\") ? ` E${quoted}` : quoted;
}

/**
 * The keyset condition of a page in (region, id) order after the cursor's record (q.after_id, or
 * the expressions given for the range's start and the cursor, as a prepared statement binds them):
 * one row comparison the index answers as a range, so a later page starts where the last ended.
 * Without a cursor the comparison is against (q.low, ''), the start of the region's code range:
 * the index scan starts there (against ('', '') it would start at the first entry of the index
 * and step over every region below). Every statement using it binds the range as q.low.
 */
function afterCursor(table: string, regionColumn: string, low = "q.low", afterId = "q.after_id"): string {
  return `(t.${regionColumn}, t.id) > (SELECT coalesce(max(c.${regionColumn}), ${low}), coalesce(max(c.id), '') FROM ${table} c WHERE c.id = ${afterId})`;
}

/**
 * The keyset condition of a first page without a period: (q.low, ''), as afterCursor's lookup of
 * no record gives, written as it is. The lookup's subquery cost the database a sixth of a page of
 * persons. With a period the lookup stays: its bound, opaque to the planner, leaves it the (region,
 * date) index for the period's few rows, where the bound written out makes it walk the (region,
 * id) index and filter every row of the range by date.
 */
function firstPage(regionColumn: string, low = "q.low"): string {
  return `(t.${regionColumn}, t.id) > (${low}, '')`;
}

/** The outer ORDER BY of a page statement (after its query_index): the page's (region, id) order over the selected fields. */
function pageOrder(spec: Pick<TableSpec<unknown>, "columns" | "table">, regionColumn: string): string {
  const field = Object.keys(spec.columns).find((f) => snake(f) === regionColumn);
  if (!field) throw new Error(`${spec.table} selects no field for ${regionColumn}`);
  return `"${field}", id`;
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
    const record = parse(row);
    if (record instanceof Error) lists[index] = record;
    else list.push(record);
  }
  return lists;
}

/**
 * Parses one row of a table into its entity: bigint columns (read as text) become numbers when
 * they are safe integers, then the entity's schema decides; a failure is an error for that record.
 * A row read again with the very same values (a page a dashboard asks for all day) gives the
 * record parsed the last time: see `ParsedRecords`.
 */
export function parseRecord<Entity>(spec: TableSpec<Entity>, row: Record<string, unknown>, what = `id ${String(row.id)}`): Entity | Error {
  const parsedBefore = parsedRecords.get(spec.schema, row);
  if (parsedBefore !== undefined) return parsedBefore as Entity;
  const fields = withoutBookkeeping(row);
  const record = parseFields(spec, fields, what);
  if (!(record instanceof Error)) parsedRecords.set(spec.schema, fields, record);
  return record;
}

/** A row's fields as its entity: bigint columns (read as text) made numbers when safe, then the entity's schema. */
function parseFields<Entity>(spec: TableSpec<Entity>, fields: Record<string, unknown>, what: string): Entity | Error {
  let record = fields;
  for (const [field, kind] of Object.entries(spec.columns)) {
    const value = fields[field];
    if (kind !== "bigint" || typeof value !== "string" || !/^-?\d+$/.test(value)) continue;
    const number = Number(value);
    // An unsafe integer stays a string, so the schema refuses it rather than a rounded amount passing.
    if (Number.isSafeInteger(number)) record = { ...record, [field]: number };
  }
  const parsed = spec.schema.safeParse(record);
  return parsed.success ? parsed.data : invalidRecord(spec.system, what, parsed.error.issues);
}

/**
 * Parses a row read as `record_json` (see selectRecordJson) into its entity, as parseRecord does a
 * row of columns; a row whose text is the one parsed last time gives that record at once.
 */
export function parseRecordJson<Entity>(spec: TableSpec<Entity>, row: Record<string, unknown>): Entity | Error {
  const id = row.id;
  const text = row.record_json;
  if (typeof text !== "string") return invalidRecord(spec.system, `id ${String(id)}`, [{ path: [], message: "the row was not read as one JSON text" }]);
  const parsedBefore = parsedRecords.getText(spec.schema, id, text);
  if (parsedBefore !== undefined) return parsedBefore as Entity;
  const values = JSON.parse(text) as unknown[];
  const fields: Record<string, unknown> = {};
  let i = 0;
  for (const [field, kind] of Object.entries(spec.columns)) if (kind !== "omit") fields[field] = values[i++];
  const record = parseFields(spec, fields, `id ${String(id)}`);
  if (!(record instanceof Error)) parsedRecords.setText(spec.schema, id, text, record);
  return record;
}

/**
 * The columns a batched statement adds to a table's own (which query a row answers, its place in
 * a list): not the record's, and left out when rows are compared.
 */
const BOOKKEEPING = new Set(["query_index", "row_order"]);

function withoutBookkeeping(row: Record<string, unknown>): Record<string, unknown> {
  if (!("query_index" in row) && !("row_order" in row)) return row;
  const fields: Record<string, unknown> = {};
  for (const key in row) if (!BOOKKEEPING.has(key)) fields[key] = row[key];
  return fields;
}

/**
 * Records parsed before, by schema and id, each with the row it was parsed from (its columns, or
 * its one JSON text). Parsing is a function of the row's values alone, so a row whose every value
 * is the same gives the same record: it is handed out again (requests share it: nothing changes a
 * record once read), and a row with any value changed is parsed afresh. Only valid records are
 * kept; an invalid one fails every time it is read. Each schema keeps its last `limit` records
 * (the oldest dropped first).
 */
class ParsedRecords {
  // A row of columns and a row read as one JSON text are kept apart: a record read both ways
  // (by id, and in a page) does not push its other reading out.
  private readonly rows = new WeakMap<object, Map<string, { row: Record<string, unknown>; columns: number; record: unknown }>>();
  private readonly texts = new WeakMap<object, Map<string, { text: string; record: unknown }>>();

  constructor(private readonly limit: number) {}

  get(schema: object, row: Record<string, unknown>): unknown {
    const id = row.id;
    if (typeof id !== "string") return undefined;
    const kept = this.rows.get(schema)?.get(id);
    return kept && sameValues(kept.row, kept.columns, row) ? kept.record : undefined;
  }

  getText(schema: object, id: unknown, text: string): unknown {
    if (typeof id !== "string") return undefined;
    const kept = this.texts.get(schema)?.get(id);
    return kept?.text === text ? kept.record : undefined;
  }

  set(schema: object, row: Record<string, unknown>, record: unknown): void {
    if (typeof row.id === "string") this.keep(this.rows, schema, row.id, { row, columns: Object.keys(row).length, record });
  }

  setText(schema: object, id: unknown, text: string, record: unknown): void {
    if (typeof id === "string") this.keep(this.texts, schema, id, { text, record });
  }

  private keep<Kept>(bySchema: WeakMap<object, Map<string, Kept>>, schema: object, id: string, kept: Kept): void {
    let records = bySchema.get(schema);
    if (!records) bySchema.set(schema, (records = new Map()));
    records.delete(id);
    records.set(id, kept);
    if (records.size > this.limit) records.delete(records.keys().next().value!);
  }
}

/**
 * The same columns with the same values (a value that is not a primitive, such as JSON, never
 * counts as the same); `b` is a row as read, its bookkeeping columns not compared.
 */
function sameValues(a: Record<string, unknown>, aColumns: number, b: Record<string, unknown>): boolean {
  let columns = 0;
  for (const key in b) {
    const value = b[key];
    if (value !== a[key]) {
      if (BOOKKEEPING.has(key)) continue;
      return false;
    }
    if (typeof value === "object" && value !== null) return false;
    columns++;
  }
  return columns === aColumns;
}

/** Some 40 pages of 100 of each kind of record. */
const parsedRecords = new ParsedRecords(4_096);

/** One parameter of a batched statement: a column of the `unnest(...) WITH ORDINALITY AS q(...)` list. */
export interface BatchParam<Key> {
  /** The name the statement uses (q.<name>). */
  name: string;
  /** Its SQL type (text, int, date, boolean). */
  type: string;
  /** Its value for one key; may throw (an invalid region code): that key gets the error and matches nothing. */
  value: (key: Key) => SqlValue;
}

/** A region key's [low, high) code range, as batch parameters `low` and `high` (by code prefix). */
export function regionRangeParams<Key>(regionCode: (key: Key) => string): BatchParam<Key>[] {
  return [
    { name: "low", type: "text", value: (key) => regionCodeRange(regionPrefix(regionCode(key)))[0] },
    { name: "high", type: "text", value: (key) => regionCodeRange(regionPrefix(regionCode(key)))[1] },
  ];
}

/** Binds the keys to their parameter arrays; a key whose parameters cannot be computed gets its error and nulls. */
function bindKeys<Key>(keys: readonly Key[], params: readonly BatchParam<Key>[]): { arrays: SqlValue[][]; invalid: Map<number, Error> } {
  const arrays: SqlValue[][] = params.map(() => []);
  const invalid = new Map<number, Error>();
  keys.forEach((key, i) => {
    let values: SqlValue[];
    try {
      values = params.map((param) => param.value(key));
    } catch (error) {
      invalid.set(i, error instanceof Error ? error : new Error(String(error)));
      values = params.map(() => null);
    }
    values.forEach((value, p) => arrays[p]!.push(value));
  });
  return { arrays, invalid };
}

function unnestList(params: readonly { name: string; type: string }[], extra: readonly { name: string; type: string }[] = []): string {
  const all = [...params, ...extra];
  return `unnest(${all.map((p, i) => `$${i + 1}::${p.type}[]`).join(", ")}) WITH ORDINALITY AS q(${all.map((p) => p.name).join(", ")}, query_index)`;
}

export interface WhereQuery<Key> {
  /** The parameters each key binds (q.<name> in the filter). */
  params: readonly BatchParam<Key>[];
  /** SQL over the table's alias `t` and the key's `q`. */
  where: string;
  /** The table and its joins; `${spec.table} t` unless given. */
  from?: string;
  /** More select items after the table's columns (e.g. a computed flag). */
  extraSelect?: string;
}

/**
 * Pages of rows matching a filter per query, in one statement however many queries: each query a
 * branch of a UNION ALL with its own parameters (see `branches`), a LATERAL subquery taking
 * `first + 1` rows after the cursor, in (region code, id) order: the order of the table's
 * (…, region, id) index, so that a page reads about the rows it returns, not every row of the
 * region's code range.
 */
export async function readPagesWhere<Entity, Query extends { first: number; after: string | null }>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  queries: readonly Query[],
  query: WhereQuery<Query>,
): Promise<(Page<Entity> | Error)[]> {
  if (!spec.regionColumn) throw new Error(`${spec.table} has no region column`);
  if (queries.length === 0) return [];
  const { arrays, invalid } = bindKeys(queries, query.params);
  const window: BatchParam<Query>[] = [
    { name: "after_id", type: "text", value: (q) => q.after },
    { name: "row_limit", type: "int", value: (q) => q.first + 1 },
  ];
  const statement = branches(
    queries,
    [...query.params, ...window],
    `SELECT ${selectList(spec)}${query.extraSelect ? `, ${query.extraSelect}` : ""}
       FROM ${query.from ?? `${spec.table} t`}
       WHERE (${query.where}) AND ${afterCursor(spec.table, spec.regionColumn)}
       ORDER BY t.${spec.regionColumn}, t.id LIMIT q.row_limit`,
    pageOrder(spec, spec.regionColumn),
    (q, i) => [...arrays.map((values) => values[i]!), q.after, q.first + 1],
  );
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(statement);
  const pages = toPages(rows, queries, (fields) => parseRecord(spec, fields));
  return pages.map((page, i) => invalid.get(i) ?? page);
}

/**
 * Every row matching a filter per key, in one statement however many keys: a list per key in
 * the keys' order, each ordered by `orderBy` (SQL over `t`). An invalid record fails its own key's list only.
 */
export function readListsWhere<Entity, Key>(
  sql: SqlClient,
  spec: TableSpec<Entity>,
  keys: readonly Key[],
  query: WhereQuery<Key> & { orderBy: string },
): Promise<(Entity[] | Error)[]> {
  return readLists(
    sql,
    keys,
    query.params,
    `SELECT ${selectList(spec)}${query.extraSelect ? `, ${query.extraSelect}` : ""}, row_number() OVER (ORDER BY ${query.orderBy}) AS row_order
     FROM ${query.from ?? `${spec.table} t`}
     WHERE ${query.where}`,
    (fields) => parseRecord(spec, fields),
  );
}

/**
 * The rows of a LATERAL subquery per key (SQL over the key's `q`, numbering its rows as
 * `row_order`), in one statement however many keys: a list per key in the keys' order.
 */
export async function readLists<Item, Key>(
  sql: SqlClient,
  keys: readonly Key[],
  params: readonly BatchParam<Key>[],
  lateral: string,
  parse: (fields: Record<string, unknown>) => Item | Error,
): Promise<(Item[] | Error)[]> {
  if (keys.length === 0) return [];
  const { arrays, invalid } = bindKeys(keys, params);
  const rows = await sql.query<Record<string, unknown> & { query_index: string | number }>(
    `SELECT q.query_index, list.* FROM ${unnestList(params)}
     CROSS JOIN LATERAL (${lateral}) list
     ORDER BY q.query_index, list.row_order`,
    arrays as SqlValue[],
  );
  const lists = toLists(rows, keys.length, parse);
  return lists.map((list, i) => invalid.get(i) ?? list);
}

/** The one record matching `where` (SQL over `t`) with its request hash (null if the table keeps none), or null; an invalid record is thrown. */
export async function readOne<Entity>(
  tx: SqlClient,
  spec: TableSpec<Entity>,
  where: string,
  params: readonly SqlValue[],
  lock = false,
): Promise<{ record: Entity; requestHash: string | null } | null> {
  const hashColumn = "requestHash" in spec.columns ? `t.request_hash AS "requestHash"` : `NULL AS "requestHash"`;
  const rows = await tx.query<Record<string, unknown>>(
    `SELECT ${selectList(spec)}, ${hashColumn} FROM ${spec.table} t WHERE ${where}${lock ? " FOR UPDATE" : ""}`,
    params,
  );
  const row = rows[0];
  if (!row) return null;
  const { requestHash: hash, ...fields } = row;
  const record = parseRecord(spec, fields);
  if (record instanceof Error) throw record;
  return { record, requestHash: typeof hash === "string" ? hash : null };
}

/**
 * Runs each command in its own transaction, one after another: a command that fails (an Error
 * thrown by `run`, or the database refusing it) is rolled back whole and answered with its error;
 * the others are unaffected. A unique violation is tried once more: a concurrent writer of the
 * same key or record has committed by then, and the second try answers as a repeat would.
 */
export async function runCommands<Command extends { idempotencyKey: string }, Result>(
  sql: SqlClient,
  commands: readonly Command[],
  run: (tx: SqlClient, command: Command) => Promise<Result>,
): Promise<(Result | Error)[]> {
  const results: (Result | Error)[] = [];
  for (const command of commands) {
    for (let attempt = 0; ; attempt++) {
      try {
        // Retries of one command may race (a client timed out and sent it again): the key's lock
        // makes the second wait for the first and then find its row, instead of refusing.
        results.push(
          await sql.transaction(async (tx) => {
            await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`command|${command.idempotencyKey}`]);
            return run(tx, command);
          }),
        );
        break;
      } catch (error) {
        if (attempt === 0 && (error as { code?: unknown } | null)?.code === "23505") continue;
        results.push(error instanceof Error ? error : new Error(String(error)));
        break;
      }
    }
  }
  return results;
}

/**
 * Splits the rows of a batched page statement (tagged with their 1-based query_index, at most
 * `first + 1` a query) into one page per query. One invalid record fails its own page only.
 */
export function toPages<Entity>(
  rows: readonly Record<string, unknown>[],
  queries: readonly { first: number }[],
  parse: (fields: Record<string, unknown>) => Entity | Error,
  queryOf: (row: Record<string, unknown>) => number = (row) => Number(row.query_index) - 1,
): (Page<Entity> | Error)[] {
  const pages: (Page<Entity> | Error)[] = queries.map(() => ({ items: [], hasNextPage: false }));
  for (const row of rows) {
    const index = queryOf(row);
    const page = pages[index]!;
    if (page instanceof Error) continue;
    if (page.items.length >= queries[index]!.first) {
      page.hasNextPage = true;
      continue;
    }
    // The row as read, its query_index with it: a record read before is found without a copy (see ParsedRecords).
    const record = parse(row);
    if (record instanceof Error) pages[index] = record;
    else page.items.push(record);
  }
  return pages;
}
