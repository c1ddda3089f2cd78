import type {
  ContactPerson,
  FamilyDoctorContract,
  FamilyService,
  GreenChannel,
  MentalHealthService,
  SpecialFamily,
  SpecialFamilyMember,
  Visit,
} from "@popfam/domain";
import { IsoDate, VisitKind } from "@popfam/domain";
import { z } from "zod";
import { RegionCodeKey } from "../paging.js";

const IdempotencyKey = z.string().min(8).max(128).describe("幂等键 — idempotency key: the same key never writes twice");

/** Every special family of a region (and below) archived by a date; a county holds hundreds, not thousands. */
export const FamiliesInRegionKey = z.object({ regionCode: RegionCodeKey });
export type FamiliesInRegionKey = z.infer<typeof FamiliesInRegionKey>;

/** A family's visits dated from one day to another, both inclusive (a period's holiday windows). */
export const VisitsWithinKey = z.object({ familyId: z.string().min(1), from: IsoDate, to: IsoDate });
export type VisitsWithinKey = z.infer<typeof VisitsWithinKey>;

export const RecordVisitCommand = z.object({
  idempotencyKey: IdempotencyKey,
  familyId: z.string().min(1),
  visitedOn: IsoDate,
  visitor: z.string().min(1).max(50),
  kind: VisitKind,
  giftFen: z.number().int().min(0).max(2_147_483_647).nullable(),
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

/**
 * 计生特殊家庭电子档案 — the special-family archive: families, members and everything done for
 * them. Arrangements come by family (one call for any number of families).
 */
export interface SpecialFamiliesPort {
  familiesByIds(ids: readonly string[]): Promise<(SpecialFamily | null | Error)[]>;
  familiesInRegions(keys: readonly FamiliesInRegionKey[]): Promise<(SpecialFamily[] | Error)[]>;
  membersByFamilies(familyIds: readonly string[]): Promise<(SpecialFamilyMember[] | Error)[]>;
  contactsByFamilies(familyIds: readonly string[]): Promise<(ContactPerson[] | Error)[]>;
  contractsByFamilies(familyIds: readonly string[]): Promise<(FamilyDoctorContract[] | Error)[]>;
  greenChannelsByFamilies(familyIds: readonly string[]): Promise<(GreenChannel[] | Error)[]>;
  mentalHealthByFamilies(familyIds: readonly string[]): Promise<(MentalHealthService[] | Error)[]>;
  visitsByFamilies(familyIds: readonly string[]): Promise<(Visit[] | Error)[]>;
  /** A family's visits within dates: a county's families over six years hold tens of thousands, a period's holidays a fraction. */
  visitsWithin(keys: readonly VisitsWithinKey[]): Promise<(Visit[] | Error)[]>;
  servicesByFamilies(familyIds: readonly string[]): Promise<(FamilyService[] | Error)[]>;
  /** Writes a visit; its holiday is set from the date by the domain's holiday windows. */
  recordVisits(commands: readonly RecordVisitCommand[]): Promise<(Visit | Error)[]>;
  signContracts(commands: readonly SignContractCommand[]): Promise<(FamilyDoctorContract | Error)[]>;
}
