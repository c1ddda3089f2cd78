// A thin SQL client over the two engines we run on, for what Prisma does not do: applying
// migration scripts, bulk loads and the few batched queries that need set-based SQL.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { createHash } from "node:crypto";
import pg from "pg";

export type DatabaseKind = "pglite" | "postgres";
export type SqlValue = string | number | boolean | null | Date | readonly (string | number | boolean | null)[];

export interface SqlClient {
  readonly kind: DatabaseKind;
  query<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Loads many rows into a table fast: COPY on PGlite, batched INSERTs on a server. */
  load(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

export function pgliteClient(target: PGlite | Transaction): SqlClient {
  return traced({
    kind: "pglite",
    async query<Row>(text: string, params: readonly SqlValue[] = []) {
      const result = await target.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script) {
      await target.exec(script);
    },
    async transaction(work) {
      if (!(target instanceof PGlite)) return work(this);
      return target.transaction((tx) => work(pgliteClient(tx)));
    },
    async load(table, columns, rows) {
      if (rows.length === 0) return;
      const csv = rows.map((row) => row.map(csvField).join(",")).join("\n");
      await target.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    },
  });
}

export function postgresClient(pool: pg.Pool | pg.PoolClient): SqlClient {
  return traced({
    kind: "postgres",
    async query<Row>(text: string, params: readonly SqlValue[] = []) {
      const name = params.length > 0 ? preparedName(text) : undefined;
      const result = await pool.query({ name, text, values: params as unknown[] });
      return result.rows as Row[];
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(work) {
      if (!(pool instanceof pg.Pool)) return work(this);
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(postgresClient(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
    async load(table, columns, rows) {
      // json_populate_recordset turns one JSON parameter into typed rows: one round trip per
      // chunk, no parameter-count limit, and the table's own column types do the parsing.
      const chunk = 20_000;
      for (let start = 0; start < rows.length; start += chunk) {
        const records = rows.slice(start, start + chunk).map((row) =>
          Object.fromEntries(columns.map((column, i) => [column, jsonField(row[i] ?? null)])),
        );
        await pool.query(
          `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM json_populate_recordset(null::${table}, $1)`,
          [JSON.stringify(records)],
        );
      }
    },
  });
}

/** Statement texts named so far, and the most there may be (see preparedName). */
const preparedNames = new Map<string, string>();
const MAX_PREPARED_STATEMENTS = 1_000;

/**
 * The name a parameterized statement is prepared under on each connection: the same text always
 * gets the same name, so the server parses and plans it once per connection and then only binds
 * and executes (the gateway's statements are a fixed set built from its table specs; a batch of
 * any size binds arrays, so its text does not change). Past MAX_PREPARED_STATEMENTS distinct
 * texts, further ones run unnamed: a connection never holds an unbounded number of plans.
 */
function preparedName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined || preparedNames.size >= MAX_PREPARED_STATEMENTS) return known;
  const name = `popfam_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  preparedNames.set(text, name);
  return name;
}

/** Statements sent since the process started, by engine: what a request costs the database, read by /metrics and the bench. */
export const statementsSent: Record<DatabaseKind, number> = { pglite: 0, postgres: 0 };

// Looked up at each use: a tracer taken before the application registers its provider stays a no-op.
const tracer = () => trace.getTracer("@popfam/db");

/**
 * Each statement as an OpenTelemetry client span (its text without the parameters' values), when
 * the application has registered a tracer provider; without one the API's no-op tracer costs next
 * to nothing. Prisma's own queries are not covered here (its Wasm query engine and driver adapter
 * emit no spans of their own; the gateway's reads go through this client).
 */
function traced(client: SqlClient): SqlClient {
  const span = <T>(name: string, text: string, work: () => Promise<T>): Promise<T> =>
    tracer().startActiveSpan(
      name,
      { kind: SpanKind.CLIENT, attributes: { "db.system.name": "postgresql", "db.system": "postgresql", "db.query.text": text.slice(0, 2_000), "popfam.db.engine": client.kind } },
      async (current) => {
        try {
          return await work();
        } catch (error) {
          current.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          current.end();
        }
      },
    );
  return {
    kind: client.kind,
    query: (text, params) => {
      statementsSent[client.kind]++;
      return span(statementName(text), text, () => client.query(text, params));
    },
    exec: (script) => {
      statementsSent[client.kind]++;
      return span("exec", script, () => client.exec(script));
    },
    transaction: (work) => span("transaction", "BEGIN", () => client.transaction(work)),
    load: (table, columns, rows) => span(`load ${table}`, `load ${table} (${columns.join(", ")})`, () => client.load(table, columns, rows)),
  };
}

/** A span's name: the statement's first word (SELECT, INSERT, WITH, …). */
function statementName(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "SQL";
}

function csvField(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return csvQuote(`{${value.map((v) => JSON.stringify(String(v))).join(",")}}`);
  const text = String(value);
  return /[",\n\r]/.test(text) || text === "" ? csvQuote(text) : text;
}

function csvQuote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function jsonField(value: SqlValue): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Runs `work` while this process holds a PostgreSQL advisory lock (`pg_advisory_lock(key)`) on a
 * session of its own, so that processes sharing one server (replicas starting together, a seed
 * beside a gateway) do it one at a time. `work` gets a client on that session whose transactions
 * are real transactions. The lock goes with the session if the process dies.
 */
export async function withPostgresAdvisoryLock<T>(pool: pg.Pool, key: number, work: (session: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    try {
      return await work(sessionClient(client));
    } finally {
      try {
        await client.query("SELECT pg_advisory_unlock($1)", [key]);
      } catch {
        broken = true; // the session is gone, and the lock with it
      }
    }
  } finally {
    // A session whose unlock failed is not handed back to the pool: closing it releases its locks.
    client.release(broken);
  }
}

/** A client on one session that keeps its own transactions (BEGIN/COMMIT on that session). */
function sessionClient(client: pg.PoolClient): SqlClient {
  const base = postgresClient(client);
  return {
    ...base,
    async transaction(work) {
      await client.query("BEGIN");
      try {
        const result = await work(base);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
  };
}
