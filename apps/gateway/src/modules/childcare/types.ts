// 托育 in the graph: institutions with their premises, filings, 普惠 recognitions, classes,
// staff, inspections, incidents and designations; each record reached through the childcare
// system's loaders, batched by institution.
import {
  checkClass,
  checkPremises,
  ClassType,
  DesignationKind,
  FilingAttachment,
  FilingKind,
  filingState,
  IncidentKind,
  IncidentSeverity,
  InclusiveBasis,
  InstitutionKind,
  LegalForm,
  Ownership,
  ServiceType,
  StaffRole,
  type ChildcareClass,
  type ChildcareInstitution,
  type ClassLoad,
  type Designation,
  type Enrolment,
  type Filing,
  type InclusiveRecognition,
  type Inspection,
  type Premises,
  type SafetyIncident,
  type StaffMember,
} from "@popfam/domain";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { MonthArg } from "../../kit/args.js";
import { enumFrom } from "../../kit/enums.js";
import { freeText, personalData } from "../../kit/personal-data.js";
import { guardedRecord } from "../../kit/records.js";
import { RuleReasonRef } from "../../kit/rule-reasons.js";
import { PersonRef } from "../population/person.js";
import { RegionRef, regionByCode } from "../region/region.js";

export const InstitutionKindEnum = enumFrom("ChildcareInstitutionKind", InstitutionKind, "托育服务形式 — kind of provision", {
  CHILDCARE_INSTITUTION: "托育机构 — childcare institution",
  HOME_CHILDCARE_POINT: "家庭托育点 — home childcare point (at most 5 children)",
  KINDERGARTEN_CLASS: "幼儿园托班 — a kindergarten's 托班",
  EMPLOYER_CHILDCARE: "用人单位办托 — employer-run childcare",
  COMMUNITY_CHILDCARE: "社区托育点 — community childcare point",
  COMPREHENSIVE_CENTRE: "托育综合服务中心 — comprehensive childcare service centre",
});
export const OwnershipEnum = enumFrom("ChildcareOwnership", Ownership, "举办性质 — ownership", {
  PUBLIC: "公办 — public",
  PRIVATE: "民办 — private",
  PUBLIC_PRIVATELY_RUN: "公办民营 — public, privately run",
  PRIVATE_PUBLICLY_AIDED: "民办公助 — private, publicly aided",
});
export const LegalFormEnum = enumFrom("ChildcareLegalForm", LegalForm, "法人类型 — legal form", {
  PUBLIC_INSTITUTION: "事业单位 — public institution",
  SOCIAL_SERVICE_ORGANISATION: "社会服务机构 — social service organisation",
  FOR_PROFIT: "营利性 — for profit",
});
export const ServiceTypeEnum = enumFrom("ChildcareServiceType", ServiceType, "服务类型 — service type", {
  FULL_DAY: "全日托 — full day",
  HALF_DAY: "半日托 — half day",
  HOURLY: "计时托 — hourly",
  TEMPORARY: "临时托 — temporary",
});
export const FilingAttachmentEnum = enumFrom("ChildcareFilingAttachment", FilingAttachment, "备案材料 — filing attachment", {
  LEGAL_REGISTRATION: "登记证书 — legal registration",
  PREMISES_PROOF: "场地证明 — proof of premises",
  STAFF_QUALIFICATIONS: "人员资格与健康证明 — staff qualifications and health certificates",
  HEALTH_EVALUATION: "卫生评价报告 — health evaluation report",
  FIRE_SAFETY: "消防合格证明 — fire safety certificate",
  FOOD_LICENCE: "食品经营许可证 — food licence",
});
const FilingKindEnum = enumFrom("ChildcareFilingKind", FilingKind, "备案类型 — filing kind", {
  INITIAL: "首次备案 — first filing",
  CHANGE: "变更备案 — change",
  CANCELLATION: "注销备案 — cancellation",
});
const FilingStateEnum = builder.enumType("ChildcareFilingState", {
  description: "备案状态 — where a filing stands",
  values: {
    RECORDED: { description: "已备案（已出具回执） — recorded (receipt issued)" },
    NOT_COMPLIANT: { description: "已告知不符合 — notified as non-compliant" },
    PENDING: { description: "待备案（未超时限） — pending, within the deadline" },
    OVERDUE: { description: "超时未处理 — pending past the 5 working days" },
  } as const,
});
export const InclusiveBasisEnum = enumFrom("InclusiveBasis", InclusiveBasis, "普惠认定依据 — basis of the 普惠 recognition", {
  PUBLIC: "公办 — public",
  SOCIAL_INCLUSIVE: "社会办普惠 — socially run, 普惠",
  KINDERGARTEN_CLASS: "幼儿园托班 — kindergarten 托班",
});
const ClassTypeEnum = enumFrom("ChildcareClassType", ClassType, "班型 — class type", {
  INFANT: "乳儿班（6–12个月，≤10人，1:3） — infants",
  TODDLER: "托小班（12–24个月，≤15人，1:5） — toddlers",
  PRESCHOOL: "托大班（24–36个月，≤20人，1:7） — pre-school",
  MIXED: "混合编班（18个月以上，≤18人） — mixed",
});
const StaffRoleEnum = enumFrom("ChildcareStaffRole", StaffRole, "岗位 — staff role", {
  HEAD: "负责人 — head",
  CAREGIVER: "保育人员 — caregiver",
  HEALTH_WORKER: "保健人员 — health worker",
  SECURITY_GUARD: "保安人员 — security guard",
  COOK: "炊事人员 — cook",
});
export const IncidentKindEnum = enumFrom("ChildcareIncidentKind", IncidentKind, "安全事件类型 — incident kind", {
  NATURAL_DISASTER: "自然灾害 — natural disaster",
  INFECTIOUS_DISEASE: "传染病 — infectious disease",
  FOOD_POISONING: "食物中毒 — food poisoning",
  STAMPEDE: "踩踏 — stampede",
  FIRE: "火灾 — fire",
  VIOLENCE: "暴力 — violence",
  INJURY: "意外伤害 — injury",
  OTHER: "其他 — other",
});
export const IncidentSeverityEnum = enumFrom("ChildcareIncidentSeverity", IncidentSeverity, "严重程度 — severity", {
  MINOR: "一般 — minor",
  SERIOUS: "较重 — serious",
  MAJOR: "重大 — major",
});
const DesignationKindEnum = enumFrom("ChildcareDesignationKind", DesignationKind, "称号 — designation", {
  DEMONSTRATION_POINT: "婴幼儿照护服务示范点 — demonstration point",
  CITY_PILOT: "市级托育机构试点 — city-level pilot",
  GUIDANCE_CENTRE: "婴幼儿照护服务指导中心 — guidance centre",
  COMMUNITY_PARENT_CHILD_CENTRE: "社区亲子活动中心 — community parent-child centre",
});


