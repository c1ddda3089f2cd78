import { defineSystem, type SystemPort } from "../define-system.js";
import { regionDirectoryContract } from "./contract.js";
import { regionDirectoryFromDatabase } from "./db-adapter.js";

export const regionDirectory = defineSystem({
  code: "REGION_DIRECTORY",
  key: "regionDirectory",
  nameZh: "行政区划代码库",
  nameEn: "region directory",
  path: "region-directory",
  contract: regionDirectoryContract,
  fromDatabase: (db) => regionDirectoryFromDatabase(db.sql),
});

export type RegionDirectoryPort = SystemPort<typeof regionDirectory>;
