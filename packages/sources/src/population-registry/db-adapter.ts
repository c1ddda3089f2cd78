import { Death, Household, Person } from "@popfam/domain";
import type { SqlClient, models } from "@popfam/db";
import { readByIds, readByKeys, readPagesByParent, readRegionPages, selectList, type Columns, type TableSpec } from "../table.js";
import type { PortOf } from "../http/contract.js";
import type { populationRegistryContract } from "./contract.js";

export const personTable: TableSpec<Person> = {
  system: "POPULATION_REGISTRY",
  table: "person",
  columns: {
    id: "value", idNumber: "value", name: "value", sex: "value", birthDate: "date", hukouRegionCode: "value",
    residenceRegionCode: "value", hukouType: "value", status: "value", householdId: "value",
    registeredOn: "date", exitedOn: "date",
  } satisfies Columns<models.PersonModel>,
  schema: Person,
  regionColumn: "residence_region_code",
  spanColumns: ["registered_on", "exited_on"],
};

export const householdTable: TableSpec<Household> = {
  system: "POPULATION_REGISTRY",
  table: "household",
  columns: { id: "value", regionCode: "value", headPersonId: "value", address: "value" } satisfies Columns<models.HouseholdModel>,
  schema: Household,
  regionColumn: "region_code",
};

export const deathTable: TableSpec<Death> = {
  system: "POPULATION_REGISTRY",
  table: "death",
  columns: { id: "value", personId: "value", regionCode: "value", deathDate: "date", reportedOn: "date" } satisfies Columns<models.DeathModel>,
  schema: Death,
  regionColumn: "region_code",
  dateColumn: "death_date",
};

export function populationRegistryFromDatabase(sql: SqlClient): PortOf<typeof populationRegistryContract> {
  return {
    personsByIds: (ids) => readByIds(sql, personTable, ids),
    personsByIdNumbers: (idNumbers) =>
      readByKeys(sql, `SELECT ${selectList(personTable)} FROM person t WHERE t.id_number = ANY($1::text[])`, idNumbers, "idNumber", Person, personTable.system),
    personPages: (queries) => readRegionPages(sql, personTable, queries),
    householdsByIds: (ids) => readByIds(sql, householdTable, ids),
    householdMemberPages: (queries) =>
      readPagesByParent(sql, personTable, "household_id", queries.map((q) => ({ parent: q.householdId, first: q.first, after: q.after }))),
    deathsByIds: (ids) => readByIds(sql, deathTable, ids),
    deathPages: (queries) => readRegionPages(sql, deathTable, queries),
  };
}
