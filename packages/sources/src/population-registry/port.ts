import type { Death, Household, Person } from "@popfam/domain";
import type { Page, RegionListQuery } from "../paging.js";

/** 全员人口信息系统 — the population registry: persons, households, deaths. */
export interface PopulationRegistryPort {
  personsByIds(ids: readonly string[]): Promise<(Person | null)[]>;
  /** Persons living in the region; with a period, those in the registry at some time within it. */
  personPages(queries: readonly RegionListQuery[]): Promise<Page<Person>[]>;
  householdsByIds(ids: readonly string[]): Promise<(Household | null)[]>;
  deathsByIds(ids: readonly string[]): Promise<(Death | null)[]>;
  deathPages(queries: readonly RegionListQuery[]): Promise<Page<Death>[]>;
}
