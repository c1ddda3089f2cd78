import type { Death, Household, Person } from "@popfam/domain";
import type { Page, RegionListQuery } from "../paging.js";

export interface HouseholdMembersQuery {
  householdId: string;
  first: number;
  after: string | null;
}

/** 全员人口信息系统 — the population registry: persons, households, deaths. */
export interface PopulationRegistryPort {
  personsByIds(ids: readonly string[]): Promise<(Person | null | Error)[]>;
  /** Persons living in the region; with a period, those in the registry at some time within it. */
  personPages(queries: readonly RegionListQuery[]): Promise<(Page<Person> | Error)[]>;
  householdsByIds(ids: readonly string[]): Promise<(Household | null | Error)[]>;
  /** The persons registered in each household, a page each. */
  householdMemberPages(queries: readonly HouseholdMembersQuery[]): Promise<(Page<Person> | Error)[]>;
  deathsByIds(ids: readonly string[]): Promise<(Death | null | Error)[]>;
  deathPages(queries: readonly RegionListQuery[]): Promise<(Page<Death> | Error)[]>;
}
