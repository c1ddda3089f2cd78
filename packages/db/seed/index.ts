export { generateDataset } from "./generate.js";
export type { GenerateOptions } from "./generate.js";
export { SEED_AREAS } from "./areas.js";
export type { Dataset } from "./areas.js";
export type { SeedArea, SeedAreaList, SeedContext, SeedTable } from "./area.js";
export { loadDataset, loadRows } from "./load.js";
export { seedDatabase, isSeeded } from "./seed.js";
export type { SeedOptions } from "./seed.js";
export { SEED_COUNTIES, SEED_PROVINCES_AND_CITIES } from "./places.js";
export type * from "./rows.js";
export { seedTargets, RESIDENTS_AT_SCALE_1, FIRST_YEAR, LAST_YEAR } from "./population.js";
export type {
  PopulationDataset, RegionRow, PopulationBaseRow, HouseholdRow, PersonRow, BirthRow, BirthChannelRecordRow, DeathRow, BirthRegistrationRow,
  RebirthApprovalRow, TargetRow,
} from "./population.js";
export { generateAssistance, LOCAL_PROGRAMS, LOCAL_RATES, ASSISTANCE_YEARS } from "./assistance.js";
export type {
  AssistanceDataset, RegistrySource, AssistanceProgramRow, RateComponentRow, FpFamilyRow, EligibilityAssessmentRow, EligibilityDecisionRow,
  BeneficiaryRow, BeneficiaryExitRow, PaymentBatchRow, PaymentLineRow,
} from "./assistance.js";
export { generateSpecialFamilies, SPECIAL_FAMILY_YEARS } from "./special-families.js";
export type {
  SpecialFamiliesDataset, SpecialFamiliesSource, SpecialFamilyRow, SpecialFamilyMemberRow, ContactPersonRow, FamilyDoctorContractRow,
  GreenChannelRow, MentalHealthServiceRow, VisitRow, FamilyServiceRow,
} from "./special-families.js";
