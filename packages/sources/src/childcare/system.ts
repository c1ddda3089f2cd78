import { defineSystem, type SystemPort } from "../define-system.js";
import { childcareContract } from "./contract.js";
import { childcareFromDatabase } from "./db-adapter.js";

export const childcare = defineSystem({
  code: "CHILDCARE",
  key: "childcare",
  nameZh: "托育机构备案信息系统",
  nameEn: "childcare filing system",
  path: "childcare",
  contract: childcareContract,
  fromDatabase: (db, { clock }) => childcareFromDatabase(db.sql, { clock }),
});

export type ChildcarePort = SystemPort<typeof childcare>;
