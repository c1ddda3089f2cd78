// A SQL client that counts the statements the adapters send (a transaction's own statements are
// not counted: writes are checked by what they leave behind).
import type { SqlClient } from "@popfam/db";

export function countingSql(sql: SqlClient): SqlClient & { statements: number } {
  const counting = {
    kind: sql.kind,
    statements: 0,
    query<Row>(text: string, params?: Parameters<SqlClient["query"]>[1]) {
      counting.statements++;
      return sql.query<Row>(text, params);
    },
    exec: (script: string) => sql.exec(script),
    transaction: <T>(work: (tx: SqlClient) => Promise<T>) => sql.transaction(work),
    load: (...args: Parameters<SqlClient["load"]>) => sql.load(...args),
  };
  return counting;
}

/** The value of a one-row, one-column count. */
export async function countOf(sql: SqlClient, statement: string, params: readonly (string | number)[] = []): Promise<number> {
  const rows = await sql.query<{ n: string | number }>(statement, params);
  return Number(rows[0]!.n);
}
