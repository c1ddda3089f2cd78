// The seed's load builds the tables' secondary indexes once, after the rows (a bulk load's usual
// order), and leaves the database with every index the migrations made.
import { describe, expect, it } from "vitest";
import { seedDatabase } from "../seed/seed.js";
import { testDatabaseTargets } from "../testing/index.js";

describe.each(testDatabaseTargets())("the seed's load on $name", (target) => {
  it("builds the secondary indexes after the rows, and leaves every index as the migrations made it", async () => {
    const db = await target.open();
    try {
      const indexes = () => db.sql.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexdef`);
      const before = await indexes();
      const lines: string[] = [];
      await seedDatabase(db, { seed: 3, scale: 0.01, log: (line) => lines.push(line) });
      const built = lines.map((line) => /^built (\d+) secondary indexes/.exec(line)).find(Boolean);
      expect(Number(built?.[1])).toBeGreaterThan(10);
      expect(await indexes()).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
