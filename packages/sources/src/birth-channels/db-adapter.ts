import { Birth, BIRTH_CHANNEL_ORDER, BirthChannelRecord } from "@popfam/domain";
import type { SqlClient, models } from "@popfam/db";
import { readByIds, readListsByKeys, readRegionPages, readRegionPeriodLists, type Columns, type TableSpec } from "../table.js";
import type { PortOf } from "../http/contract.js";
import type { birthChannelsContract } from "./contract.js";

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

export const channelRecordTable: TableSpec<BirthChannelRecord> = {
  system: "BIRTH_CHANNELS",
  table: "birth_channel_record",
  columns: {
    id: "value", channel: "value", motherIdNumber: "value", childIdNumber: "value", sex: "value", birthDate: "date",
    birthOrder: "value", regionCode: "value", reportedOn: "date",
  } satisfies Columns<models.BirthChannelRecordModel>,
  schema: BirthChannelRecord,
  regionColumn: "region_code",
  dateColumn: "birth_date",
};

// Birth date, then channel in the domain's order (the authoritative channel first), then id by
// code unit (COLLATE "C"), as the linkage takes them; the same on every server collation.
const CHANNEL_RECORD_ORDER =
  `t.birth_date, array_position(ARRAY[${BIRTH_CHANNEL_ORDER.map((c) => `'${c}'`).join(", ")}]::text[], t.channel::text), t.id COLLATE "C"`;

export function birthChannelsFromDatabase(sql: SqlClient): PortOf<typeof birthChannelsContract> {
  return {
    birthsByIds: (ids) => readByIds(sql, birthTable, ids),
    birthPages: (queries) => readRegionPages(sql, birthTable, queries),
    channelRecordsByMothers: (motherIdNumbers) =>
      readListsByKeys(sql, channelRecordTable, "mother_id_number", motherIdNumbers, CHANNEL_RECORD_ORDER),
    channelRecordsInRegions: (queries) => readRegionPeriodLists(sql, channelRecordTable, queries, CHANNEL_RECORD_ORDER),
  };
}
