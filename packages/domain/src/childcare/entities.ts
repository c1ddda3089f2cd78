// 托育 — the entities of the childcare filing system (托育机构备案信息系统): institutions and their
// premises, 普惠 recognition, filings (备案), classes and places (托位), monthly enrolment,
// staff, inspections, safety incidents and designations. Sources: DOMAIN-FACTS §1.
import { z } from "zod";
import { IsoDate } from "../common/date.js";
import { IdempotencyKey } from "../common/primitives.js";
import { IdNumber } from "../person/id-number.js";
import { RegionCode } from "../region/region.js";

/** 托育服务形式 — the forms of provision the policies name (家庭托育点办法; 发改价格〔2024〕1477号). */
export const InstitutionKind = z
  .enum(["CHILDCARE_INSTITUTION", "HOME_CHILDCARE_POINT", "KINDERGARTEN_CLASS", "EMPLOYER_CHILDCARE", "COMMUNITY_CHILDCARE", "COMPREHENSIVE_CENTRE"])
  .describe("托育服务形式（托育机构/家庭托育点/幼儿园托班/用人单位办托/社区托育点/托育综合服务中心） — kind of provision");
export type InstitutionKind = z.infer<typeof InstitutionKind>;

/** 举办性质 — who runs it and who pays. */
export const Ownership = z
  .enum(["PUBLIC", "PRIVATE", "PUBLIC_PRIVATELY_RUN", "PRIVATE_PUBLICLY_AIDED"])
  .describe("举办性质（公办/民办/公办民营/民办公助） — ownership");
export type Ownership = z.infer<typeof Ownership>;

/** 法人类型 — decides who registers it before it files (备案办法 第四条). */
export const LegalForm = z
  .enum(["PUBLIC_INSTITUTION", "SOCIAL_SERVICE_ORGANISATION", "FOR_PROFIT"])
  .describe("法人类型（事业单位/社会服务机构/营利性） — legal form");
export type LegalForm = z.infer<typeof LegalForm>;

/** 服务类型 (备案办法 第二条). */
export const ServiceType = z.enum(["FULL_DAY", "HALF_DAY", "HOURLY", "TEMPORARY"]).describe("服务类型（全日托/半日托/计时托/临时托） — service type");
export type ServiceType = z.infer<typeof ServiceType>;

/** 场地 — the premises: own (no lease) or leased from one day to another; floors below ground are negative. */
export const Premises = z
  .object({
    usableAreaM2: z.number().positive().describe("使用面积（平方米） — usable area in m²"),
    lowestChildFloor: z.number().int().describe("婴幼儿用房最低楼层（地下为负） — lowest floor of the children's rooms; below ground is negative"),
    highestChildFloor: z.number().int().describe("婴幼儿用房最高楼层 — highest floor of the children's rooms"),
    leaseStartsOn: IsoDate.nullable().describe("租赁起始日（自有为空） — lease start; null when owned"),
    leaseEndsOn: IsoDate.nullable().describe("租赁到期日（自有为空） — lease end; null when owned"),
  })
  .refine((p) => (p.leaseStartsOn === null) === (p.leaseEndsOn === null), { path: ["leaseEndsOn"], message: "a lease has both a start and an end" })
  .describe("场地 — premises");
export type Premises = z.infer<typeof Premises>;

/** 托育机构 — an institution (or home point, kindergarten class, ...) as the filing system holds it. */
export const ChildcareInstitution = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1).max(100).describe("名称 — name"),
    kind: InstitutionKind,
    ownership: Ownership,
    legalForm: LegalForm,
    serviceTypes: z.array(ServiceType).min(1).describe("服务类型 — service types"),
    regionCode: RegionCode.describe("所在区划（可至村/社区） — region, down to the village"),
    premises: Premises,
    /** The app operating it (a vendor principal's operator id), when one does. */
    operatorId: z.string().nullable().describe("运营方（第三方管理系统） — the operator whose app manages it"),
    openedOn: IsoDate.describe("开业日期 — opened on"),
    closedOn: IsoDate.nullable().describe("停业日期 — closed on (first day closed)"),
  })
  .describe("托育机构 — childcare institution");
export type ChildcareInstitution = z.infer<typeof ChildcareInstitution>;

