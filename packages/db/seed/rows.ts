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

// 奖励扶助. Json columns take the domain's objects; the batch total is a bigint.
export type AssistanceProgramRow = IsoDates<models.AssistanceProgramModel>;
export type RateComponentRow = IsoDates<models.RateComponentModel>;
export type FpFamilyRow = IsoDates<models.FpFamilyModel>;
export type EligibilityAssessmentRow = IsoDates<models.EligibilityAssessmentModel>;
export type EligibilityDecisionRow = IsoDates<models.EligibilityDecisionModel>;
export type BeneficiaryRow = IsoDates<models.BeneficiaryModel>;
export type BeneficiaryExitRow = IsoDates<models.BeneficiaryExitModel>;
export type PaymentBatchRow = IsoDates<models.PaymentBatchModel>;
export type PaymentLineRow = IsoDates<models.PaymentLineModel>;

// 计生特殊家庭
export type SpecialFamilyRow = IsoDates<models.SpecialFamilyModel>;
export type SpecialFamilyMemberRow = IsoDates<models.SpecialFamilyMemberModel>;
export type ContactPersonRow = IsoDates<models.ContactPersonModel>;
export type FamilyDoctorContractRow = IsoDates<models.FamilyDoctorContractModel>;
export type GreenChannelRow = IsoDates<models.GreenChannelModel>;
export type MentalHealthServiceRow = IsoDates<models.MentalHealthServiceModel>;
export type VisitRow = IsoDates<models.VisitModel>;
export type FamilyServiceRow = IsoDates<models.FamilyServiceModel>;