const PremisesRef = builder.objectRef<Premises>("ChildcarePremises").implement({
  description: "场地 — premises",
  fields: (t) => ({
    usableAreaM2: t.exposeFloat("usableAreaM2", { description: "使用面积（平方米） — usable area in m²" }),
    lowestChildFloor: t.exposeInt("lowestChildFloor", { description: "婴幼儿用房最低楼层（地下为负） — lowest floor of the children's rooms" }),
    highestChildFloor: t.exposeInt("highestChildFloor", { description: "婴幼儿用房最高楼层 — highest floor of the children's rooms" }),
    leaseStartsOn: t.expose("leaseStartsOn", { type: "Date", nullable: true, description: "租赁起始日（自有为空） — lease start; null when owned" }),
    leaseEndsOn: t.expose("leaseEndsOn", { type: "Date", nullable: true, description: "租赁到期日 — lease end" }),
    checks: t.field({ type: [RuleReasonRef], resolve: (p) => checkPremises(p), description: "场地规则（租期≥3年；婴幼儿用房在3层及以下、不在地下） — the premises rules" }),
  }),
});

export const FilingRef = builder.objectRef<Filing>("ChildcareFiling").implement({
  description: "备案 — a filing with the county health commission",
  fields: (t) => ({
    id: t.exposeString("id", { description: "备案标识 — filing id" }),
    kind: t.expose("kind", { type: FilingKindEnum, description: "类型 — kind" }),
    submittedOn: t.expose("submittedOn", { type: "Date", description: "提交日期 — submitted on" }),
    attachments: t.expose("attachments", { type: [FilingAttachmentEnum], description: "材料 — attachments" }),
    recordedOn: t.expose("recordedOn", { type: "Date", nullable: true, description: "备案日期（回执） — recorded on" }),
    receiptNumber: t.exposeString("receiptNumber", { nullable: true, description: "回执编号 — receipt number" }),
    nonComplianceNoticeOn: t.expose("nonComplianceNoticeOn", { type: "Date", nullable: true, description: "不符合告知日期 — notified as non-compliant on" }),
    state: t.field({ type: FilingStateEnum, resolve: (f, _a, c) => filingState(f, c.clock()).state, description: "状态（今日） — where it stands today" }),
    deadlines: t.field({
      type: [RuleReasonRef],
      resolve: (f, _a, c) => filingState(f, c.clock()).reasons,
      description: "时限（5个工作日备案、15个工作日告知） — whether the commission kept its deadlines",
    }),
  }),
});

