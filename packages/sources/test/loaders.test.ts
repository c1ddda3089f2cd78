import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectSources, createLoaders, databasePorts, instrumentPorts, parseUpstreamConfig, PortCallCounter, UpstreamError, wrapPorts, type Ports } from "../src/index.js";

describe.each(testDatabaseTargets())("database-backed ports and loaders on $name", (target) => {
  let db: Database;
  let ports: Ports;
  const counter = new PortCallCounter();

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    ports = instrumentPorts(databasePorts(db, { birthReportWindowDays: 30 }), counter);
  });
  afterAll(async () => {
    await db?.close();
  });

  const count = async (statement: string, params: unknown[] = []) =>
    Number((await db.sql.query<{ n: number }>(statement, params as string[]))[0]!.n);

  it("check a roster against the registry in the database only when the registry is that database", () => {
    const over = (systems: string) => connectSources(db, { birthReportWindowDays: 30, upstreams: parseUpstreamConfig({ UPSTREAM_URL: "http://sim.local:4100/", UPSTREAM_SYSTEMS: systems }).config });
    expect(createLoaders(databasePorts(db, { birthReportWindowDays: 30 })).assistance.rosterRegistryChecks).not.toBeNull();
    expect(createLoaders(over("BIRTH_CHANNELS").ports).assistance.rosterRegistryChecks).not.toBeNull();
    // The registry over HTTP: the roster is reconciled with lookups in it, not in the local database.
    expect(createLoaders(over("POPULATION_REGISTRY").ports).assistance.rosterRegistryChecks).toBeNull();
    // The assistance system over HTTP: not on its wire.
    expect(createLoaders(over("ASSISTANCE").ports).assistance.rosterRegistryChecks).toBeNull();
  });

  it("answer many keys of one kind with one port call", async () => {
    const loaders = createLoaders(ports);
    counter.reset();
    const townships = await loaders.regionDirectory.childrenPages.load({ parentCode: "320722", first: 100, after: null });
    expect(townships.totalCount).toBe(18);
    const codes = townships.items.map((r) => r.code);
    await Promise.all([
      ...codes.map((code) => loaders.regionDirectory.regionsByCodes.load(code)),
      ...codes.map((code) => loaders.monitoringStatistics.populationMeasures.load({ regionCode: code, period: "2022" })),
      ...codes.map((code) => loaders.monitoringStatistics.targets.load({ regionCode: code, year: 2021 })),
      ...codes.map((code) => loaders.birthChannels.birthPages.load({ regionCode: code, period: "2022", first: 5, after: null })),
    ]);
    expect(counter.byMethod()).toEqual({
      "BIRTH_CHANNELS.birthPages": 1,
      "MONITORING_STATISTICS.populationMeasures": 1,
      "MONITORING_STATISTICS.targets": 1,
      "REGION_DIRECTORY.childrenPages": 1,
      "REGION_DIRECTORY.regionsByCodes": 1,
    });
  });

  it("without batching (the benchmarks' naive path) make one call per key", async () => {
    const loaders = createLoaders(ports, { batching: false });
    counter.reset();
    await Promise.all(["320722001", "320722002", "320722101"].map((code) => loaders.regionDirectory.regionsByCodes.load(code)));
    expect(counter.byMethod()).toEqual({ "REGION_DIRECTORY.regionsByCodes": 3 });
  });

  it("page through a list with cursors: every row once, in (region code, id) order, as the raw table has them", async () => {
    const loaders = createLoaders(ports);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await loaders.birthChannels.birthPages.load({ regionCode: "320722", period: "2021", first: 7, after });
      seen.push(...page.items.map((b) => b.id));
      if (!page.hasNextPage) break;
      after = page.items[page.items.length - 1]!.id;
    }
    const raw = await db.sql.query<{ id: string }>(
      `SELECT id FROM birth WHERE region_code LIKE '320722%' AND birth_date BETWEEN '2021-01-01' AND '2021-12-31' ORDER BY region_code, id`,
    );
    expect(seen).toEqual(raw.map((r) => r.id));
    expect(seen.length).toBeGreaterThan(7);
  });

  it("read indicator measures from the rollups that equal counting the raw rows", async () => {
    const loaders = createLoaders(ports);
    for (const [code, period, start, end] of [
      ["320722", "2021", "2021-01-01", "2021-12-31"],
      ["360000", "2023Q3", "2023-07-01", "2023-09-30"],
      ["310116", "2025-02", "2025-02-01", "2025-02-28"],
    ] as const) {
      const m = await loaders.monitoringStatistics.populationMeasures.load({ regionCode: code, period });
      const births = `FROM birth WHERE region_code LIKE $1 || '%' AND birth_date BETWEEN $2::date AND $3::date`;
      const args = [code.replace(/0+$/, ""), start, end];
      expect(m.births).toBe(await count(`SELECT count(*)::int AS n ${births}`, args));
      expect(m.birthsMale).toBe(await count(`SELECT count(*)::int AS n ${births} AND sex = 'MALE'`, args));
      expect(m.birthsRegistered).toBe(await count(`SELECT count(*)::int AS n ${births} AND registration_id IS NOT NULL`, args));
      expect(m.birthsPolicyConforming).toBe(await count(`SELECT count(*)::int AS n ${births} AND policy_conforming`, args));
      expect(m.keyItemsMatched).toBe(await count(`SELECT count(*)::int AS n ${births} AND key_items_checked AND key_items_match`, args));
      expect(m.birthsReportedInWindow).toBe(await count(`SELECT count(*)::int AS n ${births} AND reported_on - birth_date <= 30`, args));
      expect(m.deaths).toBe(await count(`SELECT count(*)::int AS n FROM death WHERE region_code LIKE $1 || '%' AND death_date BETWEEN $2::date AND $3::date`, args));
      expect(m.registryResidents).toBe(
        await count(
          `SELECT count(*)::int AS n FROM person WHERE residence_region_code LIKE $1 || '%' AND registered_on <= $2::date AND (status = 'REGISTERED' OR exited_on > $2::date)`,
          [args[0], args[2]],
        ),
      );
      const base = await db.sql.query<{ year: number; resident_population: number }>(
        `SELECT year, resident_population FROM population_base WHERE region_code = $1 ORDER BY year`,
        [code],
      );
      const year = Number(period.slice(0, 4));
      expect(m.residentPopulationEnd).toBe(base.find((b) => b.year === year)?.resident_population ?? null);
      expect(m.residentPopulationStart).toBe(base.find((b) => b.year === year - 1)?.resident_population ?? null);
    }
  });

  it("count timely reports by the configured window, not a fixed one", async () => {
    const tight = createLoaders(databasePorts(db, { birthReportWindowDays: 3 }));
    const loose = createLoaders(ports);
    const [within3, within30] = await Promise.all([
      tight.monitoringStatistics.populationMeasures.load({ regionCode: "320000", period: "2022" }),
      loose.monitoringStatistics.populationMeasures.load({ regionCode: "320000", period: "2022" }),
    ]);
    const raw = (days: number) =>
      count(`SELECT count(*)::int AS n FROM birth WHERE region_code LIKE '32%' AND birth_date BETWEEN '2022-01-01' AND '2022-12-31' AND reported_on - birth_date <= $1::int`, [days]);
    expect(within3.birthsReportedInWindow).toBe(await raw(3));
    expect(within30.birthsReportedInWindow).toBe(await raw(30));
    expect(within3.birthsReportedInWindow).toBeLessThan(within30.birthsReportedInWindow);
  });

  it("find the targets in force: the region's own, else the nearest ancestor's that holds below it", async () => {
    const loaders = createLoaders(ports);
    const [township, county, other] = await Promise.all([
      loaders.monitoringStatistics.targets.load({ regionCode: "320722101", year: 2021 }),
      loaders.monitoringStatistics.targets.load({ regionCode: "320722", year: 2021 }),
      loaders.monitoringStatistics.targets.load({ regionCode: "320722101", year: 2022 }),
    ]);
    // A rate's target holds in each township too; a count's (2 new 普惠 institutions) is the county's own total only.
    const below = county.filter((t) => t.scope === "REGION_AND_BELOW");
    expect(below.length).toBeLessThan(county.length);
    expect(county.find((t) => t.indicatorCode === "CHILDCARE_NEW_INCLUSIVE_INSTITUTIONS")?.scope).toBe("REGION_ONLY");
    expect(township.map((t) => `${t.indicatorCode}@${t.regionCode}`).sort()).toEqual(below.map((t) => `${t.indicatorCode}@${t.regionCode}`).sort());
    expect(township.find((t) => t.indicatorCode === "CHILDCARE_PLACES_PER_THOUSAND")?.threshold).toBe(2.4);
    expect(township.find((t) => t.indicatorCode === "BIRTH_REGISTRATION_RATE")?.threshold).toBe(97);
    expect(township.find((t) => t.indicatorCode === "SEX_RATIO_AT_BIRTH")?.regionCode).toBe("320000");
    expect(other.map((t) => t.indicatorCode)).toEqual(["SEX_RATIO_AT_BIRTH"]);
  });
});

