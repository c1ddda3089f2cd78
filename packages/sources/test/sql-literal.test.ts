// The page statements write each query's values into the statement as literals (see branches()
// in table.ts): every string reads back as itself, whatever quotes, backslashes or SQL it holds.
import type { Database } from "@popfam/db";
import { testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../src/table.js";

describe.each(testDatabaseTargets())("sqlLiteral on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each([
    "P00000001", "", "it's", "''", "a\\b", "\\'", "x' OR '1'='1", "'); DROP TABLE person; --", "$$", "$1", "区划 320722", "\\", "E'\\x41'",
  ])("reads back %j as itself", async (value) => {
    const rows = await db.sql.query<{ v: string }>(`SELECT ${sqlLiteral(value)}::text AS v`);
    expect(rows[0]!.v).toBe(value);
  });

  it("writes numbers, booleans and null, and refuses what no literal can hold", () => {
    expect([sqlLiteral(101), sqlLiteral(-5), sqlLiteral(true), sqlLiteral(false), sqlLiteral(null)]).toEqual(["101", "-5", "TRUE", "FALSE", "NULL"]);
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral("a\0b")).toThrow();
    expect(() => sqlLiteral(["a"])).toThrow();
  });
});
