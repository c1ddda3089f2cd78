import { BirthRegistration, RebirthApproval } from "@popfam/domain";
import type { SqlClient, models } from "@popfam/db";
import { readByIds, readListsByKeys, readRegionPages, type Columns, type TableSpec } from "../table.js";
import type { PortOf } from "../http/contract.js";
import type { birthRegistrationContract } from "./contract.js";

export const registrationTable: TableSpec<BirthRegistration> = {
  system: "BIRTH_REGISTRATION",
  table: "birth_registration",
  columns: {
    id: "value", motherPersonId: "value", motherIdNumber: "value", childOrder: "value", mode: "value",
    registeredOn: "date", regionCode: "value",
  } satisfies Columns<models.BirthRegistrationModel>,
  schema: BirthRegistration,
  regionColumn: "region_code",
  dateColumn: "registered_on",
};

export const approvalTable: TableSpec<RebirthApproval> = {
  system: "BIRTH_REGISTRATION",
  table: "rebirth_approval",
  columns: {
    id: "value", motherIdNumber: "value", childOrder: "value", approvedOn: "date", regionCode: "value", reason: "value",
  } satisfies Columns<models.RebirthApprovalModel>,
  schema: RebirthApproval,
  regionColumn: "region_code",
  dateColumn: "approved_on",
};

export function birthRegistrationFromDatabase(sql: SqlClient): PortOf<typeof birthRegistrationContract> {
  return {
    registrationsByIds: (ids) => readByIds(sql, registrationTable, ids),
    registrationPages: (queries) => readRegionPages(sql, registrationTable, queries),
    approvalsByIds: (ids) => readByIds(sql, approvalTable, ids),
    approvalPages: (queries) => readRegionPages(sql, approvalTable, queries),
    registrationsByMothers: (motherIdNumbers) =>
      readListsByKeys(sql, registrationTable, "mother_id_number", motherIdNumbers, `t.registered_on, t.id COLLATE "C"`),
  };
}
