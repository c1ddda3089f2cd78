import { openMigratedDatabase, type SqlClient } from "@popfam/db";
import { assistanceFromDatabase } from "./src/assistance/db-adapter.js";
import { populationRegistryFromDatabase } from "./src/population-registry/db-adapter.js";
import { specialFamiliesFromDatabase } from "./src/special-families/db-adapter.js";

const url = process.env.DATABASE_URL;
const db = await openMigratedDatabase(url ? { url } : { dataDir: "../../.data/pglite" });
const analyze = process.argv.includes("--analyze");
const explaining = (sql: SqlClient): SqlClient => ({
  ...sql,
  kind: sql.kind,
  async query<Row>(text: string, params?: Parameters<SqlClient["query"]>[1]) {
    const plan = await sql.query<Record<string, string>>(`EXPLAIN (${analyze ? "ANALYZE, " : ""}BUFFERS OFF) ${text}`, params);
    console.log(text.slice(0, 2000));
    console.log(plan.map((r) => Object.values(r)[0]).join("\n"));
    const t = performance.now();
    const rows = await sql.query<Row>(text, params);
    console.log(`-- ${rows.length} rows in ${(performance.now() - t).toFixed(1)} ms`);
    return rows;
  },
  exec: (s) => sql.exec(s), transaction: (w) => sql.transaction(w), load: (...a) => sql.load(...a),
});
const sql = explaining(db.sql);
const which = process.argv[2];
const t0 = performance.now();
if (which === "summaries") await assistanceFromDatabase(sql).assessmentSummaries([{ regionCode: "320722", year: 2024 }]);
if (which === "assessments") await assistanceFromDatabase(sql).assessmentPages([{ regionCode: "320722", year: 2024, programCode: null, eligible: true, undecidedOnly: true, first: 20, after: null }]);
if (which === "persons") await populationRegistryFromDatabase(sql).personPages([{ regionCode: "320722", period: null, first: 100, after: null } as never]);
if (which === "rosters") await assistanceFromDatabase(sql).rosters([{ regionCode: "320722", year: 2024, programCode: "RURAL_REWARD" }]);
if (which === "families") await specialFamiliesFromDatabase(sql).familiesInRegions([{ regionCode: "320722" } as never]);
console.log(`total ${(performance.now() - t0).toFixed(1)} ms`);
await db.close();