const FeeRef = builder.objectRef<{ item: string; monthlyFen: number }>("ChildcareFee").implement({
  description: "收费项目 — a published fee item",
  fields: (t) => ({
    item: t.exposeString("item", { description: "项目 — item" }),
    monthlyFen: t.exposeInt("monthlyFen", { description: "每月收费（分） — monthly fee in fen" }),
  }),
});

export const RecognitionRef = builder.objectRef<InclusiveRecognition>("InclusiveRecognition").implement({
  description: "普惠认定 — recognition as 普惠 by a county or higher health commission",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    basis: t.expose("basis", { type: InclusiveBasisEnum, description: "依据 — basis" }),
    recognisedBy: t.field({ type: RegionRef, nullable: true, resolve: (r, _a, c) => regionByCode(c, r.recognisedBy), description: "认定部门所在区划 — recognised by" }),
    recognisedOn: t.expose("recognisedOn", { type: "Date", description: "认定日期 — recognised on" }),
    withdrawnOn: t.expose("withdrawnOn", { type: "Date", nullable: true, description: "撤销日期 — withdrawn on" }),
    feeList: t.expose("feeList", { type: [FeeRef], description: "收费目录清单 — the published fee list" }),
  }),
});

/** A class in a month as the ratio rules judge it. */
export interface ClassCheck {
  /** The class's id: a check is named by its class. */
  id: string;
  load: ClassLoad;
}

export const ClassRef = builder.objectRef<ChildcareClass>("ChildcareClass");

export const ClassCheckRef = builder.objectRef<ClassCheck>("ChildcareClassCheck").implement({
  description: "班级月度核查 — a class in a month against the class standards (size, ages, 保育人员 ratio)",
  fields: (t) => ({
    class: t.field({
      type: ClassRef,
      nullable: true,
      description: "班级 — the class",
      resolve: async (c, _a, context) => (await context.loaders.childcare.classesByInstitutions.load(c.load.institutionId)).find((k) => k.id === c.id) ?? null,
    }),
    institution: t.field({ type: InstitutionRef, nullable: true, resolve: (c, _a, context) => context.loaders.childcare.institutionsByIds.load(c.load.institutionId), description: "机构 — institution" }),
    month: t.string({ resolve: (c) => c.load.month, description: "月份 — month" }),
    children: t.int({ resolve: (c) => c.load.childAgesInMonths.length, description: "在托人数 — children enrolled" }),
    caregivers: t.int({ resolve: (c) => c.load.caregivers, description: "在岗保育人员 — caregivers" }),
    compliant: t.boolean({ resolve: (c) => judge(c.load).every((r) => r.met), description: "是否全部符合 — whether every rule is met" }),
    reasons: t.field({ type: [RuleReasonRef], resolve: (c) => judge(c.load), description: "各项规则 — each rule" }),
  }),
});

export function judge(load: ClassLoad) {
  return checkClass(load, load.childAgesInMonths, load.caregivers);
}

const EnrolmentRef = builder.objectRef<Enrolment>("ChildcareEnrolment").implement({
  description: "在托婴幼儿 — a child in a class in a month",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    month: t.exposeString("month", { description: "月份 — month" }),
    ageMonths: t.exposeInt("ageMonths", { description: "月龄（月末） — age in months at the month's end" }),
    childIdNumber: t.string({
      description: "婴幼儿身份证号码（脱敏；pii:read 且说明理由时可见） — the child's ID number, masked unless pii:read and a reason",
      resolve: (e, _a, context) => personalData(context, "idNumber", e.childIdNumber, { entityType: "ChildcareEnrolment", entityId: e.id, field: "childIdNumber" }),
    }),
    child: t.field({
      type: PersonRef,
      nullable: true,
      description: "全员人口库中的婴幼儿（已关联时） — the child in the population registry, when linked",
      resolve: (e, _a, context) => (e.childPersonId ? context.loaders.populationRegistry.personsByIds.load(e.childPersonId) : null),
    }),
  }),
});

