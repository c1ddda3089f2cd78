// The childcare writes. A third-party management app (a vendor client bound to its operator)
// files its institutions and their changes, reports each month's enrolment and records safety
// incidents, for the institutions its operator runs only; county staff may do the same within
// their jurisdiction, and alone decide filings, record inspections and recognise 普惠. The rules of each write
// are the domain's, run by the filing system inside the transaction that writes.
import { IsoDate, Premises, type ChildcareInstitution, type EnrolmentReport } from "@popfam/domain";
import { SYSTEM_BY_CODE } from "@popfam/sources";
import { z } from "zod";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { gatewayError } from "../../errors.js";
import { DecodedId } from "../../kit/args.js";
import { authorizeWrite, requireScope, sendCommand, targetOfWrite } from "../../kit/writes.js";
import {
  FilingAttachmentEnum,
  FilingRef,
  IncidentKindEnum,
  IncidentRef,
  IncidentSeverityEnum,
  InclusiveBasisEnum,
  InspectionRef,
  InstitutionKindEnum,
  InstitutionRef,
  LegalFormEnum,
  OwnershipEnum,
  RecognitionRef,
  ServiceTypeEnum,
} from "./types.js";

const SCOPE = "childcare:write" as const;

// The commands as the filing system's contract declares them.
const {
  fileInstitutions: { key: FileInstitutionCommand },
  fileChanges: { key: FileChangeCommand },
  decideFilings: { key: DecideFilingCommand },
  reportEnrolments: { key: ReportEnrolmentCommand },
  recordIncidents: { key: RecordIncidentCommand },
  recordInspections: { key: RecordInspectionCommand },
  recogniseInclusive: { key: RecogniseInclusiveCommand },
} = SYSTEM_BY_CODE.CHILDCARE.contract;

/** Premises as the graph takes them: an owned one leaves the lease out. */
const PremisesArg = z.preprocess((p) => (p && typeof p === "object" ? { leaseStartsOn: null, leaseEndsOn: null, ...stripUndefined(p) } : p), Premises);
function stripUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null));
}
const toPremises = (p: { leaseStartsOn?: string | null; leaseEndsOn?: string | null } & Omit<Premises, "leaseStartsOn" | "leaseEndsOn">): Premises => ({
  ...p,
  leaseStartsOn: p.leaseStartsOn ?? null,
  leaseEndsOn: p.leaseEndsOn ?? null,
});

const PremisesInput = builder.inputType("ChildcarePremisesInput", {
  description: "场地 — premises",
  fields: (t) => ({
    usableAreaM2: t.float({ required: true, description: "使用面积（平方米） — usable area in m²" }),
    lowestChildFloor: t.int({ required: true, description: "婴幼儿用房最低楼层（地下为负） — lowest floor of the children's rooms; below ground is negative" }),
    highestChildFloor: t.int({ required: true, description: "婴幼儿用房最高楼层 — highest floor of the children's rooms" }),
    leaseStartsOn: t.field({ type: "Date", required: false, description: "租赁起始日（自有场地不填） — lease start; leave out for own premises" }),
    leaseEndsOn: t.field({ type: "Date", required: false, description: "租赁到期日 — lease end" }),
  }),
});

const FileInstitutionInput = builder.inputType("FileChildcareInstitutionInput", {
  description: "托育机构首次备案 — an institution to file",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键（8–128字符；重试用同一键） — idempotency key: retry with the same key" }),
    name: t.string({ required: true, description: "名称 — name" }),
    kind: t.field({ type: InstitutionKindEnum, required: true, description: "形式 — kind" }),
    ownership: t.field({ type: OwnershipEnum, required: true, description: "举办性质 — ownership" }),
    legalForm: t.field({ type: LegalFormEnum, required: true, description: "法人类型 — legal form" }),
    serviceTypes: t.field({ type: [ServiceTypeEnum], required: true, description: "服务类型 — service types" }),
    regionCode: t.string({ required: true, description: "所在区划（可至村/社区） — region code, down to the village" }),
    premises: t.field({ type: PremisesInput, required: true, description: "场地 — premises" }),
    operatorId: t.string({ required: false, description: "运营方（仅工作人员代填；第三方系统为其自身运营方） — operator, for staff filing on an operator's behalf; a vendor client files as its own operator" }),
    openedOn: t.field({ type: "Date", required: true, description: "开业日期 — opened on" }),
    submittedOn: t.field({ type: "Date", required: true, description: "备案提交日期 — submitted on" }),
    attachments: t.field({ type: [FilingAttachmentEnum], required: true, description: "备案材料 — attachments" }),
  }),
});

