import { defineSystem, type SystemPort } from "../define-system.js";
import { populationRegistryContract } from "./contract.js";
import { populationRegistryFromDatabase } from "./db-adapter.js";

export const populationRegistry = defineSystem({
  code: "POPULATION_REGISTRY",
  key: "populationRegistry",
  nameZh: "全员人口信息系统",
  nameEn: "population registry",
  path: "population-registry",
  contract: populationRegistryContract,
  fromDatabase: (db) => populationRegistryFromDatabase(db.sql),
});

export type PopulationRegistryPort = SystemPort<typeof populationRegistry>;
