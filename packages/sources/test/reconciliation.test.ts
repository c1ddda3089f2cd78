import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import type { RosterEntry } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoaders, databasePorts, instrumentPorts, PortCallCounter, reconcileCheckedRoster, reconcileRosterWithRegistry } from "../src/index.js";

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

  it("checked against the registry in the database, a roster reconciles exactly as with a lookup of every entry", async () => {
    // A duplicate entry, a name padded with a full-width space, a name that differs, and an entry
    // exited before the day: each must come out as the lookups of every entry make it.
    const [a, b, c, d] = await db.sql.query<{ id: string; name: string }>(
      `SELECT b.id, b.name FROM beneficiary b JOIN person p ON p.id_number = b.id_number AND p.status = 'REGISTERED' AND p.name = b.name
       WHERE b.program_code = 'RURAL_REWARD' AND b.region_code LIKE '320722%' AND b.exited_on IS NULL AND b.eligible_from <= '2024-01-01' AND char_length(b.name) = 2 ORDER BY b.id LIMIT 4`,
    );
    // A second entry of a person: exited after the day, so the active entry stays unique.
    const copy = (id: string, from: string, set: string) =>
      db.sql.query(
        `INSERT INTO beneficiary (id, program_code, family_id, person_id, id_number, name, region_code, eligible_from, exited_on, exit_reason, decision_id)
         SELECT $1, program_code, family_id, NULL, id_number, name, region_code, eligible_from, '2025-06-30', 'MOVED_AWAY', decision_id FROM beneficiary WHERE id = $2`,
        [id, from],
      ).then(() => db.sql.query(`UPDATE beneficiary SET ${set} WHERE id = $1`, [id]));
    await copy(`${a!.id}-dup`, a!.id, "person_id = NULL");
    await db.sql.query(`UPDATE beneficiary SET name = $2 WHERE id = $1`, [b!.id, `${b!.name[0]}\u3000${b!.name[1]}`]);
    await db.sql.query(`UPDATE beneficiary SET name = '张冒名' WHERE id = $1`, [c!.id]);
    await db.sql.query(`UPDATE beneficiary SET exited_on = '2024-06-30', exit_reason = 'DEATH' WHERE id = $1`, [d!.id]);

    const keys = [
      { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024, asOf: "2024-12-31" },
      { regionCode: "320722", programCode: "RURAL_REWARD", year: 2024, asOf: "2024-03-01" },
      { regionCode: "320722101", programCode: "RURAL_REWARD", year: 2025, asOf: "2025-06-30" },
      { regionCode: "320722", programCode: "SPECIAL_ASSISTANCE_DEATH", year: 2024, asOf: "2024-12-31" },
      { regionCode: "360100", programCode: "RURAL_REWARD", year: 2023, asOf: "2023-12-31" },
    ];
    const counter = new PortCallCounter();
    const loaders = createLoaders(instrumentPorts(databasePorts(db, { birthReportWindowDays: 30 }), counter));
    const checks = await Promise.all(keys.map((key) => loaders.assistance.rosterRegistryChecks!.load(key)));
    expect(counter.byMethod()).toEqual({ "ASSISTANCE.rosterRegistryChecks": 1 });
    for (const [i, key] of keys.entries()) {
      const fresh = createLoaders(databasePorts(db, { birthReportWindowDays: 30 }));
      const roster = (await fresh.assistance.rosters.load(key)).filter((r) => r.exitedOn === null || r.exitedOn > key.asOf);
      const entries = roster.map((r) => ({ entryId: r.id, idNumber: r.idNumber, name: r.name, sex: null, regionCode: r.regionCode }));
      expect(checks[i]!.map((check) => check.entry)).toEqual(entries);
      const expected = await reconcileRosterWithRegistry(fresh, entries, key.asOf);
      expect(await reconcileCheckedRoster(fresh, checks[i]!, key.asOf)).toEqual(expected);
      if (i === 0) {
        expect(entries.length).toBeGreaterThan(0);
        const reasons = (id: string) => expected.find((r) => r.entryId === id)?.mismatches.map((m) => m.reason);
        expect(reasons(`${a!.id}-dup`)).toEqual(["DUPLICATE_ENTRY"]);
        expect(reasons(b!.id)).toEqual([]);
        expect(reasons(c!.id)).toEqual(["NAME_MISMATCH"]);
        expect(reasons(d!.id)).toBeUndefined();
        // Only the entries not found registered as written are looked up.
        expect(checks[i]!.filter((check) => check.registered === null).length).toBeLessThan(entries.length / 10);
      }
    }
  });
});
