// Reading a statement's plan for the rows it reads: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of the
// statement with its parameters, and a check of every scan of a table in it against the rows the
// statement returned.
//
// The rule: a scan node reads `(actual rows + rows removed by a filter + rows removed by an index
// recheck) × loops` rows (a bitmap index scan: the index entries it found); every scan of a table
// may read at most the rows the statement returns, plus PER_LOOP for each of its loops (a page's
// `first + 1`-th row, a cursor's own lookup, an index probe that finds nothing), plus SLACK. A
// page that reads its region's whole code range and sorts it, a filter that steps over the rows
// of other keys, a sequential scan of a table (unless the statement, planned again without
// sequential scans, keeps to the bound: a table of a few pages in a small data set, read whole
// rightly, is read through its index at scale): each reads far more than that and fails, named by
// the port method, its node and the statement. Tables that are small by nature (the region
// directory, programs, rates, targets, holiday windows) and the rollups (read by key) are exempt,
// each with its reason; so are the few statements that read a region's rows to answer them all
// (as one JSON value, as counts), or that find a region's rows through another table, each named
// by its port method and table, with its reason.
import type { SqlClient, SqlValue } from "@popfam/db";

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Alias?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  "Subplan Name"?: string;
  Plans?: PlanNode[];
}

/** Rows each loop of a scan may read beyond the rows the statement returns (the page's extra row, a probe). */
export const PER_LOOP = 2;
/**
 * Rows any scan may read beyond that: an incremental sort on a (region, date) index completes the
 * last region code's group, a village's rows of the table.
 */
export const SLACK = 20;

/** Tables a statement may read whole: small by nature, not growing with the population. */
export const SMALL_TABLES: Record<string, string> = {
  region: "the region directory: about 1,500 regions of one province's tree, read by code or parent",
  assistance_program: "the programs: ten or so, national and local",
  program_exclusion: "which programs exclude each other: a handful of rows",
  rate_component: "the rates of the programs by region: a few dozen rows",
  target: "the indicator targets set by regions: a few dozen rows",
  holiday_window: "the holiday windows of the years covered: a few dozen rows",
  region_rollup:
    "the rollups: a statement reads the measures of its regions and periods by the primary key (region, period, measure), " +
    "a few dozen rows a region, and sums or picks them; never the records they count",
};

/** Statements that read more rows than they return by design, by port method and table, each with its reason. */
export const READ_WHOLE: Record<string, Record<string, string>> = {
  "ASSISTANCE.rosterRegistryChecks": {
    beneficiary: "the roster as of a day, each entry joined to the registry, returned as one JSON array per roster: every row read is in the answer",
  },
  "ASSISTANCE.rosterGroups": {
    beneficiary: "the fund estimate counts the whole roster, grouped by village and dates: every row read is counted in a group",
  },
  "CHILDCARE.incidentsInRegions": {
    childcare_institution:
      "an incident has no region of its own: a region's incidents are found through its institutions (a few dozen a county), " +
      "and the period's incidents of each through the (institution) index",
  },
  "ASSISTANCE.paymentLinesOfRosters": {
    payment_line:
      "a village's payment lines of a program's year are found through its beneficiaries, each line kept if its batch is of the year: " +
      "the lines of the other years paid are read too, a few a beneficiary (a line has no year of its own)",
  },
};

let prepared = 0;

/**
 * The plan of a statement with its parameters, as EXPLAIN ANALYZE gives it. `generic`: the plan a
 * prepared statement runs after its first five runs on a connection (the database client prepares
 * every statement with parameters), made without the parameters' values; `seqScan: false`: the
 * plan without sequential scans.
 */
