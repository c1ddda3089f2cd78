import type { Death, Household, Person } from "@popfam/domain";
import { z } from "zod";
import { PageWindow, type Page, type RegionListQuery } from "../paging.js";

export const HouseholdMembersQuery = z.object({ householdId: z.string().min(1), ...PageWindow });
export type HouseholdMembersQuery = z.infer<typeof HouseholdMembersQuery>;

/** 全员人口信息系统 — the population registry: persons, households, deaths. */
export interface PopulationRegistryPort {
  personsByIds(ids: readonly string[]): Promise<(Person | null | Error)[]>;
  /** Persons by resident ID number; null where the registry has none. */
  personsByIdNumbers(idNumbers: readonly string[]): Promise<(Person | null | Error)[]>;
  /** Persons living in the region; with a period, those in the registry at some time within it. */
  personPages(queries: readonly RegionListQuery[]): Promise<(Page<Person> | Error)[]>;
  householdsByIds(ids: readonly string[]): Promise<(Household | null | Error)[]>;
  /** The persons registered in each household, a page each. */
  householdMemberPages(queries: readonly HouseholdMembersQuery[]): Promise<(Page<Person> | Error)[]>;
  deathsByIds(ids: readonly string[]): Promise<(Death | null | Error)[]>;
  deathPages(queries: readonly RegionListQuery[]): Promise<(Page<Death> | Error)[]>;
}
