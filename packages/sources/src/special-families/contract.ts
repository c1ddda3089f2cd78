// 计生特殊家庭电子档案 — the special-family archive: families, members and everything done for
// them. Arrangements come by family (one call for any number of families).
import {
  ContactPerson,
  FamilyDoctorContract,
  FamilyService,
  GreenChannel,
  IsoDate,
  MentalHealthService,
  SpecialFamily,
  SpecialFamilyMeasures,
  SpecialFamilyMember,
  Visit,
  VisitKind,
  IdempotencyKey,
  LineFen,
} from "@popfam/domain";
import { z } from "zod";
import type { Contract } from "../http/contract.js";
import { PeriodKey, RegionCodeKey } from "../paging.js";


/** Every special family of a region (and below) archived by a date; a county holds hundreds, not thousands. */
export const FamiliesInRegionKey = z.object({ regionCode: RegionCodeKey });
export type FamiliesInRegionKey = z.infer<typeof FamiliesInRegionKey>;

/** A region (and below) in a period. */
export const CoverageKey = z.object({ regionCode: RegionCodeKey, period: PeriodKey });
export type CoverageKey = z.infer<typeof CoverageKey>;

/** A family's visits dated from one day to another, both inclusive (a period's holiday windows). */
export const VisitsWithinKey = z.object({ familyId: z.string().min(1), from: IsoDate, to: IsoDate });
export type VisitsWithinKey = z.infer<typeof VisitsWithinKey>;

export const RecordVisitCommand = z.object({
  idempotencyKey: IdempotencyKey,
  familyId: z.string().min(1),
  visitedOn: IsoDate,
  visitor: z.string().min(1).max(50),
  kind: VisitKind,
  giftFen: LineFen.nullable(),
  notes: z.string().max(500).nullable(),
});
export type RecordVisitCommand = z.infer<typeof RecordVisitCommand>;

export const SignContractCommand = z.object({
  idempotencyKey: IdempotencyKey,
  familyId: z.string().min(1),
  memberId: z.string().min(1),
  doctorName: z.string().min(1).max(50),
  institution: z.string().min(1).max(100),
  signedOn: IsoDate,
  validUntil: IsoDate,
});
export type SignContractCommand = z.infer<typeof SignContractCommand>;

const Id = z.string().min(1);

export const specialFamiliesContract = {
  familiesByIds: { summary: "特殊家庭（按标识） — special families by id", key: Id, value: SpecialFamily.nullable() },
  familiesInRegions: { summary: "区划内全部特殊家庭 — every special family of each region", key: FamiliesInRegionKey, value: z.array(SpecialFamily) },
  membersByFamilies: { summary: "家庭成员 — the members of each family", key: Id, value: z.array(SpecialFamilyMember) },
  contactsByFamilies: { summary: "联系人 — the contact persons of each family", key: Id, value: z.array(ContactPerson) },
  contractsByFamilies: { summary: "家庭医生签约 — the doctor contracts of each family", key: Id, value: z.array(FamilyDoctorContract) },
  greenChannelsByFamilies: { summary: "就医绿色通道 — the green channels of each family", key: Id, value: z.array(GreenChannel) },
  mentalHealthByFamilies: { summary: "心理健康服务 — the mental-health services of each family", key: Id, value: z.array(MentalHealthService) },
  visitsByFamilies: { summary: "走访慰问 — the visits to each family", key: Id, value: z.array(Visit) },
  /** A family's visits within dates: a county's families over six years hold tens of thousands, a period's holidays a fraction. */
  visitsWithin: { summary: "期间内的走访慰问 — the visits to a family between two dates", key: VisitsWithinKey, value: z.array(Visit) },
  servicesByFamilies: { summary: "帮扶服务 — the services to each family", key: Id, value: z.array(FamilyService) },
  /** The counts behind the coverage indicators (三个/四个全覆盖), from the rollups the archive's triggers keep. */
  coverageMeasures: { summary: "区划、周期的全覆盖计数 — the coverage measures of each region and period", key: CoverageKey, value: SpecialFamilyMeasures },
  /** Writes a visit; its holiday is set from the date by the domain's holiday windows. */
  recordVisits: { summary: "登记走访（幂等） — record visits (idempotent by key)", key: RecordVisitCommand, value: Visit, write: true },
  signContracts: { summary: "登记家庭医生签约（幂等） — record doctor contracts (idempotent by key)", key: SignContractCommand, value: FamilyDoctorContract, write: true },
} satisfies Contract;
