// 生育登记 / 再生育审批 — birth registrations and re-birth approvals.
import { BirthRegistration, RebirthApproval } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { RegionListQuery } from "../paging.js";

const Id = z.string().min(1);

export const birthRegistrationContract = {
  registrationsByIds: { summary: "生育登记（按标识） — registrations by id", key: Id, value: BirthRegistration.nullable() },
  registrationPages: { summary: "区划内生育登记（分页） — a page of the registrations of each region", key: RegionListQuery, value: PageOf(BirthRegistration) },
  approvalsByIds: { summary: "再生育审批（按标识） — re-birth approvals by id", key: Id, value: RebirthApproval.nullable() },
  approvalPages: { summary: "区划内再生育审批（分页） — a page of the approvals of each region", key: RegionListQuery, value: PageOf(RebirthApproval) },
  /** Every registration of each mother (by her ID number), oldest first. */
  registrationsByMothers: { summary: "母亲的生育登记 — every registration of each mother (by ID number)", key: Id, value: z.array(BirthRegistration) },
} satisfies Contract;
