import { defineSystem, type SystemPort } from "../define-system.js";
import { assistanceContract, assistanceDatabaseOnly } from "./contract.js";
import { assistanceFromDatabase } from "./db-adapter.js";

export const assistance = defineSystem({
  code: "ASSISTANCE",
  key: "assistance",
  nameZh: "奖励扶助信息系统",
  nameEn: "rewards and assistance",
  path: "assistance",
  contract: assistanceContract,
  databaseOnly: assistanceDatabaseOnly,
  fromDatabase: (db, { clock }) => assistanceFromDatabase(db.sql, { clock }),
});

export type AssistancePort = SystemPort<typeof assistance>;