/** 普惠认定依据 (1477号 一): every 公办 one, a 社会办普惠 one, or a kindergarten's 托班. */
export const InclusiveBasis = z
  .enum(["PUBLIC", "SOCIAL_INCLUSIVE", "KINDERGARTEN_CLASS"])
  .describe("普惠认定依据（公办/社会办普惠/幼儿园托班） — basis of the 普惠 recognition");
export type InclusiveBasis = z.infer<typeof InclusiveBasis>;

/** 普惠认定 — recognised and published by the county (or higher) health commission, with the fee list. */
export const InclusiveRecognition = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    basis: InclusiveBasis,
    recognisedBy: RegionCode.describe("认定部门所在区划 — the region whose health commission recognised it"),
    recognisedOn: IsoDate,
    withdrawnOn: IsoDate.nullable().describe("撤销日期 — withdrawn on"),
    /** 目录清单 — the published fee items (保育费, 伙食费, ...), monthly fen. */
    feeList: z.array(z.object({ item: z.string().min(1), monthlyFen: z.number().int().min(0) })).describe("收费目录清单 — the published fee list"),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .describe("普惠认定 — 普惠 recognition");
export type InclusiveRecognition = z.infer<typeof InclusiveRecognition>;

/** 备案类型 — first filing, a change after 变更登记, or the report of a 注销. */
export const FilingKind = z.enum(["INITIAL", "CHANGE", "CANCELLATION"]).describe("备案类型（首次备案/变更/注销） — filing kind");
export type FilingKind = z.infer<typeof FilingKind>;

/** 备案材料 (备案办法 第八条): the attachments a filing carries. */
export const FilingAttachment = z
  .enum(["LEGAL_REGISTRATION", "PREMISES_PROOF", "STAFF_QUALIFICATIONS", "HEALTH_EVALUATION", "FIRE_SAFETY", "FOOD_LICENCE"])
  .describe("备案材料（登记证书/场地证明/人员资格与健康证明/卫生评价报告/消防合格证明/食品经营许可证） — filing attachment");
export type FilingAttachment = z.infer<typeof FilingAttachment>;

/** 备案 — a filing with the county health commission: submitted, recorded (回执), or noticed as non-compliant. */
export const Filing = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    kind: FilingKind,
    submittedOn: IsoDate,
    attachments: z.array(FilingAttachment),
    recordedOn: IsoDate.nullable().describe("备案日期（回执） — recorded on (receipt)"),
    receiptNumber: z.string().nullable().describe("回执编号 — receipt number"),
    nonComplianceNoticeOn: IsoDate.nullable().describe("不符合告知日期 — notified as non-compliant on"),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .describe("备案 — filing");
export type Filing = z.infer<typeof Filing>;

/** 班型 (设置标准 第19条). */
export const ClassType = z.enum(["INFANT", "TODDLER", "PRESCHOOL", "MIXED"]).describe("班型（乳儿班/托小班/托大班/混合编班） — class type");
export type ClassType = z.infer<typeof ClassType>;

/** 班级 — a class and its places (托位), of which some are 普惠. */
export const ChildcareClass = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    type: ClassType,
    places: z.number().int().min(1).describe("托位 — places"),
    inclusivePlaces: z.number().int().min(0).describe("其中普惠托位 — of which 普惠"),
    openedOn: IsoDate,
    closedOn: IsoDate.nullable(),
  })
  .refine((c) => c.inclusivePlaces <= c.places, { path: ["inclusivePlaces"], message: "普惠托位不能多于托位 — more 普惠 places than places" })
  .describe("班级 — class");
export type ChildcareClass = z.infer<typeof ChildcareClass>;

/** 在托 — a child enrolled in a class in a month, as the institution reports it each month. */
export const Enrolment = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    classId: z.string().min(1),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).describe("月份 — month, YYYY-MM"),
    childIdNumber: IdNumber.describe("婴幼儿身份证号码 — the child's ID number"),
    childPersonId: z.string().nullable().describe("全员人口库标识（已关联时） — the registry person, when linked"),
    ageMonths: z.number().int().min(0).describe("月龄（月末） — age in months at the month's end"),
  })
  .describe("在托婴幼儿 — enrolment");
export type Enrolment = z.infer<typeof Enrolment>;

/** 从业人员岗位 (设置标准 第18条; WS/T 821). */
export const StaffRole = z
  .enum(["HEAD", "CAREGIVER", "HEALTH_WORKER", "SECURITY_GUARD", "COOK"])
  .describe("岗位（负责人/保育人员/保健人员/保安人员/炊事人员） — staff role");
