// 计生特殊家庭 — the entities of the special-family archive (计生特殊家庭电子档案): the families
// (失独, 伤残), their members, and the help they get: contact persons, family-doctor contracts,
// the medical green channel, mental-health services, visits and services.
import { z } from "zod";
import { IsoDate } from "../common/date.js";
import { IdempotencyKey, LineFen } from "../common/primitives.js";
import { IdNumber } from "../person/id-number.js";
import { RegionCode } from "../region/region.js";

export const SpecialFamilyKind = z.enum(["BEREAVED", "DISABLED"]).describe("特殊家庭类型（失独/伤残） — special family kind");
export type SpecialFamilyKind = z.infer<typeof SpecialFamilyKind>;

export const SpecialFamilyNeed = z
  .enum(["ELDERLY_CARE", "MEDICAL_CARE", "MENTAL_HEALTH", "FINANCIAL", "DAILY_LIVING", "LEGAL"])
  .describe("帮扶需求（养老/医疗/心理/经济/生活照料/法律） — need");
export type SpecialFamilyNeed = z.infer<typeof SpecialFamilyNeed>;

/** 计生特殊家庭 — a family whose only child died (失独) or is disabled (伤残). */
export const SpecialFamily = z
  .object({
    id: z.string().min(1),
    kind: SpecialFamilyKind,
    regionCode: RegionCode.describe("户籍地区划代码（村/社区） — region (village)"),
    registeredOn: IsoDate.describe("建档日期 — archived on"),
    closedOn: IsoDate.nullable().describe("销档日期 — archive closed on"),
    childDeceasedOn: IsoDate.nullable().describe("子女死亡日期（失独） — the child's date of death"),
    childDisabilityGrade: z.number().int().min(1).max(4).nullable().describe("子女残疾等级（伤残） — the child's disability grade"),
    needs: z.array(SpecialFamilyNeed),
  })
  .describe("计生特殊家庭 — special family");
export type SpecialFamily = z.infer<typeof SpecialFamily>;

export const MemberRole = z.enum(["MOTHER", "FATHER"]).describe("成员身份（母亲/父亲） — member role");
export type MemberRole = z.infer<typeof MemberRole>;

/** 家庭成员 — a parent of a special family. */
export const SpecialFamilyMember = z
  .object({
    id: z.string().min(1),
    familyId: z.string().min(1),
    personId: z.string().nullable(),
    idNumber: IdNumber,
    name: z.string().min(1).max(50),
    role: MemberRole,
    birthDate: IsoDate,
    phone: z.string().nullable(),
  })
  .describe("家庭成员 — member");
export type SpecialFamilyMember = z.infer<typeof SpecialFamilyMember>;

export const ContactRole = z
  .enum(["VILLAGE_CADRE", "FAMILY_PLANNING_WORKER", "VOLUNTEER", "MEDICAL_WORKER"])
  .describe("联系人身份（村干部/计生专干/志愿者/医务人员） — contact person's role");
export type ContactRole = z.infer<typeof ContactRole>;

/** 联系人 — a person assigned to keep in touch with a family (双岗联系人). */
export const ContactPerson = z
  .object({
    id: z.string().min(1),
    familyId: z.string().min(1),
    name: z.string().min(1).max(50),
    phone: z.string().min(5).max(20),
    role: ContactRole,
    assignedOn: IsoDate,
    endedOn: IsoDate.nullable().describe("最后在岗日（含） — last day in post, inclusive; null while in post"),
  })
  .describe("联系人 — contact person");
export type ContactPerson = z.infer<typeof ContactPerson>;

/** 家庭医生签约 — a family-doctor contract of a member. */
export const FamilyDoctorContract = z
  .object({
    id: z.string().min(1),
    familyId: z.string().min(1),
    memberId: z.string().min(1),
    doctorName: z.string().min(1).max(50),
    institution: z.string().min(1).max(100),
    signedOn: IsoDate,
    validUntil: IsoDate.describe("有效期至（含） — last day in force, inclusive"),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .refine((c) => c.validUntil >= c.signedOn, { path: ["validUntil"], message: "validUntil must not be before signedOn" })
  .describe("家庭医生签约 — family-doctor contract");
export type FamilyDoctorContract = z.infer<typeof FamilyDoctorContract>;

/** 就医绿色通道 — priority access at a medical institution. */
export const GreenChannel = z
  .object({ id: z.string().min(1), familyId: z.string().min(1), institution: z.string().min(1).max(100), since: IsoDate, until: IsoDate.nullable().describe("最后有效日（含） — last day open, inclusive") })
  .describe("就医绿色通道 — medical green channel");
export type GreenChannel = z.infer<typeof GreenChannel>;

/** 心理健康服务 — a mental-health service arrangement. */
export const MentalHealthService = z
  .object({ id: z.string().min(1), familyId: z.string().min(1), provider: z.string().min(1).max(100), startedOn: IsoDate, endedOn: IsoDate.nullable().describe("最后服务日（含） — last day of service, inclusive") })
  .describe("心理健康服务 — mental-health service");
export type MentalHealthService = z.infer<typeof MentalHealthService>;

export const Holiday = z
  .enum(["SPRING_FESTIVAL", "MID_AUTUMN", "DOUBLE_NINTH"])
  .describe("重大节日（春节/中秋/重阳） — major holiday");
export type Holiday = z.infer<typeof Holiday>;

export const VisitKind = z.enum(["HOLIDAY", "ROUTINE"]).describe("走访类型（节日慰问/日常走访） — visit kind");
export type VisitKind = z.infer<typeof VisitKind>;

/** 走访慰问 — a visit to a family. */
export const Visit = z
  .object({
    id: z.string().min(1),
    familyId: z.string().min(1),
    visitedOn: IsoDate,
    visitor: z.string().min(1).max(50),
    kind: VisitKind,
    /** The holiday whose window the visit falls in, if any (set from the date, not by the visitor). */
    holiday: Holiday.nullable(),
    giftFen: LineFen.nullable().describe("慰问金（分） — gift money in fen"),
    notes: z.string().max(500).nullable(),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .describe("走访慰问 — visit");
export type Visit = z.infer<typeof Visit>;

export const FamilyServiceKind = z
  .enum(["ONE_KEY_CALL", "HOME_VISIT", "MEDICAL_ESCORT", "HOSPITAL_CARE_SUBSIDY", "ANNUAL_CHECKUP", "WARM_HEART"])
  .describe("帮扶服务（一键通/居家探访/就医陪护/住院护工补贴/年度体检/暖心行动） — service kind");
export type FamilyServiceKind = z.infer<typeof FamilyServiceKind>;

/** 帮扶服务 — a service delivered to a family. */
export const FamilyService = z
  .object({
    id: z.string().min(1),
    familyId: z.string().min(1),
    kind: FamilyServiceKind,
    servedOn: IsoDate,
    amountFen: LineFen.nullable().describe("金额（分；补贴类） — amount in fen (subsidies)"),
  })
  .describe("帮扶服务 — family service");
export type FamilyService = z.infer<typeof FamilyService>;
