import { z } from "zod";
import { IsoDate } from "../common/date.js";
import { IdNumber } from "../person/id-number.js";
import { Sex } from "../person/person.js";
import { RegionCode } from "../region/region.js";

/** 出生信息来源渠道 — the channel a birth was reported through. */
export const BirthChannel = z
  .enum(["BIRTH_CERTIFICATE", "VACCINATION", "HOUSEHOLD_REGISTRATION"])
  .describe("出生信息来源（出生医学证明/预防接种/公安户籍） — birth information channel");
export type BirthChannel = z.infer<typeof BirthChannel>;

/**
 * 出生 — a birth, linked across channels by the mother's ID number and the child's birth date
 * (and the child's ID once issued).
 */
export const Birth = z
  .object({
    id: z.string().describe("出生记录标识 — birth id"),
    childPersonId: z.string().nullable().describe("婴儿人员标识 — child's person id, once in the registry"),
    childIdNumber: IdNumber.nullable().describe("婴儿公民身份号码 — child's ID number, once issued"),
    motherPersonId: z.string().nullable().describe("母亲人员标识 — mother's person id"),
    motherIdNumber: IdNumber.describe("母亲公民身份号码 — mother's ID number"),
    sex: Sex.describe("婴儿性别 — child's sex"),
    birthDate: IsoDate.describe("出生日期 — birth date"),
    birthOrder: z.number().int().min(1).max(15).describe("孩次 — birth order (1 = first child)"),
    regionCode: RegionCode.describe("出生登记地区划代码 — region code"),
    channel: BirthChannel.describe("来源渠道 — channel"),
    reportedOn: IsoDate.describe("上报日期 — date reported"),
    keyItemsChecked: z.boolean().describe("主要数据项是否已比对 — key items checked against the authoritative channel"),
    keyItemsMatch: z.boolean().nullable().describe("主要数据项是否一致（未比对为空） — key items match (null when not checked)"),
    registrationId: z.string().nullable().describe("生育登记标识 — birth registration id"),
    rebirthApprovalId: z.string().nullable().describe("再生育审批标识 — re-birth approval id"),
    policyConforming: z.boolean().describe("是否符合政策生育 — conforms to the birth policy in force at birth"),
  })
  // ISO dates order lexicographically, so a string comparison is a date comparison here.
  .refine((b) => b.reportedOn >= b.birthDate, {
    path: ["reportedOn"],
    message: "上报日期不能早于出生日期 — reportedOn must not be before birthDate",
  })
  .describe("出生 — birth");
export type Birth = z.infer<typeof Birth>;

/** 死亡 — a death. */
export const Death = z
  .object({
    id: z.string().describe("死亡记录标识 — death id"),
    personId: z.string().describe("人员标识 — person id"),
    regionCode: RegionCode.describe("区划代码 — region code"),
    deathDate: IsoDate.describe("死亡日期 — date of death"),
    reportedOn: IsoDate.describe("上报日期 — date reported"),
  })
  .describe("死亡 — death");
export type Death = z.infer<typeof Death>;

/** 登记方式 — online or at a service counter. */
export const RegistrationMode = z.enum(["ONLINE", "OFFLINE"]).describe("登记方式（网上/线下） — registration mode");
export type RegistrationMode = z.infer<typeof RegistrationMode>;

/** 生育登记 — birth registration for a first, second or third child (一孩/二孩/三孩). */
export const BirthRegistration = z
  .object({
    id: z.string().describe("生育登记标识 — registration id"),
    motherPersonId: z.string().nullable().describe("母亲人员标识 — mother's person id"),
    motherIdNumber: IdNumber.describe("母亲公民身份号码 — mother's ID number"),
    childOrder: z.number().int().min(1).max(3).describe("登记孩次（一孩/二孩/三孩） — child order registered"),
    mode: RegistrationMode.describe("登记方式 — mode"),
    registeredOn: IsoDate.describe("登记日期 — date registered"),
    regionCode: RegionCode.describe("登记地区划代码 — region code"),
  })
  .describe("生育登记 — birth registration");
export type BirthRegistration = z.infer<typeof BirthRegistration>;

/** 再生育审批 — approval to have a child beyond the number the policy allows. */
export const RebirthApproval = z
  .object({
    id: z.string().describe("再生育审批标识 — approval id"),
    motherIdNumber: IdNumber.describe("母亲公民身份号码 — mother's ID number"),
    childOrder: z.number().int().min(2).max(15).describe("批准孩次 — child order approved"),
    approvedOn: IsoDate.describe("审批日期 — date approved"),
    regionCode: RegionCode.describe("审批地区划代码 — region code"),
    reason: z.string().describe("审批事由 — reason"),
  })
  .describe("再生育审批 — re-birth approval");
export type RebirthApproval = z.infer<typeof RebirthApproval>;

/** 人口基数 — year-end population figures of a region, the denominators of rate indicators. */
export const PopulationBase = z
  .object({
    regionCode: RegionCode.describe("区划代码 — region code"),
    year: z.number().int().describe("年份 — year"),
    residentPopulation: z.number().int().nonnegative().describe("年末常住人口 — year-end resident population"),
    registeredPopulation: z.number().int().nonnegative().describe("年末户籍人口 — year-end registered (hukou) population"),
  })
  .describe("人口基数 — year-end population base");
export type PopulationBase = z.infer<typeof PopulationBase>;
