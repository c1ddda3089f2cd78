import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import type { RosterEntry } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoaders, databasePorts, instrumentPorts, PortCallCounter, reconcileRosterWithRegistry } from "../src/index.js";

describe.each(testDatabaseTargets())("a roster reconciled against the registry on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  const one = async (status: string) =>
    (
      await db.sql.query<{ id: string; id_number: string; name: string; sex: "MALE" | "FEMALE"; exited_on: string | null; hukou_region_code: string }>(
        `SELECT id, id_number, name, sex::text AS sex, to_char(exited_on, 'YYYY-MM-DD') AS exited_on, hukou_region_code FROM person WHERE status = $1 ORDER BY id LIMIT 1`,
        [status],
      )
    )[0]!;

  it("reports every mismatch with its reason in one registry call for the whole roster", async () => {
    const [alive, dead, gone] = await Promise.all([one("REGISTERED"), one("DECEASED"), one("MOVED_OUT")]);
    const entry = (entryId: string, p: typeof alive, overrides: Partial<RosterEntry> = {}): RosterEntry => ({
      entryId, idNumber: p.id_number, name: p.name, sex: p.sex, regionCode: p.hukou_region_code.slice(0, 6) as RosterEntry["regionCode"], ...overrides,
    });
    const roster: RosterEntry[] = [
      entry("1", alive),
      entry("2", dead),
      entry("3", gone),
      entry("4", alive, { entryId: "4", name: "张冒名" }),
      { entryId: "5", idNumber: "11010519491231002X", name: null, sex: null, regionCode: null },
      { entryId: "6", idNumber: "12345", name: null, sex: null, regionCode: null },
    ];
    const counter = new PortCallCounter();
    const loaders = createLoaders(instrumentPorts(databasePorts(db, { birthReportWindowDays: 30 }), counter));
    const results = await reconcileRosterWithRegistry(loaders, roster, "2025-12-31");
    expect(counter.byMethod()).toEqual({ "POPULATION_REGISTRY.personsByIdNumbers": 1 });
    const reasons = Object.fromEntries(results.map((r) => [r.entryId, r.mismatches.map((m) => m.reason)]));
    expect(reasons).toEqual({
      "1": [],
      "2": ["DECEASED"],
      "3": ["MOVED_OUT"],
      "4": ["DUPLICATE_ENTRY", "NAME_MISMATCH"],
      "5": ["NOT_IN_REGISTRY"],
      "6": ["INVALID_ID_NUMBER"],
    });
    expect(results[0]).toMatchObject({ consistent: true, personId: alive.id });
    expect(results[1]!.mismatches[0]!.since).toBe(dead.exited_on);
  });
});