describe("instrumented ports", () => {
  it("turn a failing system's error into an UpstreamError naming the system", async () => {
    const failing = { regionsByCodes: () => Promise.reject(new Error("connection refused")), childrenPages: () => Promise.resolve([]) };
    const ports = instrumentPorts({ REGION_DIRECTORY: failing } as unknown as Ports, new PortCallCounter());
    const error = await ports.REGION_DIRECTORY.regionsByCodes(["320722"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ system: "REGION_DIRECTORY", code: "UPSTREAM_UNAVAILABLE" });
  });
});

describe("a request's ports", () => {
  it("are wrapped system by system when first asked for, once each, with the ports' own keys", async () => {
    const region = { regionsByCodes: (codes: readonly string[]) => Promise.resolve(codes.map(() => null)) };
    const registry = { personsByIds: (ids: readonly string[]) => Promise.resolve(ids.map(() => null)) };
    const ports = { REGION_DIRECTORY: region, POPULATION_REGISTRY: registry } as unknown as Ports;
    const wrapped: string[] = [];
    const request = wrapPorts(ports, (system, port) => {
      wrapped.push(system);
      return { ...port };
    });
    expect(Object.keys(request)).toEqual(["REGION_DIRECTORY", "POPULATION_REGISTRY"]);
    // Loaders for every system, the port of none taken until a loader is made and called.
    const loaders = createLoaders(request);
    expect(wrapped).toEqual([]);
    await loaders.regionDirectory.regionsByCodes.load("320722");
    await loaders.regionDirectory.regionsByCodes.load("320723");
    expect(wrapped).toEqual(["REGION_DIRECTORY"]);
    expect(request.REGION_DIRECTORY).toBe(request.REGION_DIRECTORY);
    expect(wrapped).toEqual(["REGION_DIRECTORY"]);
  });
});