const FileChangeKindEnum = builder.enumType("ChildcareChangeKind", {
  description: "变更或注销 — a change or a cancellation",
  values: { CHANGE: { description: "变更备案 — change" }, CANCELLATION: { description: "注销备案 — cancellation" } } as const,
});

const FileChangeInput = builder.inputType("FileChildcareChangeInput", {
  description: "变更、注销备案 — a change or cancellation to file",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    kind: t.field({ type: FileChangeKindEnum, required: true, description: "变更或注销 — kind" }),
    submittedOn: t.field({ type: "Date", required: true, description: "提交日期 — submitted on" }),
    attachments: t.field({ type: [FilingAttachmentEnum], required: true, description: "材料 — attachments" }),
    name: t.string({ required: false, description: "新名称 — new name" }),
    serviceTypes: t.field({ type: [ServiceTypeEnum], required: false, description: "新服务类型 — new service types" }),
    premises: t.field({ type: PremisesInput, required: false, description: "新场地 — new premises" }),
    closedOn: t.field({ type: "Date", required: false, description: "停业日期（注销时必填） — closed on (a cancellation's)" }),
  }),
});

const FilingOutcomeEnum = builder.enumType("ChildcareFilingOutcome", {
  description: "备案结论 — the county's decision on a filing",
  values: {
    RECORDED: { description: "予以备案（出具回执） — recorded, with a receipt" },
    NOT_COMPLIANT: { description: "不符合要求（告知） — notified as not compliant" },
  } as const,
});

const DecideFilingInput = builder.inputType("DecideChildcareFilingInput", {
  description: "备案回执或不符合告知 — the county's decision on a filing",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    filingId: t.string({ required: true, description: "备案标识（ChildcareFiling.id） — the filing's id" }),
    outcome: t.field({ type: FilingOutcomeEnum, required: true, description: "结论 — outcome" }),
    decidedOn: t.field({ type: "Date", required: true, description: "回执或告知日期 — decided on" }),
    receiptNumber: t.string({ required: false, description: "回执编号（予以备案时） — receipt number, when recorded" }),
  }),
});

const ChildInput = builder.inputType("ChildcareEnrolledChildInput", {
  description: "在托婴幼儿 — a child in a class",
  fields: (t) => ({
    idNumber: t.string({ required: true, description: "婴幼儿身份证号码 — the child's ID number" }),
    classId: t.string({ required: true, description: "班级标识 — the class's id" }),
  }),
});

const ReportEnrolmentInput = builder.inputType("ReportChildcareEnrolmentInput", {
  description: "在托月报 — a month's enrolment report (replaces an earlier report of the month)",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    month: t.string({ required: true, description: "月份 YYYY-MM — month" }),
    children: t.field({ type: [ChildInput], required: true, description: "在托婴幼儿 — every child in a class in the month" }),
  }),
});

const RecordIncidentInput = builder.inputType("RecordChildcareIncidentInput", {
  description: "安全事件 — a safety incident to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    occurredOn: t.field({ type: "Date", required: true, description: "发生日期 — occurred on" }),
    kind: t.field({ type: IncidentKindEnum, required: true, description: "类型 — kind" }),
    severity: t.field({ type: IncidentSeverityEnum, required: true, description: "严重程度 — severity" }),
    major: t.boolean({ required: true, description: "重大安全事故 — a major incident" }),
    description: t.string({ required: true, description: "经过 — description" }),
  }),
});

const FindingInput = builder.inputType("ChildcareInspectionFindingInput", {
  description: "检查发现 — a finding",
  fields: (t) => ({
    article: t.string({ required: true, description: "条款（如 设置标准 第19条） — the article it applies" }),
    description: t.string({ required: true, description: "情况 — description" }),
    resolved: t.boolean({ required: true, description: "已整改 — resolved" }),
  }),
});

const RecordInspectionInput = builder.inputType("RecordChildcareInspectionInput", {
  description: "监督检查 — an inspection to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    inspectedOn: t.field({ type: "Date", required: true, description: "检查日期 — inspected on" }),
    inspector: t.string({ required: true, description: "检查人 — inspector" }),
    findings: t.field({ type: [FindingInput], required: true, description: "发现 — findings" }),
  }),
});

const FeeInput = builder.inputType("ChildcareFeeInput", {
  description: "收费项目 — a fee item",
  fields: (t) => ({
    item: t.string({ required: true, description: "项目 — item" }),
    monthlyFen: t.int({ required: true, description: "每月收费（分） — monthly fee in fen" }),
  }),
});

