// The paths a query is measured through, each able to send it and to say how many SQL statements
// its process has sent so far: the gateway (one process, and WORKERS=2), the gateway with its operations interpreted, the gateway without loader batching (naive), the
// gateway with its indicator cache off, the minimal SQL run through a pg Pool (or the embedded
// database) from the generator's own process, and the minimal node:http + pg server.
import { statementsSent } from "@popfam/db";
import type pg from "pg";
import { httpPoster, type Send } from "./load.js";
import type { RunSql } from "./queries.js";

export type PathKind = "gateway" | "2 workers" | "interpreted" | "answers off" | "cache off" | "naive" | "minimal SQL" | "minimal server";

/** Display order in the tables. */
export const PATH_KINDS: PathKind[] = ["gateway", "2 workers", "interpreted", "answers off", "cache off", "naive", "minimal SQL", "minimal server"];

export interface Sender {
  send: Send;
  close(): void;
}

export interface Path {
  kind: PathKind;
  /** The process whose CPU is the server's (null: the statements run in the generator). */
  serverPid: number | null;
  /** An HTTP path's GraphQL endpoint (its answers are compared before measuring). */
  url: string | null;
  /** Headers an HTTP path's requests carry (the gateway's bearer token). */
  headers: Record<string, string>;
  /** A sender of this request over `connections` connections. */
  sender(body: string, statements: { text: string; params: unknown[] }[], connections: number): Sender;
  /** SQL statements this path's process has sent so far. */
  statements(): Promise<number>;
}

/** Reads `popfam_db_statements_total` off a /metrics page (every engine summed). */
export async function scrapeStatements(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const match of text.matchAll(/^popfam_db_statements_total(?:\{[^}]*\})? (\S+)$/gm)) total += Number(match[1]);
  return total;
}

/** A path served over HTTP: a gateway (child or in-process) or the minimal server; `headers` go with every request (a token). */
export function httpPath(kind: PathKind, url: string, serverPid: number | null, statements: () => Promise<number>, headers: Record<string, string> = {}): Path {
  return { kind, url, serverPid, headers, sender: (body, _sql, connections) => httpPoster(url, body, connections, headers), statements };
}

/** Statements sent by this process to the embedded database (an in-process gateway's, the minimal SQL's). */
export const embeddedStatements = async () => statementsSent.pglite;

/** The minimal SQL, run from the generator's process: through a pg Pool, or the embedded database. */
export function sqlPath(run: RunSql, counted: () => Promise<number>): Path {
  return {
    kind: "minimal SQL",
    url: null,
    headers: {},
    serverPid: null,
    sender: (_body, statements) => ({
      send: async () => {
        for (const statement of statements) await run(statement.text, statement.params);
      },
      close: () => {},
    }),
    statements: counted,
  };
}

/** A pg Pool as a RunSql, counting the statements it runs. */
export function poolRunner(pool: pg.Pool): { run: RunSql; statements: () => Promise<number> } {
  let count = 0;
  return {
    run: async (text, params) => {
      count++;
      return (await pool.query(text, params)).rows as unknown[];
    },
    statements: async () => count,
  };
}
