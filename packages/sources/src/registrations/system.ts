import { defineSystem, type SystemPort } from "../define-system.js";
import { birthRegistrationContract } from "./contract.js";
import { birthRegistrationFromDatabase } from "./db-adapter.js";

export const birthRegistration = defineSystem({
  code: "BIRTH_REGISTRATION",
  key: "birthRegistration",
  nameZh: "生育登记/再生育审批",
  nameEn: "birth registration and re-birth approval",
  path: "birth-registration",
  contract: birthRegistrationContract,
  fromDatabase: (db) => birthRegistrationFromDatabase(db.sql),
});

export type BirthRegistrationPort = SystemPort<typeof birthRegistration>;
