import { ContactPerson, FamilyDoctorContract, FamilyService, GreenChannel, MentalHealthService, SpecialFamily, SpecialFamilyMember, Visit } from "@popfam/domain";
import { z } from "zod";
import type { Contract } from "../http/contract.js";
import { FamiliesInRegionKey, RecordVisitCommand, SignContractCommand, VisitsWithinKey, type SpecialFamiliesPort } from "./port.js";

const Id = z.string().min(1);

export const specialFamiliesContract: Contract<SpecialFamiliesPort> = {
  familiesByIds: { summary: "特殊家庭（按标识） — special families by id", key: Id, value: SpecialFamily.nullable() },
  familiesInRegions: { summary: "区划内全部特殊家庭 — every special family of each region", key: FamiliesInRegionKey, value: z.array(SpecialFamily) },
  membersByFamilies: { summary: "家庭成员 — the members of each family", key: Id, value: z.array(SpecialFamilyMember) },
  contactsByFamilies: { summary: "联系人 — the contact persons of each family", key: Id, value: z.array(ContactPerson) },
  contractsByFamilies: { summary: "家庭医生签约 — the doctor contracts of each family", key: Id, value: z.array(FamilyDoctorContract) },
  greenChannelsByFamilies: { summary: "就医绿色通道 — the green channels of each family", key: Id, value: z.array(GreenChannel) },
  mentalHealthByFamilies: { summary: "心理健康服务 — the mental-health services of each family", key: Id, value: z.array(MentalHealthService) },
  visitsByFamilies: { summary: "走访慰问 — the visits to each family", key: Id, value: z.array(Visit) },
  visitsWithin: { summary: "期间内的走访慰问 — the visits to a family between two dates", key: VisitsWithinKey, value: z.array(Visit) },
  servicesByFamilies: { summary: "帮扶服务 — the services to each family", key: Id, value: z.array(FamilyService) },
  recordVisits: { summary: "登记走访（幂等） — record visits (idempotent by key)", key: RecordVisitCommand, value: Visit },
  signContracts: { summary: "登记家庭医生签约（幂等） — record doctor contracts (idempotent by key)", key: SignContractCommand, value: FamilyDoctorContract },
};