builder.objectType(ClassRef, {
  description: "班级 — a class and its places (托位)",
  fields: (t) => ({
    id: t.exposeString("id", { description: "班级标识 — class id" }),
    type: t.expose("type", { type: ClassTypeEnum, description: "班型 — class type" }),
    places: t.exposeInt("places", { description: "托位 — places" }),
    inclusivePlaces: t.exposeInt("inclusivePlaces", { description: "其中普惠托位 — of which 普惠" }),
    openedOn: t.expose("openedOn", { type: "Date", description: "开班日期 — opened on" }),
    closedOn: t.expose("closedOn", { type: "Date", nullable: true, description: "停班日期 — closed on" }),
    enrolments: t.field({
      type: [EnrolmentRef],
      description: "某月在托婴幼儿 — the children in the class in a month",
      args: { month: t.arg.string({ required: true, validate: MonthArg, description: "月份 YYYY-MM — month" }) },
      resolve: (c, { month }, context) => context.loaders.childcare.enrolmentsByClassMonths.load({ classId: c.id, month }),
    }),
  }),
});

const StaffRef = builder.objectRef<StaffMember>("ChildcareStaffMember").implement({
  description: "从业人员 — a staff member",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    role: t.expose("role", { type: StaffRoleEnum, description: "岗位 — role" }),
    name: t.string({
      description: "姓名（脱敏） — name, masked unless pii:read and a reason",
      resolve: (s, _a, context) => personalData(context, "name", s.name, { entityType: "ChildcareStaffMember", entityId: s.id, field: "name" }),
    }),
    classId: t.exposeString("classId", { nullable: true, description: "所在班级 — the class a caregiver works in" }),
    fullTime: t.exposeBoolean("fullTime", { description: "专职 — full time" }),
    qualifications: t.exposeStringList("qualifications", { description: "资格证书 — qualifications" }),
    healthCertificateUntil: t.expose("healthCertificateUntil", { type: "Date", nullable: true, description: "健康证明有效期至 — health certificate valid until" }),
    backgroundCheckedOn: t.expose("backgroundCheckedOn", { type: "Date", nullable: true, description: "无犯罪记录证明日期 — background check on" }),
    startedOn: t.expose("startedOn", { type: "Date", description: "入职日期 — started on" }),
    leftOn: t.expose("leftOn", { type: "Date", nullable: true, description: "离职日期 — left on" }),
  }),
});

const FindingRef = builder.objectRef<Inspection["findings"][number]>("ChildcareInspectionFinding").implement({
  description: "检查发现 — a finding, coded to the article it applies",
  fields: (t) => ({
    article: t.exposeString("article", { description: "条款 — article" }),
    description: t.exposeString("description", { description: "情况 — description" }),
    resolved: t.exposeBoolean("resolved", { description: "已整改 — resolved" }),
  }),
});

export const InspectionRef = builder.objectRef<Inspection>("ChildcareInspection").implement({
  description: "监督检查 — an inspection",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    inspectedOn: t.expose("inspectedOn", { type: "Date", description: "检查日期 — inspected on" }),
    inspector: t.string({ resolve: (i, _a, c) => freeText(c, i.inspector, { entityType: "ChildcareInspection", entityId: i.id, field: "inspector" }), description: "检查人 — inspector" }),
    findings: t.expose("findings", { type: [FindingRef], description: "发现 — findings" }),
  }),
});

export const IncidentRef = builder.objectRef<SafetyIncident>("ChildcareIncident").implement({
  description: "安全事件 — a safety incident",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    occurredOn: t.expose("occurredOn", { type: "Date", description: "发生日期 — occurred on" }),
    kind: t.expose("kind", { type: IncidentKindEnum, description: "类型 — kind" }),
    severity: t.expose("severity", { type: IncidentSeverityEnum, description: "严重程度 — severity" }),
    major: t.exposeBoolean("major", { description: "重大安全事故 — a major incident" }),
    description: t.string({ resolve: (i, _a, c) => freeText(c, i.description, { entityType: "ChildcareIncident", entityId: i.id, field: "description" }), description: "经过 — description" }),
    institution: t.field({ type: InstitutionRef, nullable: true, resolve: (i, _a, c) => c.loaders.childcare.institutionsByIds.load(i.institutionId), description: "机构 — institution" }),
  }),
});

