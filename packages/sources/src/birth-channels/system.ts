import { defineSystem, type SystemPort } from "../define-system.js";
import { birthChannelsContract } from "./contract.js";
import { birthChannelsFromDatabase } from "./db-adapter.js";

export const birthChannels = defineSystem({
  code: "BIRTH_CHANNELS",
  key: "birthChannels",
  nameZh: "出生医学证明/预防接种/公安户籍",
  nameEn: "birth information channels",
  path: "birth-channels",
  contract: birthChannelsContract,
  fromDatabase: (db) => birthChannelsFromDatabase(db.sql),
});

export type BirthChannelsPort = SystemPort<typeof birthChannels>;
