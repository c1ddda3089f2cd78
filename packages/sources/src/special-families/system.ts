import { defineSystem, type SystemPort } from "../define-system.js";
import { specialFamiliesContract } from "./contract.js";
import { specialFamiliesFromDatabase } from "./db-adapter.js";

export const specialFamilies = defineSystem({
  code: "SPECIAL_FAMILIES",
  key: "specialFamilies",
  nameZh: "计生特殊家庭电子档案",
  nameEn: "special-family archive",
  path: "special-families",
  contract: specialFamiliesContract,
  fromDatabase: (db, { clock }) => specialFamiliesFromDatabase(db.sql, { clock }),
});

export type SpecialFamiliesPort = SystemPort<typeof specialFamilies>;
