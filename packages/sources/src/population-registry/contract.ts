// 全员人口信息系统 — the population registry: persons, households, deaths.
import { Death, Household, Person } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { PageWindow, RegionListQuery } from "../paging.js";

export const HouseholdMembersQuery = z.object({ householdId: z.string().min(1), ...PageWindow });
export type HouseholdMembersQuery = z.infer<typeof HouseholdMembersQuery>;

const Id = z.string().min(1);

export const populationRegistryContract = {
  personsByIds: { summary: "人员（按标识） — persons by id", key: Id, value: Person.nullable() },
  /** Null where the registry has no person of the ID number. */
  personsByIdNumbers: { summary: "人员（按公民身份号码） — persons by resident ID number", key: Id, value: Person.nullable() },
  /** Persons living in the region; with a period, those in the registry at some time within it. */
  personPages: { summary: "区划内人员（分页） — a page of the persons of each region", key: RegionListQuery, value: PageOf(Person) },
  householdsByIds: { summary: "家庭户（按标识） — households by id", key: Id, value: Household.nullable() },
  householdMemberPages: { summary: "家庭户成员（分页） — a page of each household's members", key: HouseholdMembersQuery, value: PageOf(Person) },
  deathsByIds: { summary: "死亡（按标识） — deaths by id", key: Id, value: Death.nullable() },
  deathPages: { summary: "区划内死亡（分页） — a page of the deaths of each region", key: RegionListQuery, value: PageOf(Death) },
} satisfies Contract;
