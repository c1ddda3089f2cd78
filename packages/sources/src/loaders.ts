// DataLoaders over the ports, created fresh for every request so that nothing cached outlives
// it (jurisdiction and masking differ between callers). Each loader turns all the keys asked for
// in one tick into one port call.
import DataLoader from "dataloader";
import type { Birth, BirthRegistration, Death, Household, Person, PopulationMeasures, RebirthApproval, Region, Target } from "@popfam/domain";
import type { Page, RegionListQuery } from "./paging.js";
import type { Ports } from "./ports.js";
import type { HouseholdMembersQuery } from "./population-registry/port.js";
import type { ChildrenQuery } from "./regions/port.js";
import type { MeasuresKey, TargetsKey } from "./statistics/port.js";

export interface LoaderOptions {
  /**
   * false turns batching and caching off: every key becomes its own port call. Only for
   * measuring what the loaders save (the benchmarks' naive path); never in production.
   */
  batching?: boolean;
  /** Keys per port call at most. */
  maxBatchSize?: number;
}

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(ports: Ports, options: LoaderOptions = {}) {
  const batching = options.batching ?? true;
  const settings = { batch: batching, cache: batching, maxBatchSize: options.maxBatchSize ?? 500 };
  // A port answers each key with its value or an Error; an Error fails that key's load only.
  const byKey = <K, V>(load: (keys: readonly K[]) => Promise<(V | Error)[]>, cacheKeyFn?: (key: K) => string) =>
    new DataLoader<K, V, string | K>(load, { ...settings, ...(cacheKeyFn ? { cacheKeyFn } : {}) });
  const listKey = (q: RegionListQuery) => `${q.regionCode}|${q.period ?? ""}|${q.first}|${q.after ?? ""}`;

  const { REGION_DIRECTORY, POPULATION_REGISTRY, BIRTH_CHANNELS, BIRTH_REGISTRATION, MONITORING_STATISTICS } = ports;
  return {
    region: byKey<string, Region | null>((codes) => REGION_DIRECTORY.regionsByCodes(codes)),
    children: byKey<ChildrenQuery, Page<Region> & { totalCount: number }>(
      (queries) => REGION_DIRECTORY.childrenPages(queries),
      (q) => `${q.parentCode}|${q.first}|${q.after ?? ""}`,
    ),
    person: byKey<string, Person | null>((ids) => POPULATION_REGISTRY.personsByIds(ids)),
    personPage: byKey<RegionListQuery, Page<Person>>((q) => POPULATION_REGISTRY.personPages(q), listKey),
    household: byKey<string, Household | null>((ids) => POPULATION_REGISTRY.householdsByIds(ids)),
    householdMembers: byKey<HouseholdMembersQuery, Page<Person>>(
      (queries) => POPULATION_REGISTRY.householdMemberPages(queries),
      (q) => `${q.householdId}|${q.first}|${q.after ?? ""}`,
    ),
    death: byKey<string, Death | null>((ids) => POPULATION_REGISTRY.deathsByIds(ids)),
    deathPage: byKey<RegionListQuery, Page<Death>>((q) => POPULATION_REGISTRY.deathPages(q), listKey),
    birth: byKey<string, Birth | null>((ids) => BIRTH_CHANNELS.birthsByIds(ids)),
    birthPage: byKey<RegionListQuery, Page<Birth>>((q) => BIRTH_CHANNELS.birthPages(q), listKey),
    registration: byKey<string, BirthRegistration | null>((ids) => BIRTH_REGISTRATION.registrationsByIds(ids)),
    registrationPage: byKey<RegionListQuery, Page<BirthRegistration>>((q) => BIRTH_REGISTRATION.registrationPages(q), listKey),
    approval: byKey<string, RebirthApproval | null>((ids) => BIRTH_REGISTRATION.approvalsByIds(ids)),
    approvalPage: byKey<RegionListQuery, Page<RebirthApproval>>((q) => BIRTH_REGISTRATION.approvalPages(q), listKey),
    populationMeasures: byKey<MeasuresKey, PopulationMeasures>(
      (keys) => MONITORING_STATISTICS.populationMeasures(keys),
      (k) => `${k.regionCode}|${k.period}`,
    ),
    targets: byKey<TargetsKey, Target[]>((keys) => MONITORING_STATISTICS.targets(keys), (k) => `${k.regionCode}|${k.year}`),
  };
}
