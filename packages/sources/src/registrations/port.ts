import type { BirthRegistration, RebirthApproval } from "@popfam/domain";
import type { Page, RegionListQuery } from "../paging.js";

/** 生育登记 / 再生育审批 — birth registrations and re-birth approvals. */
export interface BirthRegistrationPort {
  registrationsByIds(ids: readonly string[]): Promise<(BirthRegistration | null | Error)[]>;
  registrationPages(queries: readonly RegionListQuery[]): Promise<(Page<BirthRegistration> | Error)[]>;
  approvalsByIds(ids: readonly string[]): Promise<(RebirthApproval | null | Error)[]>;
  approvalPages(queries: readonly RegionListQuery[]): Promise<(Page<RebirthApproval> | Error)[]>;
  /** Every registration of each mother (by her ID number), oldest first. */
  registrationsByMothers(motherIdNumbers: readonly string[]): Promise<(BirthRegistration[] | Error)[]>;
}
