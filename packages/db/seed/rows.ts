// Row shapes for bulk loading, derived from the Prisma models (the one source of the data
// layer's types) with dates as ISO strings, which is how the generator and COPY handle them.
import type * as models from "../src/generated/prisma/models.js";

type IsoDates<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type RegionRow = IsoDates<models.RegionModel>;
export type PopulationBaseRow = IsoDates<models.PopulationBaseModel>;
export type HouseholdRow = IsoDates<models.HouseholdModel>;
export type PersonRow = IsoDates<models.PersonModel>;
export type BirthRow = IsoDates<models.BirthModel>;
export type BirthChannelRecordRow = IsoDates<models.BirthChannelRecordModel>;
export type DeathRow = IsoDates<models.DeathModel>;
export type BirthRegistrationRow = IsoDates<models.BirthRegistrationModel>;
export type RebirthApprovalRow = IsoDates<models.RebirthApprovalModel>;
export type TargetRow = IsoDates<models.TargetModel>;
