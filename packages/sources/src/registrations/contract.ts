import { BirthRegistration, RebirthApproval } from "@popfam/domain";
import { z } from "zod";
import { PageOf, type Contract } from "../http/contract.js";
import { RegionListQuery } from "../paging.js";
import type { BirthRegistrationPort } from "./port.js";

const Id = z.string().min(1);

export const birthRegistrationContract: Contract<BirthRegistrationPort> = {
  registrationsByIds: { summary: "生育登记（按标识） — registrations by id", key: Id, value: BirthRegistration.nullable() },
  registrationPages: { summary: "区划内生育登记（分页） — a page of the registrations of each region", key: RegionListQuery, value: PageOf(BirthRegistration) },
  approvalsByIds: { summary: "再生育审批（按标识） — re-birth approvals by id", key: Id, value: RebirthApproval.nullable() },
  approvalPages: { summary: "区划内再生育审批（分页） — a page of the approvals of each region", key: RegionListQuery, value: PageOf(RebirthApproval) },
  registrationsByMothers: { summary: "母亲的生育登记 — every registration of each mother (by ID number)", key: Id, value: z.array(BirthRegistration) },
};