export type StaffRole = z.infer<typeof StaffRole>;

export const StaffMember = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    classId: z.string().nullable().describe("所在班级（保育人员） — the class a caregiver works in"),
    role: StaffRole,
    name: z.string().min(1).max(50),
    fullTime: z.boolean().describe("专职 — full time"),
    qualifications: z.array(z.string()).describe("资格证书 — qualifications"),
    healthCertificateUntil: IsoDate.nullable().describe("健康证明有效期至 — health certificate valid until"),
    backgroundCheckedOn: IsoDate.nullable().describe("无犯罪记录证明日期 — background check on"),
    startedOn: IsoDate,
    leftOn: IsoDate.nullable(),
  })
  .describe("从业人员 — staff member");
export type StaffMember = z.infer<typeof StaffMember>;

/** 检查发现 — a finding coded to the article it applies. */
export const InspectionFinding = z.object({
  article: z.string().min(1).describe("条款（如 设置标准 第19条） — the article"),
  description: z.string().min(1).max(500),
  resolved: z.boolean(),
});

export const Inspection = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    inspectedOn: IsoDate,
    inspector: z.string().min(1).max(50),
    findings: z.array(InspectionFinding),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .describe("监督检查 — inspection");
export type Inspection = z.infer<typeof Inspection>;

/** 安全事件类型 (管理规范 第31条). */
export const IncidentKind = z
  .enum(["NATURAL_DISASTER", "INFECTIOUS_DISEASE", "FOOD_POISONING", "STAMPEDE", "FIRE", "VIOLENCE", "INJURY", "OTHER"])
  .describe("安全事件类型（自然灾害/传染病/食物中毒/踩踏/火灾/暴力/意外伤害/其他） — incident kind");
export type IncidentKind = z.infer<typeof IncidentKind>;

export const IncidentSeverity = z.enum(["MINOR", "SERIOUS", "MAJOR"]).describe("严重程度（一般/较重/重大） — severity");

export const SafetyIncident = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    occurredOn: IsoDate,
    kind: IncidentKind,
    severity: IncidentSeverity,
    /** 重大安全事故 — what the 生育友好 rubric counts ("近三年无重大安全事故"). */
    major: z.boolean(),
    description: z.string().min(1).max(500),
    idempotencyKey: IdempotencyKey.nullable(),
  })
  .describe("安全事件 — safety incident");
export type SafetyIncident = z.infer<typeof SafetyIncident>;

/** 示范与试点 — designations the work plans set targets for. */
export const DesignationKind = z
  .enum(["DEMONSTRATION_POINT", "CITY_PILOT", "GUIDANCE_CENTRE", "COMMUNITY_PARENT_CHILD_CENTRE"])
  .describe("称号（示范点/市级试点/婴幼儿照护服务指导中心/社区亲子活动中心） — designation");
export type DesignationKind = z.infer<typeof DesignationKind>;

export const Designation = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    kind: DesignationKind,
    designatedBy: RegionCode,
    designatedOn: IsoDate,
  })
  .describe("称号 — designation");
export type Designation = z.infer<typeof Designation>;

/** 在托月报 — an institution's report of the children in its classes in one month; a later report of the month replaces it. */
export const EnrolmentReport = z
  .object({
    id: z.string().min(1),
    institutionId: z.string().min(1),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).describe("月份 — month, YYYY-MM"),
    children: z.number().int().min(0).describe("在托人数 — children reported"),
    idempotencyKey: IdempotencyKey,
  })
  .describe("在托月报 — monthly enrolment report");
export type EnrolmentReport = z.infer<typeof EnrolmentReport>;

/** 班级月度情况 — a class in a month as the ratio rules judge it: its children's ages and its caregivers. */
export const ClassLoad = z
  .object({
    classId: z.string().min(1),
    institutionId: z.string().min(1),
    regionCode: RegionCode,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    type: ClassType,
    places: z.number().int().min(1),
    childAgesInMonths: z.array(z.number().int().min(0)).describe("在托婴幼儿月龄 — the enrolled children's ages in months"),
    caregivers: z.number().int().min(0).describe("在岗保育人员数 — caregivers working in the class that month"),
  })
  .describe("班级月度情况 — a class in a month");
export type ClassLoad = z.infer<typeof ClassLoad>;
