// The list of systems and what is derived from it, without a database: the definitions agree
// with one another, and the loaders follow the contracts (one per read, none per write).
import { describe, expect, it } from "vitest";
import { CONTRACTS, createLoaders, SYSTEM_CODES, SYSTEMS, type Ports } from "../src/index.js";

/** Ports that answer null for every key and note each call as `SYSTEM.method:<number of keys>`. */
function recordingPorts(calls: string[]): Ports {
  const portOf = (system: (typeof SYSTEMS)[number]) =>
    Object.fromEntries(
      [...Object.keys(system.contract), ...Object.keys(system.databaseOnly)].map((method) => [
        method,
        (keys: readonly unknown[]) => {
          calls.push(`${system.code}.${method}:${keys.length}`);
          return Promise.resolve(keys.map(() => null));
        },
      ]),
    );
  return Object.fromEntries(SYSTEMS.map((system) => [system.code, portOf(system)])) as unknown as Ports;
}

describe("the list of systems", () => {
  it("names each system by a code, a loader key and a path of its own", () => {
    for (const field of ["code", "key", "path"] as const) {
      expect(new Set(SYSTEMS.map((system) => system[field])).size, field).toBe(SYSTEMS.length);
    }
    expect(SYSTEM_CODES).toEqual(SYSTEMS.map((system) => system.code));
    expect(Object.keys(CONTRACTS)).toEqual(SYSTEM_CODES);
  });

  it("has database-only methods that read other systems of the list and are not on the wire", () => {
    for (const system of SYSTEMS) {
      for (const [method, operation] of Object.entries(system.databaseOnly)) {
        expect(Object.keys(system.contract), `${system.code}.${method}`).not.toContain(method);
        for (const other of operation.alsoReads) expect(SYSTEM_CODES.filter((code) => code !== system.code), `${system.code}.${method}`).toContain(other);
      }
    }
  });
});

describe("the loaders derived from the contracts", () => {
  it("have one loader per read of every system and none for a write", () => {
    const loaders = createLoaders(recordingPorts([])) as unknown as Record<string, Record<string, unknown>>;
    for (const system of SYSTEMS) {
      const reads = Object.entries(system.contract).filter(([, operation]) => !("write" in operation)).map(([method]) => method);
      const methods: string[] = [];
      // The loaders are made on first use: the methods are the set's (its prototype's) properties.
      for (const method in loaders[system.key]) methods.push(method);
      expect(methods.sort(), system.key).toEqual([...reads, ...Object.keys(system.databaseOnly)].sort());
    }
    expect(loaders.assistance!.confirmEligibility).toBeUndefined();
    expect(loaders.specialFamilies!.recordVisits).toBeUndefined();
  });

  it("ask for a key once however its object's fields are ordered", async () => {
    const calls: string[] = [];
    const loaders = createLoaders(recordingPorts(calls));
    await Promise.all([
      loaders.monitoringStatistics.populationMeasures.load({ regionCode: "320722", period: "2021" }),
      loaders.monitoringStatistics.populationMeasures.load({ period: "2021", regionCode: "320722" }),
      loaders.monitoringStatistics.populationMeasures.load({ regionCode: "320722", period: "2022" }),
      loaders.regionDirectory.regionsByCodes.load("320722"),
      loaders.regionDirectory.regionsByCodes.load("320722"),
    ]);
    expect(calls.sort()).toEqual(["MONITORING_STATISTICS.populationMeasures:2", "REGION_DIRECTORY.regionsByCodes:1"]);
  });

  it("split a batch at the system's maximum, and make one call per key without batching", async () => {
    const calls: string[] = [];
    const ids = ["P1", "P2", "P3", "P4", "P5"];
    const capped = createLoaders(recordingPorts(calls), { maxBatchSize: { POPULATION_REGISTRY: 2 } });
    await Promise.all([...ids.map((id) => capped.populationRegistry.personsByIds.load(id)), ...ids.map((id) => capped.birthChannels.birthsByIds.load(id))]);
    expect(calls.sort()).toEqual(["BIRTH_CHANNELS.birthsByIds:5", "POPULATION_REGISTRY.personsByIds:1", "POPULATION_REGISTRY.personsByIds:2", "POPULATION_REGISTRY.personsByIds:2"]);

    calls.length = 0;
    const naive = createLoaders(recordingPorts(calls), { batching: false });
    await Promise.all([...ids, "P1"].map((id) => naive.populationRegistry.personsByIds.load(id)));
    expect(calls).toEqual(Array(6).fill("POPULATION_REGISTRY.personsByIds:1"));
  });
});
