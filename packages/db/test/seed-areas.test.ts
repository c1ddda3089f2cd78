// The list of the synthetic data set's areas agrees with the schema: a new area that names a
// table wrongly or forgets a JSON column fails here, by name, rather than in a load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/client.js";
import { seedAreas, type SeedArea } from "../seed/area.js";
import { SEED_AREAS } from "../seed/areas.js";
import { populationMonitoringArea } from "../seed/population.js";
import { testDatabaseTargets } from "../testing/index.js";

describe("the list of seed areas", () => {
  it("refuses an area whose row list or table an earlier area already generates", () => {
    const again = (tables: SeedArea<{ more: [] }>["tables"]): SeedArea<{ more: [] }> => ({ name: "again", tables, generate: () => ({ more: [] }) });
    const list = seedAreas().add(populationMonitoringArea);
    expect(() => list.add(again({ more: { table: "person" } }))).toThrow(/more \(person\) is already generated as persons \(person\)/);
    expect(() => list.add(again({ more: { table: "more" } }))).not.toThrow();
  });

  describe.each(testDatabaseTargets())("against the schema on $name", (target) => {
    let db: Database;
    const listed = SEED_AREAS.tables.map((t) => t.table);

    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it("names tables of the schema", async () => {
      const rows = await db.sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      const tables = new Set(rows.map((r) => r.table_name));
      expect(listed.filter((table) => !tables.has(table))).toEqual([]);
    });

    it("declares every JSON column of its tables, and only those", async () => {
      const rows = await db.sql.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb') AND table_name = ANY($1)`,
        [listed],
      );
      const inSchema = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
      const declared = SEED_AREAS.tables.flatMap(({ table, jsonColumns }) => (jsonColumns ?? []).map((column) => `${table}.${column}`)).sort();
      expect(declared).toEqual(inSchema);
    });
  });
});
