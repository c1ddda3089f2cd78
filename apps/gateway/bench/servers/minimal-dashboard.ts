// The county dashboard by hand: node:http and one pg statement (queries.ts's DASHBOARD_SQL), the
// indicators computed with the domain's own formulas. Answers any POST with what the gateway's
// `data` holds for the CountyDashboard document (the bench checks so before measuring), and
// GET /metrics with its statement count, as the gateway's counter reads. A child process:
//   DATABASE_URL=… node --import tsx bench/servers/minimal-dashboard.ts <county> <year>
import { attainment, computeIndicator, INDICATORS, POPULATION_INDICATOR_CODES, type PopulationMeasures } from "@popfam/domain";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { DASHBOARD_SQL, dashboardParams } from "../queries.js";

type Row = { code: string; name: string; counts: Record<string, string>; registry_residents: string; population_start: number | null; population_end: number | null; targets: { indicatorCode: string; comparator: "LTE" | "GTE" | "LT" | "GT" | "BETWEEN"; threshold: number; upperThreshold: number | null }[] };
const [county = "320722", year = "2021"] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
let statements = 0;

function indicators(row: Row, full: boolean) {
  const n = (measure: string) => Number(row.counts[measure] ?? 0);
  let inWindow = 0;
  for (let days = 0; days <= 30; days++) inWindow += n(`BIRTH_REPORT_DELAY:${String(days).padStart(2, "0")}`);
  const measures: PopulationMeasures = {
    births: n("BIRTHS"), birthsMale: n("BIRTHS_MALE"), birthsFemale: n("BIRTHS_FEMALE"), deaths: n("DEATHS"),
    birthsPolicyConforming: n("BIRTHS_POLICY_CONFORMING"), birthsRegistered: n("BIRTHS_REGISTERED"),
    keyItemsChecked: n("BIRTHS_KEY_ITEMS_CHECKED"), keyItemsMatched: n("BIRTHS_KEY_ITEMS_MATCHED"),
    birthsReported: n("BIRTHS"), birthsReportedInWindow: inWindow, registryResidents: Number(row.registry_residents),
    residentPopulationStart: row.population_start, residentPopulationEnd: row.population_end,
  };
  return POPULATION_INDICATOR_CODES.map((code) => {
    const { value, numerator, denominator } = computeIndicator(code, { POPULATION: measures });
    const target = row.targets.find((t) => t.indicatorCode === code) ?? null;
    const met = target && attainment(value, target);
    return full
      ? { code, value, numerator, denominator, unit: INDICATORS[code].unit, target: target && { comparator: target.comparator, threshold: target.threshold }, attainment: met && { attained: met.attained, gap: met.gap } }
      : { code, value, numerator, denominator, target: target && { threshold: target.threshold }, attainment: met && { attained: met.attained } };
  });
}

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/metrics") return response.end(`popfam_db_statements_total{engine="postgres"} ${statements}\n`);
  request.resume().on("end", async () => {
    statements++;
    const rows = await pool.query<Row>(DASHBOARD_SQL, dashboardParams(county, year)).then((r) => r.rows, (error: Error) => error);
    if (rows instanceof Error) return response.writeHead(500).end(JSON.stringify({ errors: [{ message: rows.message }] }));
    const [top, ...children] = rows;
    const data = top && {
      region: {
        code: top.code, name: top.name, indicators: indicators(top, true),
        children: { totalCount: children.length, edges: children.map((row) => ({ node: { code: row.code, name: row.name, indicators: indicators(row, false) } })) },
      },
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data }));
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/graphql`, metricsUrl: `http://127.0.0.1:${port}/metrics`, pid: process.pid })}\n`);
});
process.on("SIGTERM", () => void pool.end().then(() => process.exit(0)));
process.stdin.on("close", () => void pool.end().then(() => process.exit(0)));
process.stdin.resume();
