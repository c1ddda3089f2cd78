// A page of a region's list reads about the rows it returns. Every batched list statement is run
// under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON), and the rows its plan reads from the listed table
// (rows returned plus rows removed by a filter, over every loop) and the blocks it touches are
// compared with the page size: a
// plan that reads the region's whole code range and sorts it for one page fails, on the embedded
// database and on the server named by DATABASE_URL.
import type { Database, SqlClient, SqlValue } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assistanceFromDatabase } from "../src/assistance/db-adapter.js";
import { birthChannelsFromDatabase } from "../src/birth-channels/db-adapter.js";
import { populationRegistryFromDatabase } from "../src/population-registry/db-adapter.js";
import { birthRegistrationFromDatabase } from "../src/registrations/db-adapter.js";
import type { Page } from "../src/index.js";

interface PlanNode {
  "Node Type": string;
  "Alias"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/** The rows the plan read from the table aliased `t` (the listed table): returned and filtered out, over all loops. */
function rowsRead(node: PlanNode): number {
  const own =
    node.Alias === "t" && /Scan/.test(node["Node Type"])
      ? ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * (node["Actual Loops"] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

/**
 * The blocks the plan's scans of the table aliased `t` touched themselves (an index scan stepping
 * over other regions' entries shows here): a node's counts include its subplans' (the `decided`
 * probes evaluated in its select list), which are taken off.
 */
function blocksRead(node: PlanNode): number {
  const blocks = (n: PlanNode) => (n["Shared Hit Blocks"] ?? 0) + (n["Shared Read Blocks"] ?? 0);
  const children = node.Plans ?? [];
  const own = node.Alias === "t" && /Scan/.test(node["Node Type"]) ? blocks(node) - children.reduce((sum, child) => sum + blocks(child), 0) : 0;
  return own + children.reduce((sum, child) => sum + blocksRead(child), 0);
}

/** A client that runs each statement as asked and keeps its plan (EXPLAIN ANALYZE of the same text and parameters). */
function explaining(sql: SqlClient): SqlClient & { plans: PlanNode[] } {
  const client = {
    kind: sql.kind,
    plans: [] as PlanNode[],
    async query<Row>(text: string, params?: readonly SqlValue[]) {
      const [row] = await sql.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
      const value = Object.values(row!)[0];
      const document = (typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode }[];
      client.plans.push(document[0]!.Plan);
      return sql.query<Row>(text, params);
    },
    exec: (script: string) => sql.exec(script),
    transaction: <T>(work: (tx: SqlClient) => Promise<T>) => sql.transaction(work),
    load: (...args: Parameters<SqlClient["load"]>) => sql.load(...args),
  };
  return client;
}

const FIRST = 10;
/** Index pages from the root to a leaf, and the heap pages of a page's rows, with room to spare. */
const BLOCKS = 2 * FIRST + 10;

describe.each(testDatabaseTargets())("the plans of the region list statements on $name", (target) => {
  let db: Database;
  let sql: ReturnType<typeof explaining>;

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    sql = explaining(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  const count = async (statement: string) => Number((await db.sql.query<{ n: string | number }>(statement))[0]!.n);

  /** Reads the first page and the next, checks each plan's reads against the page, and that the region has many more rows. */
  async function expectPagesReadTheirRows<Item extends { id: string }>(
    read: (after: string | null) => Promise<(Page<Item> | Error)[]>,
    rowsInRange: string,
  ): Promise<void> {
    const total = await count(rowsInRange);
    // Enough rows that reading the whole range for a page is far from reading the page.
    expect(total).toBeGreaterThan(FIRST * 5);
    // Read once before: a session's first statement of a kind also reads the catalog's blocks (its
    // functions, its types), which the plan counts as its own. (The generic plan of a statement
    // with parameters is checked for every list of the graph in apps/gateway/test/list-plans.test.ts.)
    await read(null);
    let after: string | null = null;
    for (let page = 0; page < 2; page++) {
      sql.plans = [];
      const [answer] = await read(after);
      if (!answer || answer instanceof Error) throw answer ?? new Error("no page");
      expect(answer.items).toHaveLength(FIRST);
      expect(sql.plans).toHaveLength(1);
      const read_ = rowsRead(sql.plans[0]!);
      expect(read_).toBeGreaterThanOrEqual(FIRST);
      // The page's rows and the one that tells whether there is a next page, with room for the
      // cursor's own lookup and for the rest of the last region code's rows (the planner, seeing
      // the range, may read a (region, date) index and sort each code's rows: an incremental sort
      // ends its last group); never the range (`total` rows) read and sorted.
      expect(read_).toBeLessThanOrEqual(FIRST + 6);
      // A page's rows lie in a few blocks of the index and the table, wherever the region's codes
      // fall in the index; not in every block before them.
      expect(blocksRead(sql.plans[0]!)).toBeLessThanOrEqual(BLOCKS);
      after = answer.items[FIRST - 1]!.id;
    }
  }

  it("persons of a county, first and last in the order of codes", async () => {
    const port = populationRegistryFromDatabase(sql);
    const last = (await db.sql.query<{ code: string }>(`SELECT substr(max(residence_region_code), 1, 6) AS code FROM person`))[0]!.code;
    for (const county of ["320722", last]) {
      await expectPagesReadTheirRows(
        (after) => port.personPages([{ regionCode: county, period: null, first: FIRST, after }]),
        `SELECT count(*) AS n FROM person WHERE residence_region_code LIKE '${county}%'`,
      );
    }
  });

  it("births, deaths and registrations of a county", async () => {
    const births = birthChannelsFromDatabase(sql);
    await expectPagesReadTheirRows(
      (after) => births.birthPages([{ regionCode: "320722", period: null, first: FIRST, after }]),
      `SELECT count(*) AS n FROM birth WHERE region_code LIKE '320722%'`,
    );
    const registry = populationRegistryFromDatabase(sql);
    await expectPagesReadTheirRows(
      (after) => registry.deathPages([{ regionCode: "320000", period: null, first: FIRST, after }]),
      `SELECT count(*) AS n FROM death WHERE region_code LIKE '32%'`,
    );
    const registrations = birthRegistrationFromDatabase(sql);
    await expectPagesReadTheirRows(
      (after) => registrations.registrationPages([{ regionCode: "320722", period: null, first: FIRST, after }]),
      `SELECT count(*) AS n FROM birth_registration WHERE region_code LIKE '320722%'`,
    );
  });

  it("assessments, decisions and roster entries of a county's year", async () => {
    const port = assistanceFromDatabase(sql);
    await expectPagesReadTheirRows(
      (after) => port.assessmentPages([{ regionCode: "320722", year: 2024, programCode: null, eligible: null, undecidedOnly: false, first: FIRST, after }]),
      `SELECT count(*) AS n FROM eligibility_assessment WHERE year = 2024 AND region_code LIKE '320722%'`,
    );
    await expectPagesReadTheirRows(
      (after) => port.decisionPages([{ regionCode: "320722", year: 2024, programCode: null, first: FIRST, after }]),
      `SELECT count(*) AS n FROM eligibility_decision WHERE year = 2024 AND region_code LIKE '320722%'`,
    );
  });
});
