// The paths a query is measured through, each able to load it and to say how many SQL statements
// its process has sent so far: the gateway (one process, and WORKERS=2), the gateway with its operations interpreted, the gateway without loader batching (naive), the
// gateway with its indicator cache off, the minimal SQL run through a pg Pool (or the embedded
// database) from the generator's own process, and the minimal node:http + pg server. Each path's
// load comes from its generator (generator.ts): on PostgreSQL a process of its own.
import { statementsSent } from "@popfam/db";
import type pg from "pg";
import type { LoadPlan } from "./load.js";
import type { GeneratedLoad, LoadGenerator, Statement } from "./generator.js";
import type { RunSql } from "./queries.js";

export type PathKind = "gateway" | "2 workers" | "interpreted" | "answers off" | "cache off" | "naive" | "minimal SQL" | "minimal server";

/** Display order in the tables. */
export const PATH_KINDS: PathKind[] = ["gateway", "2 workers", "interpreted", "answers off", "cache off", "naive", "minimal SQL", "minimal server"];

export interface Path {
  kind: PathKind;
  /** The process whose CPU is the server's (null: the statements run in the generator). */
  serverPid: number | null;
  /** An HTTP path's GraphQL endpoint (its answers are compared before measuring). */
  url: string | null;
  /** Headers an HTTP path's requests carry (the gateway's bearer token). */
  headers: Record<string, string>;
  /** Loads this request (`body` over HTTP, or the minimal SQL's `statements`) as the plan says, from the path's generator. */
  load(body: string, statements: Statement[], plan: LoadPlan): Promise<GeneratedLoad>;
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
export function httpPath(kind: PathKind, url: string, serverPid: number | null, generator: LoadGenerator, statements: () => Promise<number>, headers: Record<string, string> = {}): Path {
  return { kind, url, serverPid, headers, load: (body, _sql, plan) => generator.run({ kind: "http", url, headers }, body, [], plan), statements };
}

/** Statements sent by this process to the embedded database (an in-process gateway's, the minimal SQL's). */
export const embeddedStatements = async () => statementsSent.pglite;

/**
 * The minimal SQL, run from its generator: through the generator's pg Pool, or the embedded
 * database. Its statements are those the generator ran, unless `counted` says otherwise.
 */
export function sqlPath(generator: LoadGenerator, counted?: () => Promise<number>): Path {
  let ran = 0;
  return {
    kind: "minimal SQL",
    url: null,
    headers: {},
    serverPid: null,
    load: async (_body, statements, plan) => {
      const load = await generator.run({ kind: "sql" }, "", statements, plan);
      ran += load.statementsRun;
      return load;
    },
    statements: counted ?? (async () => ran),
  };
}

/** A pg Pool as a RunSql. */
export function poolRunner(pool: pg.Pool): RunSql {
  return async (text, params) => (await pool.query(text, params)).rows as unknown[];
}