const RecogniseInput = builder.inputType("RecogniseInclusiveChildcareInput", {
  description: "普惠认定 — a 普惠 recognition to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键 — idempotency key" }),
    institutionId: t.globalID({ required: true, for: [InstitutionRef], description: "机构的全局ID — the institution's global ID" }),
    basis: t.field({ type: InclusiveBasisEnum, required: true, description: "依据 — basis" }),
    recognisedBy: t.string({ required: true, description: "认定部门所在区划（县级及以上） — the region whose commission recognises it (county or higher)" }),
    recognisedOn: t.field({ type: "Date", required: true, description: "认定日期 — recognised on" }),
    feeList: t.field({ type: [FeeInput], required: true, description: "收费目录清单 — the published fee list" }),
  }),
});

const ReportRef = builder.objectRef<EnrolmentReport>("ChildcareEnrolmentReport").implement({
  description: "在托月报 — a monthly enrolment report",
  fields: (t) => ({
    id: t.exposeString("id", { description: "标识 — id" }),
    month: t.exposeString("month", { description: "月份 — month" }),
    children: t.exposeInt("children", { description: "在托人数 — children reported" }),
    institution: t.field({ type: InstitutionRef, nullable: true, resolve: (r, _a, c) => c.loaders.childcare.institutionsByIds.load(r.institutionId), description: "机构 — institution" }),
  }),
});

/** A vendor client writes for its operator's institutions only; staff for any within their jurisdiction. */
function requireOperatorOf(context: Context, operatorId: string | null, what: string): void {
  const principal = context.principal;
  if (principal.kind !== "vendor") return;
  if (principal.operator === null || operatorId !== principal.operator) {
    throw gatewayError("FORBIDDEN", `${what}: input.institutionId is not run by this client's operator`, { field: "input.institutionId" });
  }
}

/** Filing decisions, inspections and 普惠 recognition are the county's: never a vendor client's. */
function requireStaff(context: Context, what: string): void {
  if (context.principal.kind === "vendor") throw gatewayError("FORBIDDEN", `${what}: only health commission staff may record this`);
}

/** The institution a write is about: existing, within the jurisdiction, and the vendor's operator's. */
async function institutionForWrite(context: Context, id: string, what: string): Promise<ChildcareInstitution> {
  const institution = await targetOfWrite(context, SCOPE, what, context.loaders.childcare.institutionsByIds.load(id), (i) => i.regionCode, "institutionId", "childcare institution");
  requireOperatorOf(context, institution.operatorId, what);
  return institution;
}

const withInstitution = <S extends z.ZodObject<{ institutionId: z.ZodString }>>(command: S) => command.omit({ institutionId: true }).extend({ institutionId: DecodedId });

