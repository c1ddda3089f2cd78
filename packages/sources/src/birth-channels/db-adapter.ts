import { Birth } from "@popfam/domain";
import type { SqlClient, models } from "@popfam/db";
import { readByIds, readRegionPages, type Columns, type TableSpec } from "../table.js";
import type { BirthChannelsPort } from "./port.js";

export const birthTable: TableSpec<Birth> = {
  system: "BIRTH_CHANNELS",
  table: "birth",
  columns: {
    id: "value", childPersonId: "value", childIdNumber: "value", motherPersonId: "value", motherIdNumber: "value",
    sex: "value", birthDate: "date", birthOrder: "value", regionCode: "value", channel: "value", reportedOn: "date",
    keyItemsChecked: "value", keyItemsMatch: "value", registrationId: "value", rebirthApprovalId: "value",
    policyConforming: "value",
  } satisfies Columns<models.BirthModel>,
  schema: Birth,
  regionColumn: "region_code",
  dateColumn: "birth_date",
};

export function birthChannelsFromDatabase(sql: SqlClient): BirthChannelsPort {
  return {
    birthsByIds: (ids) => readByIds(sql, birthTable, ids),
    birthPages: (queries) => readRegionPages(sql, birthTable, queries),
  };
}