export async function explain(
  sql: SqlClient,
  text: string,
  params: readonly SqlValue[],
  options: { seqScan?: boolean; generic?: boolean } = {},
): Promise<PlanNode> {
  const document = async (client: SqlClient, statement: string, values: readonly SqlValue[]) => {
    const [row] = await client.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement}`, values);
    const value = Object.values(row!)[0];
    return ((typeof value === "string" ? JSON.parse(value) : value) as { Plan: PlanNode }[])[0]!.Plan;
  };
  if (options.seqScan !== false && !options.generic) return document(sql, text, params);
  return sql.transaction(async (tx) => {
    if (options.seqScan === false) await tx.query(`SET LOCAL enable_seqscan = off`);
    if (!options.generic) return document(tx, text, params);
    await tx.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
    const name = `list_plan_${++prepared}`;
    await tx.query(`PREPARE ${name} AS ${text}`);
    try {
      return await document(tx, `EXECUTE ${name}(${params.map(argument).join(", ")})`, []);
    } finally {
      await tx.query(`DEALLOCATE ${name}`);
    }
  });
}

/** A parameter's value as an argument of EXECUTE: an untyped literal (an array in its text form), which takes the parameter's type. */
function argument(value: SqlValue): string {
  if (value === null) return "NULL";
  const element = (v: string | number | boolean | null) => (v === null ? "NULL" : `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  const textOf = Array.isArray(value) ? `{${value.map(element).join(",")}}` : value instanceof Date ? value.toISOString() : String(value);
  return `'${textOf.replace(/'/g, "''")}'`;
}

/**
 * The findings of a statement's plan (see checkPlan). Where the planner read a table whole (a
 * sequential scan) beyond the bound, the statement is planned again with sequential scans off: a
 * table of a few pages is read whole rather than through an index, rightly, in a small data set,
 * and the same statement reads through the index at scale. Only the plan without sequential scans
 * is held to the bound then; where no index serves the statement it still scans the table and fails.
 */
export async function checkStatement(sql: SqlClient, method: string, text: string, params: readonly SqlValue[]): Promise<Finding[]> {
  const check = async (options: { generic?: boolean }, label: string) => {
    const findings = checkPlan(await explain(sql, text, params, options), method, text);
    if (!findings.some((f) => f.node.startsWith("Seq Scan"))) return findings.map((f) => ({ ...f, message: f.message.replace(": ", `${label}: `) }));
    return checkPlan(await explain(sql, text, params, { ...options, seqScan: false }), method, text).map((f) => ({
      ...f,
      message: f.message.replace(": ", `${label} (planned with sequential scans off): `),
    }));
  };
  // A statement with parameters runs from its generic plan once prepared: that plan is held to the bound too.
  return [...(await check({}, "")), ...(params.length > 0 ? await check({ generic: true }, " (generic plan)") : [])];
}

export interface Finding {
  /** The node as EXPLAIN names it, e.g. "Index Scan on person t (person_pkey)". */
  node: string;
  message: string;
}

const SCANS = new Set(["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan", "Tid Scan", "Tid Range Scan"]);

/** The scans of `plan` that read more rows than the statement returned allows, each as a finding naming the method, node and statement. */
export function checkPlan(plan: PlanNode, method: string, text: string): Finding[] {
  const returned = (plan["Actual Rows"] ?? 0) * (plan["Actual Loops"] ?? 1);
  const findings: Finding[] = [];
  const visit = (node: PlanNode, relation: string | undefined) => {
    const table = node["Relation Name"] ?? relation;
    if (SCANS.has(node["Node Type"]) && table && !(table in SMALL_TABLES) && !(table in (READ_WHOLE[method] ?? {}))) {
      const loops = node["Actual Loops"] ?? 1;
      const read = Math.round(
        ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * loops,
      );
      const allowed = returned + PER_LOOP * loops + SLACK;
      if (read > allowed) {
        const name = `${node["Node Type"]} on ${table}${node.Alias && node.Alias !== table ? ` ${node.Alias}` : ""}${node["Index Name"] ? ` (${node["Index Name"]})` : ""}`;
        findings.push({
          node: name,
          message:
            `${method}: ${name}${node["Subplan Name"] ? ` in ${node["Subplan Name"]}` : ""} reads ${read} rows over ${loops} loop(s)` +
            ` for ${returned} returned (at most ${allowed})\n${text.replace(/\s+/g, " ").trim()}`,
        });
      }
    }
    // A bitmap heap scan's index scans read entries of its table.
    for (const child of node.Plans ?? []) visit(child, node["Node Type"].startsWith("Bitmap") ? table : undefined);
  };
  visit(plan, undefined);
  return findings;
}