const DesignationRef = builder.objectRef<Designation>("ChildcareDesignation").implement({
  description: "称号 — a designation",
  fields: (t) => ({
    kind: t.expose("kind", { type: DesignationKindEnum, description: "称号 — kind" }),
    designatedBy: t.field({ type: RegionRef, nullable: true, resolve: (d, _a, c) => regionByCode(c, d.designatedBy), description: "命名部门所在区划 — designated by" }),
    designatedOn: t.expose("designatedOn", { type: "Date", description: "命名日期 — designated on" }),
  }),
});

/** Whether the institution's first filing was recorded by the day. */
export async function filedBy(context: Context, institutionId: string, day: string): Promise<boolean> {
  const filings = await context.loaders.childcare.filingsByInstitutions.load(institutionId);
  return filings.some((f) => f.kind === "INITIAL" && f.recordedOn !== null && f.recordedOn <= day);
}

export const InstitutionRef = builder.objectRef<ChildcareInstitution>("ChildcareInstitution");

builder.node(InstitutionRef, {
  description: "托育机构 — a childcare institution (or home point, kindergarten 托班, ...) as filed",
  id: { resolve: (i) => i.id },
  ...guardedRecord<ChildcareInstitution>("ChildcareInstitution", (i) => i.regionCode, (context) => context.loaders.childcare.institutionsByIds),
  fields: (t) => ({
    name: t.exposeString("name", { description: "名称 — name" }),
    kind: t.expose("kind", { type: InstitutionKindEnum, description: "形式 — kind" }),
    ownership: t.expose("ownership", { type: OwnershipEnum, description: "举办性质 — ownership" }),
    legalForm: t.expose("legalForm", { type: LegalFormEnum, description: "法人类型 — legal form" }),
    serviceTypes: t.expose("serviceTypes", { type: [ServiceTypeEnum], description: "服务类型 — service types" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (i, _a, c) => regionByCode(c, i.regionCode), description: "所在区划 — region" }),
    premises: t.expose("premises", { type: PremisesRef, description: "场地 — premises" }),
    operatorId: t.exposeString("operatorId", { nullable: true, description: "运营方（管理系统） — the operator whose app manages it" }),
    openedOn: t.expose("openedOn", { type: "Date", description: "开业日期 — opened on" }),
    closedOn: t.expose("closedOn", { type: "Date", nullable: true, description: "停业日期 — closed on" }),
    filed: t.boolean({
      description: "某日是否已备案（首次备案已出具回执；缺省今日） — whether its first filing was recorded by a day (default today)",
      args: { on: t.arg({ type: "Date", required: false, description: "日期 — day" }) },
      resolve: (i, { on }, c) => filedBy(c, i.id, on ?? c.clock()),
    }),
    filings: t.field({ type: [FilingRef], resolve: (i, _a, c) => c.loaders.childcare.filingsByInstitutions.load(i.id), description: "备案记录 — filings" }),
    recognitions: t.field({ type: [RecognitionRef], resolve: (i, _a, c) => c.loaders.childcare.recognitionsByInstitutions.load(i.id), description: "普惠认定 — 普惠 recognitions" }),
    classes: t.field({ type: [ClassRef], resolve: (i, _a, c) => c.loaders.childcare.classesByInstitutions.load(i.id), description: "班级 — classes" }),
    places: t.int({
      description: "某日托位数（开放班级；缺省今日） — places of its classes open on a day (default today)",
      args: { on: t.arg({ type: "Date", required: false, description: "日期 — day" }) },
      resolve: async (i, { on }, c) => {
        const day = on ?? c.clock();
        return (await c.loaders.childcare.classesByInstitutions.load(i.id)).filter((k) => k.openedOn <= day && (k.closedOn === null || k.closedOn > day)).reduce((n, k) => n + k.places, 0);
      },
    }),
    staff: t.field({ type: [StaffRef], resolve: (i, _a, c) => c.loaders.childcare.staffByInstitutions.load(i.id), description: "从业人员 — staff" }),
    inspections: t.field({ type: [InspectionRef], resolve: (i, _a, c) => c.loaders.childcare.inspectionsByInstitutions.load(i.id), description: "监督检查 — inspections" }),
    incidents: t.field({ type: [IncidentRef], resolve: (i, _a, c) => c.loaders.childcare.incidentsByInstitutions.load(i.id), description: "安全事件 — safety incidents" }),
    designations: t.field({ type: [DesignationRef], resolve: (i, _a, c) => c.loaders.childcare.designationsByInstitutions.load(i.id), description: "示范与试点 — designations" }),
  }),
});