builder.mutationFields((t) => ({
  fileChildcareInstitution: t.field({
    type: InstitutionRef,
    description: "托育机构首次备案（幂等） — file a new institution (idempotent by key); a vendor client files it as its operator's",
    args: {
      input: t.arg({
        type: FileInstitutionInput,
        required: true,
        validate: FileInstitutionCommand.extend({ operatorId: z.string().min(1).max(64).nullish(), premises: PremisesArg }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      authorizeWrite(context, SCOPE, input.regionCode, "fileChildcareInstitution");
      const vendor = context.principal.kind === "vendor";
      if (vendor && context.principal.operator === null) throw gatewayError("FORBIDDEN", "fileChildcareInstitution: this client acts for no operator");
      if (vendor && input.operatorId != null && input.operatorId !== context.principal.operator) {
        throw gatewayError("FORBIDDEN", "fileChildcareInstitution: input.operatorId is not this client's operator", { field: "input.operatorId" });
      }
      return sendCommand(
        context,
        { action: "FILE_CHILDCARE_INSTITUTION", entityType: "ChildcareInstitution", fields: ["name", "kind", "regionCode", "premises", "openedOn", "submittedOn"] },
        context.ports.CHILDCARE.fileInstitutions,
        { ...input, premises: toPremises(input.premises), operatorId: vendor ? context.principal.operator : (input.operatorId ?? null) },
      );
    },
  }),
  fileChildcareChange: t.field({
    type: FilingRef,
    description: "变更、注销备案（幂等） — file a change or a cancellation (idempotent by key)",
    args: {
      input: t.arg({
        type: FileChangeInput,
        required: true,
        validate: withInstitution(FileChangeCommand).extend({
          name: FileChangeCommand.shape.name.optional(),
          serviceTypes: FileChangeCommand.shape.serviceTypes.optional(),
          premises: PremisesArg.nullish(),
          closedOn: IsoDate.nullish(),
        }),
      }),
    },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "fileChildcareChange");
      const institution = await institutionForWrite(context, input.institutionId.id, "fileChildcareChange");
      return sendCommand(
        context,
        { action: "FILE_CHILDCARE_CHANGE", entityType: "ChildcareFiling", fields: ["institutionId", "kind", "submittedOn", "premises", "closedOn"] },
        context.ports.CHILDCARE.fileChanges,
        {
          ...input,
          institutionId: institution.id,
          name: input.name ?? null,
          serviceTypes: input.serviceTypes ?? null,
          premises: input.premises ? toPremises(input.premises) : null,
          closedOn: input.closedOn ?? null,
        },
      );
    },
  }),
  decideChildcareFiling: t.field({
    type: FilingRef,
    description: "备案回执或不符合告知（幂等；县级卫生健康部门） — record the county's decision on a filing (idempotent by key; health commission staff)",
    args: {
      input: t.arg({ type: DecideFilingInput, required: true, validate: withInstitution(DecideFilingCommand).extend({ receiptNumber: DecideFilingCommand.shape.receiptNumber.optional() }) }),
    },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "decideChildcareFiling");
      requireStaff(context, "decideChildcareFiling");
      const institution = await institutionForWrite(context, input.institutionId.id, "decideChildcareFiling");
      return sendCommand(
        context,
        { action: "DECIDE_CHILDCARE_FILING", entityType: "ChildcareFiling", fields: ["institutionId", "filingId", "outcome", "decidedOn", "receiptNumber"] },
        context.ports.CHILDCARE.decideFilings,
        { ...input, institutionId: institution.id, receiptNumber: input.receiptNumber ?? null },
      );
    },
  }),
  reportChildcareEnrolment: t.field({
    type: ReportRef,
    description: "在托月报（幂等；同月再报则替换） — report a month's enrolment (idempotent by key; replaces the month's earlier report)",
    args: { input: t.arg({ type: ReportEnrolmentInput, required: true, validate: withInstitution(ReportEnrolmentCommand) }) },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "reportChildcareEnrolment");
      const institution = await institutionForWrite(context, input.institutionId.id, "reportChildcareEnrolment");
      return sendCommand(
        context,
        { action: "REPORT_CHILDCARE_ENROLMENT", entityType: "ChildcareEnrolmentReport", fields: ["institutionId", "month", "children.idNumber", "children.classId"] },
        context.ports.CHILDCARE.reportEnrolments,
        { ...input, institutionId: institution.id },
      );
    },
  }),
  recordChildcareIncident: t.field({
    type: IncidentRef,
    description: "登记安全事件（幂等） — record a safety incident (idempotent by key)",
    args: { input: t.arg({ type: RecordIncidentInput, required: true, validate: withInstitution(RecordIncidentCommand) }) },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "recordChildcareIncident");
      const institution = await institutionForWrite(context, input.institutionId.id, "recordChildcareIncident");
      return sendCommand(
        context,
        { action: "RECORD_CHILDCARE_INCIDENT", entityType: "ChildcareIncident", fields: ["institutionId", "occurredOn", "kind", "severity", "major", "description"] },
        context.ports.CHILDCARE.recordIncidents,
        { ...input, institutionId: institution.id },
      );
    },
  }),
  recordChildcareInspection: t.field({
    type: InspectionRef,
    description: "登记监督检查（幂等；卫生健康部门） — record an inspection (idempotent by key; health commission staff)",
    args: { input: t.arg({ type: RecordInspectionInput, required: true, validate: withInstitution(RecordInspectionCommand) }) },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "recordChildcareInspection");
      requireStaff(context, "recordChildcareInspection");
      const institution = await institutionForWrite(context, input.institutionId.id, "recordChildcareInspection");
      return sendCommand(
        context,
        { action: "RECORD_CHILDCARE_INSPECTION", entityType: "ChildcareInspection", fields: ["institutionId", "inspectedOn", "inspector", "findings"] },
        context.ports.CHILDCARE.recordInspections,
        { ...input, institutionId: institution.id },
      );
    },
  }),
  recogniseInclusiveChildcare: t.field({
    type: RecognitionRef,
    description: "普惠认定（幂等；县级及以上卫生健康部门） — recognise an institution as 普惠 (idempotent by key; county or higher staff)",
    args: { input: t.arg({ type: RecogniseInput, required: true, validate: withInstitution(RecogniseInclusiveCommand) }) },
    resolve: async (_root, { input }, context) => {
      requireScope(context, SCOPE, "recogniseInclusiveChildcare");
      requireStaff(context, "recogniseInclusiveChildcare");
      const institution = await institutionForWrite(context, input.institutionId.id, "recogniseInclusiveChildcare");
      return sendCommand(
        context,
        { action: "RECOGNISE_INCLUSIVE_CHILDCARE", entityType: "InclusiveRecognition", fields: ["institutionId", "basis", "recognisedBy", "recognisedOn", "feeList"] },
        context.ports.CHILDCARE.recogniseInclusive,
        { ...input, institutionId: institution.id },
      );
    },
  }),
}));
